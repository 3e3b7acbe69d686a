// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CliCommand.h"

class SubjectProfileService;

/// `users show ID [--provider NAME] [--json]`: the 360 document (SubjectProfileService). Prints the
/// document even when a section failed; the exit code then says so: 0 every section answered,
/// 2 unknown subject or provider, 3 a provider refused or a SECURITY WARNING (bad Smile ID
/// signature), 4 network/TLS/timeout or store.
class UsersShowCommand final : public CliCommand
{
    Q_OBJECT

public:
    using CliCommand::CliCommand;
    /// words: ID
    void run(const QStringList& words) override;

private:
    void print(const SubjectProfileService& service);
};
