// SPDX-License-Identifier: MIT
// The shell module: a bash-faithful analysis of shell commands (RULES.md S6). `shell::analyze`
// reports every simple command bash could run for a text (wrapped, nested and substituted ones
// included) with their words, assignments, redirections and working directories, in a fixed-size
// object and without allocating; `shell::what_runs` answers "what would this command run?";
// `shell::scan_matches` is the conservative scan used when an analysis is incomplete;
// `shell::to_json` renders an analysis; <claw/shell/operands.hpp> tells which words of known file
// and network commands are paths and hosts. The module knows nothing of permission rules.
#pragma once

#include <claw/shell/analysis.hpp>
#include <claw/shell/analyze.hpp>
#include <claw/shell/json.hpp>
#include <claw/shell/limits.hpp>
#include <claw/shell/operands.hpp>
#include <claw/shell/options.hpp>
#include <claw/shell/scan.hpp>
