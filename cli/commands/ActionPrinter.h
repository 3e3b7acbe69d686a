// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ActionRecord.h"

#include <QJsonObject>
#include <QString>

class ActionTicket;
class CliContext;

/// How the CLI reports an action: text or JSON, and the exit code docs/architecture.md section 6 gives it.
namespace ActionPrinter {
QJsonObject toJson(const ActionRecord& record);
/// Prints the finished ticket and returns the exit code.
int report(CliContext& context, const ActionTicket& ticket);
int exitCodeFor(const ActionTicket& ticket);
} // namespace ActionPrinter
