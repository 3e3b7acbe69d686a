// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ActionRecord.h"

class CliContext;

/// Prints the actions in one state as a table or JSON; returns the exit code.
namespace ActionTable {
int print(CliContext& context, ActionRecord::State state);
}
