// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/ApiError.h"

/// Exit codes of identitydesk-cli (docs/architecture.md section 6).
namespace ExitCode {
inline constexpr int Done = 0;
inline constexpr int Usage = 2;
inline constexpr int Rejected = 3;
inline constexpr int Network = 4;
inline constexpr int WaitingForApproval = 5;
inline constexpr int Unknown = 6;
inline constexpr int NotPermitted = 7;
/// Ctrl-C (or SIGTERM) during a bulk job: the job was paused with every row it had sent recorded
/// (the shell's 128 + SIGINT; a second Ctrl-C stops at once, as a plain Ctrl-C would).
inline constexpr int Interrupted = 130;

/// The exit code for a failed provider call.
inline int forError(const ApiError& error)
{
    switch (error.kind) {
    case ApiError::Kind::None:
        return Done;
    case ApiError::Kind::Network:
    case ApiError::Kind::Tls:
    case ApiError::Kind::Timeout:
    case ApiError::Kind::RateLimited:
    case ApiError::Kind::Cancelled:
        return Network;
    default:
        return Rejected;
    }
}
} // namespace ExitCode
