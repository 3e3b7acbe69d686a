// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/ApiError.h"

#include <QString>

/// The line the CLI prints on stderr while a request waits: "waiting for rate limit (Ns)…".
namespace WaitNotice {
QString text(int delayMs, const ApiError& reason);
} // namespace WaitNotice
