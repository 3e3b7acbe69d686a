// SPDX-License-Identifier: GPL-3.0-or-later
#include "FaultInjector.h"

FaultInjector::FaultInjector(const Faults& faults, quint64 seed)
    : m_faults(faults)
    , m_random(
          SplitMix64::mix(seed ^ 0x6661756c74730000ULL)) // "faults": a stream apart from the population's
    , m_spikes(SplitMix64::mix(seed ^ 0x7370696b65730000ULL)) // "spikes"
{}

int FaultInjector::nextLatencyMs()
{
    if (m_faults.spikeRate > 0.0 && m_spikes.nextDouble() < m_faults.spikeRate)
        return m_faults.latencyMs + m_faults.spikeMs;
    return m_faults.latencyMs;
}

FaultInjector::Action FaultInjector::next()
{
    if (m_faults.errorRate <= 0.0 && m_faults.hang <= 0.0 && m_faults.dropAfterProcessing <= 0.0)
        return Action::None;
    // One draw per request, split into consecutive bands.
    double roll = m_random.nextDouble();
    if (roll < m_faults.errorRate)
        return Action::ServerError;
    roll -= m_faults.errorRate;
    if (roll < m_faults.hang)
        return Action::Hang;
    roll -= m_faults.hang;
    if (roll < m_faults.dropAfterProcessing)
        return Action::DropAfterProcessing;
    return Action::None;
}
