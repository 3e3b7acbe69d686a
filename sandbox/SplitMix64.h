// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

/// Small seedable pseudo-random generator (splitmix64): same seed, same sequence on every platform.
class SplitMix64 final
{
public:
    explicit SplitMix64(quint64 seed)
        : m_state(seed)
    {}

    quint64 next()
    {
        m_state += kGolden;
        return mix(m_state);
    }

    /// Uniform in [0, 1).
    double nextDouble() { return static_cast<double>(next() >> 11) / 9007199254740992.0; }

    /// The splitmix64 finaliser: a stateless 64-bit hash, used to derive values from (seed, index).
    static quint64 mix(quint64 z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }

    static constexpr quint64 kGolden = 0x9E3779B97F4A7C15ULL;

private:
    quint64 m_state;
};
