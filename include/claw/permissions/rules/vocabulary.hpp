// SPDX-License-Identifier: MIT
// The words of the rules policy (RULES.md): permission modes with their accepted spellings, the
// three rule lists, the settings layers in precedence order, the capability classes and tool
// kinds, and the codes that say why a decision was taken. Each has a stable English name, used in
// reasons, in `claw-port check --json` and in the audit log.
#pragma once

#include <claw/config.hpp>

#include <array>
#include <optional>
#include <string_view>

CLAW_BEGIN_NAMESPACE
namespace rules {

/**
 * A permission mode (RULES.md S11). `dont_ask` is `default_mode` without an approver: every final
 * `ask` becomes `deny`. `read_only` is a real ceiling: no allow rule lifts it.
 */
enum class permission_mode : unsigned char { read_only, default_mode, workspace_write, danger_full_access, dont_ask };

/** The canonical name of a mode: `read-only`, `default`, `workspace-write`, `danger-full-access`, `dont-ask`. */
constexpr std::string_view mode_name(permission_mode m) noexcept {
    switch (m) {
        case permission_mode::read_only: return "read-only";
        case permission_mode::default_mode: return "default";
        case permission_mode::workspace_write: return "workspace-write";
        case permission_mode::danger_full_access: return "danger-full-access";
        case permission_mode::dont_ask: return "dont-ask";
    }
    return "default";
}

/**
 * Reads a mode: the canonical names and exactly these aliases (S11.1): `plan` (read-only),
 * `manual` and `prompt` (default), `acceptEdits` and `accept-edits` (workspace-write),
 * `bypassPermissions` (danger-full-access), `dontAsk` (dont-ask). Anything else, `auto` included,
 * is not a mode: the caller fails closed.
 */
constexpr std::optional<permission_mode> parse_mode(std::string_view s) noexcept {
    struct spelling {
        std::string_view text;
        permission_mode mode;
    };
    constexpr std::array<spelling, 12> spellings{{
        {"read-only", permission_mode::read_only},
        {"plan", permission_mode::read_only},
        {"default", permission_mode::default_mode},
        {"manual", permission_mode::default_mode},
        {"prompt", permission_mode::default_mode},
        {"workspace-write", permission_mode::workspace_write},
        {"acceptEdits", permission_mode::workspace_write},
        {"accept-edits", permission_mode::workspace_write},
        {"danger-full-access", permission_mode::danger_full_access},
        {"bypassPermissions", permission_mode::danger_full_access},
        {"dont-ask", permission_mode::dont_ask},
        {"dontAsk", permission_mode::dont_ask},
    }};
    for (const auto& sp : spellings)
        if (sp.text == s) return sp.mode;
    return std::nullopt;
}

/** The list a rule was written in. */
enum class rule_list : unsigned char { allow, ask, deny };

constexpr std::string_view list_name(rule_list l) noexcept {
    switch (l) {
        case rule_list::allow: return "allow";
        case rule_list::ask: return "ask";
        case rule_list::deny: return "deny";
    }
    return "allow";
}

/** Settings layers, highest precedence first (S2.1). */
enum class settings_layer : unsigned char { managed, cli, local, project, user };

constexpr std::string_view layer_name(settings_layer l) noexcept {
    switch (l) {
        case settings_layer::managed: return "managed";
        case settings_layer::cli: return "cli";
        case settings_layer::local: return "local";
        case settings_layer::project: return "project";
        case settings_layer::user: return "user";
    }
    return "cli";
}

/** Reads a layer name (`managed`, `cli`, `local`, `project`, `user`). */
constexpr std::optional<settings_layer> parse_layer(std::string_view s) noexcept {
    for (const auto l : {settings_layer::managed, settings_layer::cli, settings_layer::local, settings_layer::project,
                         settings_layer::user})
        if (layer_name(l) == s) return l;
    return std::nullopt;
}

/** What a fact does, for the mode baselines (S11.2). */
enum class capability : unsigned char { read, write, exec, network, other };

constexpr std::string_view capability_name(capability c) noexcept {
    switch (c) {
        case capability::read: return "read";
        case capability::write: return "write";
        case capability::exec: return "exec";
        case capability::network: return "network";
        case capability::other: return "other";
    }
    return "other";
}

/** How a tool's rules and subject are read (S4.1). */
enum class tool_kind : unsigned char { shell, read, edit, web_fetch, mcp, agent, other };

constexpr std::string_view kind_name(tool_kind k) noexcept {
    switch (k) {
        case tool_kind::shell: return "shell";
        case tool_kind::read: return "read";
        case tool_kind::edit: return "edit";
        case tool_kind::web_fetch: return "web_fetch";
        case tool_kind::mcp: return "mcp";
        case tool_kind::agent: return "agent";
        case tool_kind::other: return "other";
    }
    return "other";
}

/** Why a decision was taken (S14.1). */
enum class decision_code : unsigned char {
    deny_rule,            ///< a deny rule matched
    ask_rule,             ///< an ask rule matched
    allow_rule,           ///< every fact was covered by allow rules (or baselines that allow)
    builtin_read_only,    ///< a built-in read-only command (S12)
    mode_baseline,        ///< the mode's baseline for a fact no allow rule covered
    mode_ceiling,         ///< the mode forbids this whatever the rules (read-only)
    critical_path,        ///< removal of a critical path (S10.1)
    protected_path,       ///< a write to a protected path (S10.2)
    incomplete_analysis,  ///< the command could not be fully analysed (S6.9, S10.3)
    opaque_program,       ///< a program whose name is only known at run time (S10.3)
    sandbox_escape,       ///< a parameter that relaxes isolation (S10.4)
    noninteractive,       ///< an ask with nobody to ask (S11.3)
    malformed_input,      ///< the tool's input could not be read (S5.2)
    unknown_tool,         ///< a tool nothing is known about
    override_verdict,     ///< an external override (hook) decided (S11.4)
    configuration_error,  ///< the configuration could not be loaded: fail closed (S2.7)
    other_policy,         ///< a policy without explanations decided (the bash gate, a deny list, ...)
    approver,             ///< the runtime's approver answered an `ask`
};

constexpr std::string_view code_name(decision_code c) noexcept {
    switch (c) {
        case decision_code::deny_rule: return "deny_rule";
        case decision_code::ask_rule: return "ask_rule";
        case decision_code::allow_rule: return "allow_rule";
        case decision_code::builtin_read_only: return "builtin_read_only";
        case decision_code::mode_baseline: return "mode_baseline";
        case decision_code::mode_ceiling: return "mode_ceiling";
        case decision_code::critical_path: return "critical_path";
        case decision_code::protected_path: return "protected_path";
        case decision_code::incomplete_analysis: return "incomplete_analysis";
        case decision_code::opaque_program: return "opaque_program";
        case decision_code::sandbox_escape: return "sandbox_escape";
        case decision_code::noninteractive: return "noninteractive";
        case decision_code::malformed_input: return "malformed_input";
        case decision_code::unknown_tool: return "unknown_tool";
        case decision_code::override_verdict: return "override";
        case decision_code::configuration_error: return "configuration_error";
        case decision_code::other_policy: return "other_policy";
        case decision_code::approver: return "approver";
    }
    return "unknown";
}

}  // namespace rules
CLAW_END_NAMESPACE
