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

    /// Why ID cannot name anyone, or empty: an empty ID never can; with --provider, the provider's own
    /// id grammar (the one its actions use); without, a subject reference's.
    static QString idProblem(const QString& id, const QString& provider);

private:
    void print(const SubjectProfileService& service);
};
