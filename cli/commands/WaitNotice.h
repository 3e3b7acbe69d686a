// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/ApiError.h"

#include <QString>

/// The words the CLI prints on stderr while a request waits ("Trust Swiftly rate limit: waiting 53 s
/// (until 14:03:05)…", "… timed out; trying again in 2 s…", "still waiting for Smile ID… Ctrl-C to stop").
namespace WaitNotice {
/// A wait of delayMs before the next attempt, because of reason (a rate limit or a transient failure).
QString text(int delayMs, const ApiError& reason);
/// No answer from provider yet; elapsedMs < 0 leaves the time out (one line in a log).
QString stillWaiting(const QString& provider, int elapsedMs);
} // namespace WaitNotice
