// SPDX-License-Identifier: MIT
// The execution shims: what a mirrored command or tool "would" do, with the reference's exact
// messages. Nothing is executed; a tool denied by the permission policy never reaches its shim.
#pragma once

#include <claw/config.hpp>

#include <claw/routing/inventory.hpp>
#include <claw/text/repr.hpp>

#include <string>
#include <string_view>

CLAW_BEGIN_NAMESPACE

/** The outcome of a shim. `handled` is false for an unknown name. */
struct execution_result {
    std::string name;
    std::string source_hint;
    std::string input;  ///< the prompt (command) or payload (tool)
    bool handled = false;
    std::string message;
};

/**
 * The command shim: `Mirrored command 'review' from commands/review.ts would handle prompt '…'.`
 * Complexity: one `inventory::get` (O(n + total name length)) and O(|prompt|). Never throws but allocation.
 */
inline execution_result execute_command(const inventory& commands, std::string_view name, std::string_view prompt) {
    const module_entry* m = commands.get(name);
    if (!m) return {std::string(name), "", std::string(prompt), false, "Unknown mirrored command: " + std::string(name)};
    return {m->name, m->source_hint, std::string(prompt), true,
            "Mirrored command '" + m->name + "' from " + m->source_hint + " would handle prompt " + text::repr(prompt) + "."};
}

/**
 * The tool shim: `Mirrored tool 'MCPTool' from tools/MCPTool/MCPTool.ts would handle payload '…'.`
 * Callers check the permission policy first; see `basic_runtime` and the CLI's `exec-tool`.
 * Complexity: one `inventory::get` and O(|payload|). Never throws but allocation.
 */
inline execution_result execute_tool(const inventory& tools, std::string_view name, std::string_view payload) {
    const module_entry* m = tools.get(name);
    if (!m) return {std::string(name), "", std::string(payload), false, "Unknown mirrored tool: " + std::string(name)};
    return {m->name, m->source_hint, std::string(payload), true,
            "Mirrored tool '" + m->name + "' from " + m->source_hint + " would handle payload " + text::repr(payload) + "."};
}

CLAW_END_NAMESPACE
