// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CliCommand.h"

/// `smartid unenroll USER --reason TEXT` (needs a supervisor's approval under the default policy)
class SmartIdCommand final : public CliCommand
{
    Q_OBJECT

public:
    using CliCommand::CliCommand;
    void run(const QStringList& words) override;
};
