// SPDX-License-Identifier: MIT
// The explained decision of the rules policy (RULES.md S14): a fixed-size record of the verdict,
// the code that says why, the rule and the file it came from, and the fact that triggered it.
// Filling it never allocates; `format_reason` (which allocates) renders the long, one-line form
// for logs, prompts and `claw-port check`.
#pragma once

#include <claw/config.hpp>
#include <claw/permissions/policy.hpp>
#include <claw/permissions/rules/vocabulary.hpp>
#include <claw/text/repr.hpp>

#include <cstdint>
#include <string>
#include <string_view>

CLAW_BEGIN_NAMESPACE
namespace rules {

/** What a record says about the rule that decided (views into the policy's own storage). */
struct rule_info {
    std::string_view text;     ///< the rule as written
    rule_list list = rule_list::allow;
    settings_layer layer = settings_layer::cli;
    std::string_view file;     ///< the settings file (or description) it came from
    std::uint32_t index = 0;   ///< position in its list in that file
    std::string_view pointer;  ///< JSON pointer, e.g. `/permissions/deny/2`
    std::uint32_t line = 0;
};

/** The kind of fact a decision is about. */
enum class fact_kind : unsigned char { none, tool, exec, read, write, network };

constexpr std::string_view fact_name(fact_kind k) noexcept {
    switch (k) {
        case fact_kind::none: return "none";
        case fact_kind::tool: return "tool";
        case fact_kind::exec: return "exec";
        case fact_kind::read: return "read";
        case fact_kind::write: return "write";
        case fact_kind::network: return "network";
    }
    return "none";
}

/**
 * A decision with its explanation. Fixed size; every view points into the policy (which must
 * outlive the record) or is empty. `begin`/`end` locate the fact in the request's subject (the
 * command, path or URL), so the caller can show it.
 */
struct decision_record {
    verdict what = verdict::allow;
    decision_code code = decision_code::mode_baseline;
    permission_mode mode = permission_mode::default_mode;
    std::string_view reason;  ///< the same text as `decision::reason`
    bool has_rule = false;
    rule_info rule;
    fact_kind fact = fact_kind::none;
    std::uint32_t begin = 0;  ///< byte range of the fact in the subject
    std::uint32_t end = 0;
    std::uint16_t command = 0;   ///< for shell facts: 1-based ordinal of the reachable command
    std::uint16_t commands = 0;  ///< for shell subjects: how many reachable commands there are
    std::uint8_t depth = 0;      ///< nesting depth of that command (0: written at the top level)
    bool complete = true;        ///< for shell subjects: the analysis was complete
    bool overridden = false;     ///< an external override changed the verdict

    /** The record of a decision taken by a policy that does not explain itself. */
    static constexpr decision_record from_decision(const decision& d) noexcept {
        decision_record r;
        r.what = d.what;
        r.reason = d.reason;
        r.code = d.allowed() ? decision_code::allow_rule : decision_code::other_policy;
        return r;
    }
};

/**
 * The long, human-readable explanation of a record for the request's subject, on one line:
 *
 *     rule 'Bash(rm *)' [deny #2, user /home/u/.claw/settings.json] matched 'rm -rf build' (command 2 of 2)
 *     'curl https://example.com' is not covered by an allow rule (mode workspace-write asks for commands)
 *
 * The verdict word is not included (callers print `deny: ` etc. before it). Text taken from the
 * subject is shown with Python `repr` quoting, so it never spans lines.
 */
inline std::string format_reason(const decision_record& r, std::string_view subject) {
    const bool in_range = r.end > r.begin && r.end <= subject.size();
    const std::string excerpt = in_range ? text::repr(subject.substr(r.begin, r.end - r.begin)) : std::string{};
    std::string out;
    if (r.has_rule && !excerpt.empty()) {
        out = std::string(r.reason) + " matched " + excerpt;
    } else if ((r.code == decision_code::mode_baseline || r.code == decision_code::builtin_read_only) && !excerpt.empty()) {
        out = excerpt + " " + std::string(r.reason);
    } else if (!excerpt.empty() && r.code != decision_code::allow_rule && r.code != decision_code::malformed_input &&
               r.code != decision_code::configuration_error) {
        out = std::string(r.reason) + " \u2014 " + excerpt;
    } else {
        out = std::string(r.reason);
    }
    if (r.commands > 1 && r.command > 0)
        out += " (command " + std::to_string(r.command) + " of " + std::to_string(r.commands) + ")";
    return out;
}

}  // namespace rules
CLAW_END_NAMESPACE
