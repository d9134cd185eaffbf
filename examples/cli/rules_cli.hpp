// SPDX-License-Identifier: MIT
// claw-port's permission rules: the options shared by `check` and the runtime commands, loading
// the policy from them, and the `check` command itself (RULES.md "claw-port check").
#pragma once

#include "args.hpp"

#include <claw/permissions/rules.hpp>

#include <optional>
#include <vector>

namespace claw_port {

/** The settings options: --cwd, --home, --settings, --managed-settings, --mode, --add-dir, --non-interactive, --override. */
std::vector<option_spec> rules_options();

/** True when the command line asks for permission rules (--settings, --managed-settings or --mode). */
bool rules_requested(const parsed_args& a);

/**
 * Loads the rules policy the options describe (discovery in --cwd and --home). `interactive`
 * says whether someone can answer an `ask`.
 * @throws claw::rules::settings_error (one line naming the file, the JSON pointer and the cause)
 */
claw::rules_policy load_rules(const parsed_args& a, bool interactive);

/** `claw-port check TOOL INPUT`: prints one line (or one JSON object) and returns the exit status. */
int run_check(const parsed_args& a);

}  // namespace claw_port
