// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "widgets/MessageBanner.h"

#include <QCoreApplication>
#include <QString>

class ActionTicket;
struct ApiError;

/// One sentence for where an action ended up (succeeded, already in state, waiting for approval,
/// unresolved, refused …), with the banner level that fits it.
class ActionResultText final
{
    Q_DECLARE_TR_FUNCTIONS(ActionResultText)

public:
    struct Text
    {
        MessageBanner::Level level = MessageBanner::Level::Info;
        QString text;
    };

    ActionResultText() = delete;

    /// For a finished ticket.
    static Text forTicket(const ActionTicket& ticket);
    /// For ActionTicket::waiting: a rate limit (the provider's or the console's) or a retry.
    static Text forWaiting(int attempt, int delayMs, const ApiError& reason);
};
