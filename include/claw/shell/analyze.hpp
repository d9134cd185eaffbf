// SPDX-License-Identifier: MIT
// The entry points of the shell analysis: `analyze` fills a caller's `analysis` (or a
// thread-local one) with every simple command bash could run for a text, without allocating;
// `what_runs` is the allocating convenience answer to "what would this command run?".
#pragma once

#include <claw/config.hpp>
#include <claw/shell/analysis.hpp>
#include <claw/shell/detail/analyzer.hpp>
#include <claw/shell/detail/commands.hpp>
#include <claw/shell/options.hpp>

#include <string>
#include <string_view>
#include <vector>

CLAW_BEGIN_NAMESPACE
namespace shell {

/**
 * Analyses `text` as bash would read it (RULES.md S6) into `out`, replacing its previous content.
 *
 * Contract: never throws, never allocates; O(n) in the text for each nesting level (at most
 * CLAW_SHELL_MAX_DEPTH), recursion bounded by the same limit. The result lists every simple command
 * bash could run (including wrapped, nested and substituted commands) as exec facts; anything the
 * analysis cannot vouch for (syntax error, a limit, a construct that changes later parsing)
 * leaves `out.complete() == false`, and then no allow rule may apply (S6.9). Bytes are bytes: invalid
 * UTF-8, NUL, CR and non-ASCII spaces are ordinary word characters, as in bash. `text` must outlive
 * `out`'s use (words view into it).
 */
inline void analyze(std::string_view text, analysis& out, const analysis_options& options = {}) noexcept {
    detail::analyzer a(out, options);
    a.run(text);
    if (a.start_values_unsure()) {  // `$PWD`/`$HOME` were taken as the start folders, then the text may change them
        detail::analyzer again(out, options);
        again.without_start_values();
        again.run(text);
    }
}

/**
 * `analyze` into a thread-local `analysis` (one per thread, reused: the reference is valid until the
 * next call in the same thread). The arena is static thread storage, created on the thread's first
 * call; no operator new is involved.
 */
inline const analysis& analyze(std::string_view text, const analysis_options& options = {}) noexcept {
    thread_local analysis arena;
    analyze(text, arena, options);
    return arena;
}

/** One command in the answer of `what_runs`. */
struct runnable {
    std::vector<std::string> argv;  ///< literal words as bash passes them; opaque words as written
    std::vector<bool> literal;      ///< per word: its value is known
    std::string name;               ///< basename of argv0 (empty when unresolvable)
    bool deny_only = false;         ///< a possible command (environment runner, unknown wrapper option)
    bool transparent = false;       ///< a transparent wrapper (its inner command follows)
    std::size_t depth = 0;
};

/** The answer to "what would this command run?". */
struct run_list {
    std::vector<runnable> commands;
    bool complete = true;
    std::string reason;  ///< why it is incomplete, empty when complete
};

/**
 * Every simple command bash could run for `text`, in the order bash reaches them (substitutions
 * before the command that contains them). Allocates; throws std::bad_alloc only.
 */
inline run_list what_runs(std::string_view text, const analysis_options& options = {}) {
    const analysis& a = analyze(text, options);
    run_list out;
    out.complete = a.complete();
    if (!out.complete) out.reason = std::string(describe(a.reason()));
    for (const command& c : a.commands()) {
        runnable r;
        for (const word& w : a.argv(c)) {
            r.argv.emplace_back(w.text);
            r.literal.push_back(w.literal());
        }
        r.name = std::string(c.name);
        if (c.unresolvable()) r.name.clear();
        r.deny_only = c.deny_only();
        r.transparent = c.has(command_flags::transparent);
        r.depth = c.depth;
        out.commands.push_back(std::move(r));
    }
    return out;
}

}  // namespace shell
CLAW_END_NAMESPACE
