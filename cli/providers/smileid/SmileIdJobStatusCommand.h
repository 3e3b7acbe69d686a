// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CliCommand.h"

/// `smileid job-status USER_ID JOB_ID [--history] [--image-links]`: Smile ID's job status with its
/// signature verified. Exit codes: 0 done, 3 provider error or a SECURITY WARNING (answer with a
/// missing or wrong signature: docs/architecture.md counts a bad signature as an Auth error), 4
/// network/TLS/timeout.
class SmileIdJobStatusCommand final : public CliCommand
{
    Q_OBJECT

public:
    using CliCommand::CliCommand;
    /// words: USER_ID JOB_ID
    void run(const QStringList& words) override;
};
