// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <optional>

/// Fault injection settings, parsed from `--faults latency=200,error-rate=0.05,
/// drop-after-processing=0.01,hang=0.01,spike=0.02:1500,rate-limit=60/min`.
struct Faults
{
    int latencyMs = 0;              ///< delay before every answer
    double errorRate = 0.0;         ///< share of requests answered 500 before processing
    double dropAfterProcessing = 0; ///< share processed, then the connection is closed without an answer
    double hang = 0.0;              ///< share never processed nor answered (the connection stays open)
    double spikeRate = 0.0;         ///< share of answers delayed by spikeMs more (a latency spike)
    int spikeMs = 0;
    int rateLimitPerMinute = 0; ///< 0 = the provider's own generous default

    bool isEmpty() const;
    /// Back to the `--faults` syntax.
    QString toString() const;

    /// Parses a spec; an empty spec means no faults. On error returns nullopt and says why.
    static std::optional<Faults> parse(const QString& spec, QString* error = nullptr);
};
