// SPDX-License-Identifier: MIT
// The limits of the shell analysis (RULES.md S6.9) and the capacities of its fixed-size result.
// Every limit is a `CLAW_SHELL_*` macro that an application may define before the first claw-cpp
// include. Exceeding any of them never fails open: the analysis is marked incomplete, which means
// that no allow rule can apply and deny rules are also evaluated by the conservative scan.
#pragma once

#include <claw/config.hpp>

#include <cstddef>

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
    static constexpr std::size_t max_loop_values = CLAW_SHELL_MAX_LOOP_VALUES;
    static_assert(max_commands > 0 && max_words > 0 && max_depth > 0, "shell limits must be positive");
    static_assert(max_commands < 32768 && max_words < (1u << 30), "shell limits too large for the fact model");
};

}  // namespace shell
CLAW_END_NAMESPACE
