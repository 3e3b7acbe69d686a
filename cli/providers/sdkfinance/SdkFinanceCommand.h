// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CliCommand.h"
#include "CliCommandSpec.h"

struct ActionRequest;
class ActionService;
class SdkFinanceClient;

/// `sdkfinance requests [--status PENDING] [--page N] [--limit N]`,
/// `sdkfinance reset USER_ID --field PATH [--field PATH …] --reason TEXT`,
/// `sdkfinance approve|decline USER_ID REQUEST_ID --reason TEXT`.
class SdkFinanceCommand final : public CliCommand
{
    Q_OBJECT

public:
    using CliCommand::CliCommand;
    /// What identitydesk-cli lists, parses and completes for this command.
    static CliCommandSpec spec();
    void run(const QStringList& words) override;

private:
    void listRequests();
    void submit(const ActionRequest& request);
    /// Nullptr (and finished() emitted) when the profile has no 'sdkfinance' section.
    SdkFinanceClient* client();
    void usageError(const QString& message);
};
