// SPDX-License-Identifier: MIT
// The limits of the shell analysis (RULES.md S6.9) and the capacities of its fixed-size result.
// Every limit is a `CLAW_SHELL_*` macro that an application may define before the first claw-cpp
// include. Exceeding any of them never fails open: the analysis is marked incomplete, which means
// that no allow rule can apply and deny/ask rules are also evaluated by the conservative scan.
#pragma once

#include <claw/config.hpp>

#include <cstddef>

/** Commands longer than this many bytes are analysed for deny/ask but never complete (S6.9). */
#ifndef CLAW_SHELL_MAX_ALLOW_BYTES
#define CLAW_SHELL_MAX_ALLOW_BYTES 10000
#endif

/** Hard cap: longer commands are not analysed at all (incomplete, conservative scan only). */
#ifndef CLAW_SHELL_MAX_BYTES
#define CLAW_SHELL_MAX_BYTES 1048576
#endif

/** Reachable simple commands (exec facts), including wrapped, nested and candidate commands. */
#ifndef CLAW_SHELL_MAX_COMMANDS
#define CLAW_SHELL_MAX_COMMANDS 256
#endif

/** Syntactic nesting: compound commands, substitutions, nested scripts and wrappers. */
#ifndef CLAW_SHELL_MAX_DEPTH
#define CLAW_SHELL_MAX_DEPTH 8
#endif

/** Words stored in one analysis (argv words, assignment values, redirect targets). */
#ifndef CLAW_SHELL_MAX_WORDS
#define CLAW_SHELL_MAX_WORDS 4096
#endif

/** Redirections stored in one analysis. */
#ifndef CLAW_SHELL_MAX_REDIRECTS
#define CLAW_SHELL_MAX_REDIRECTS 256
#endif

/** Assignments (prefix and bare) stored in one analysis. */
#ifndef CLAW_SHELL_MAX_ASSIGNMENTS
#define CLAW_SHELL_MAX_ASSIGNMENTS 256
#endif

/** Bytes of text produced by the analysis (quote removal, decoded `$'...'`, nested scripts). */
#ifndef CLAW_SHELL_TEXT_CAPACITY
#define CLAW_SHELL_TEXT_CAPACITY 65536
#endif

/** Variables tracked by constant propagation at once; beyond it propagation stops (S6.4). */
#ifndef CLAW_SHELL_MAX_CONSTANTS
#define CLAW_SHELL_MAX_CONSTANTS 128
#endif

/** Working directories tracked through `cd` (S6.7); beyond it the cwd becomes unknown. */
#ifndef CLAW_SHELL_MAX_CWDS
#define CLAW_SHELL_MAX_CWDS 64
#endif

/** Function names remembered (a call may change variables); beyond it propagation stops. */
#ifndef CLAW_SHELL_MAX_FUNCTIONS
#define CLAW_SHELL_MAX_FUNCTIONS 64
#endif

/** Here-documents pending on one line. */
#ifndef CLAW_SHELL_MAX_HEREDOCS
#define CLAW_SHELL_MAX_HEREDOCS 16
#endif

CLAW_BEGIN_NAMESPACE
namespace shell {

/** The limits as constants, for code that sizes its own buffers. */
struct limits {
    static constexpr std::size_t max_allow_bytes = CLAW_SHELL_MAX_ALLOW_BYTES;
    static constexpr std::size_t max_bytes = CLAW_SHELL_MAX_BYTES;
    static constexpr std::size_t max_commands = CLAW_SHELL_MAX_COMMANDS;
    static constexpr std::size_t max_depth = CLAW_SHELL_MAX_DEPTH;
    static constexpr std::size_t max_words = CLAW_SHELL_MAX_WORDS;
    static constexpr std::size_t max_redirects = CLAW_SHELL_MAX_REDIRECTS;
    static constexpr std::size_t max_assignments = CLAW_SHELL_MAX_ASSIGNMENTS;
    static constexpr std::size_t text_capacity = CLAW_SHELL_TEXT_CAPACITY;
    static constexpr std::size_t max_constants = CLAW_SHELL_MAX_CONSTANTS;
    static constexpr std::size_t max_cwds = CLAW_SHELL_MAX_CWDS;
    static constexpr std::size_t max_functions = CLAW_SHELL_MAX_FUNCTIONS;
    static constexpr std::size_t max_heredocs = CLAW_SHELL_MAX_HEREDOCS;
    static_assert(max_commands > 0 && max_words > 0 && max_depth > 0, "shell limits must be positive");
    static_assert(max_commands < 32768 && max_words < (1u << 30), "shell limits too large for the fact model");
};

}  // namespace shell
CLAW_END_NAMESPACE
