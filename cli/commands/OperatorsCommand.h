// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CliCommand.h"
#include "CliCommandSpec.h"
#include "domain/Operator.h"

#include <optional>

/// `operators add NAME --role officer|supervisor|auditor | operators list`
class OperatorsCommand final : public CliCommand
{
    Q_OBJECT

public:
    using CliCommand::CliCommand;
    /// What identitydesk-cli lists, parses and completes for this command.
    static CliCommandSpec spec();
    void run(const QStringList& words) override;

private:
    /// The signed-in operator of a command that needs --reason; nothing (and *code) otherwise.
    std::optional<Operator> signedInWithReason(int* code);
    int add(const QString& name);
    int list();
    /// operators deactivate|activate NAME --reason TEXT
    int setActive(const QString& name, bool active);
    /// operators set-role NAME ROLE --reason TEXT: making a supervisor waits for a second one
    int setRole(const QString& name, const QString& role);
    /// operators password [NAME]: one's own, or (a supervisor) anyone's
    int password(const QString& name);
};
