// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ActionOutcome.h"
#include "net/HttpResult.h"

/// The provider-independent part of reading an answer: transport failures and unknown outcomes.
namespace OutcomeRules {
/// For a failed result: NotSent when the request provably changed nothing, Unknown when it may
/// have been processed (timeout, connection lost after sending), otherwise Rejected.
ActionOutcome fromError(const ApiError& error);
} // namespace OutcomeRules
