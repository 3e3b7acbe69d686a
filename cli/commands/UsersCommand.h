// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CliCommand.h"
#include "CliCommandSpec.h"

#include <memory>

class SubjectService;

/// `users search TEXT [--provider NAME|index] [--limit N]` and `users show`
class UsersCommand final : public CliCommand
{
    Q_OBJECT

public:
    using CliCommand::CliCommand;
    ~UsersCommand() override;
    /// What identitydesk-cli lists, parses and completes for this command.
    static CliCommandSpec spec();
    void run(const QStringList& words) override;

private:
    /// The console's federated search (FederatedSearchCommand); only the index when indexOnly.
    void searchFederated(const QString& text, int limit, bool indexOnly);

    std::unique_ptr<SubjectService> m_subjects;
};
