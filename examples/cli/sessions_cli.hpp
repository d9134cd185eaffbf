// SPDX-License-Identifier: MIT
// claw-port's `sessions` command group, on whichever store --store names: list, show, rm, prune
// and copy (migration between stores).
#pragma once

#include "args.hpp"
#include "stores.hpp"

#include <chrono>
#include <string>

namespace claw_port {

/** The `sessions` command group and its subcommands, for the program's spec. */
command_spec sessions_command();

/**
 * Runs `sessions <subcommand>` on `store`. `scope` is the --scope value (the default scope of a
 * `postgres:` destination of `copy`). Returns the exit status: 0, or 1 when a named session did
 * not exist or could not be copied (each named on standard error).
 * @throws usage_error for invalid values, claw::error from the stores.
 */
int run_sessions(const parsed_args& a, store_handle& store, const std::string& scope);

/** The time as UTC ISO 8601 with milliseconds, e.g. `2025-06-01T12:00:00.250Z`. */
std::string utc_iso8601(std::chrono::system_clock::time_point t);

}  // namespace claw_port
