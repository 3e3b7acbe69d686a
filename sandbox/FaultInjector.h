// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Faults.h"
#include "SplitMix64.h"

/// Decides, request by request, which injected fault applies. Deterministic for a given seed.
class FaultInjector final
{
public:
    enum class Action
    {
        None,                ///< answer normally
        ServerError,         ///< answer 500 without processing
        Hang,                ///< neither process nor answer
        DropAfterProcessing, ///< process, then close the connection without answering
    };

    explicit FaultInjector(const Faults& faults = {}, quint64 seed = 1);

    Action next();
    /// The delay before this answer: the latency, plus a spike now and then.
    int nextLatencyMs();
    const Faults& faults() const { return m_faults; }

private:
    Faults m_faults;
    SplitMix64 m_random;
    SplitMix64 m_spikes; ///< its own stream: spikes do not shift the sequence of the other faults
};
