// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CliCommand.h"

/// `operators add NAME --role officer|supervisor|auditor | operators list`
class OperatorsCommand final : public CliCommand
{
    Q_OBJECT

public:
    using CliCommand::CliCommand;
    void run(const QStringList& words) override;

private:
    int add(const QString& name);
    int list();
};
