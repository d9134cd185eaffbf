// SPDX-License-Identifier: MIT
// The reference's views of an inventory: the tool listing filters (simple mode, no MCP, deny
// list), the command filters (no plugin, no skill commands), the tool pool and the command graph.
#pragma once

#include <claw/config.hpp>

#include <claw/permissions/tool_permission_context.hpp>
#include <claw/routing/inventory.hpp>

#include <algorithm>
#include <string_view>
#include <vector>

CLAW_BEGIN_NAMESPACE

namespace detail {
inline bool contains_ci(std::string_view lowered_text, std::string_view lowered_needle) {
    return lowered_text.find(lowered_needle) != std::string_view::npos;
}
}  // namespace detail

/**
 * Tools after the reference's filters, in this order: simple mode keeps exactly `BashTool`,
 * `FileReadTool` and `FileEditTool` (case-sensitive); without MCP, entries whose lowercased name or
 * source hint contains `mcp` are dropped; then the deny-list context removes blocked names.
 * O(n) entries visited, each test linear in the entry's name and hint, plus the copies of the
 * kept entries. Never throws but allocation.
 */
[[nodiscard]] inline std::vector<module_entry> select_tools(const inventory& tools, bool simple_mode = false, bool include_mcp = true,
                                              const tool_permission_context& deny = {}) {
    std::vector<module_entry> out;
    for (std::size_t i = 0; i < tools.size(); ++i) {
        const module_entry& e = tools[i];
        if (simple_mode && e.name != "BashTool" && e.name != "FileReadTool" && e.name != "FileEditTool") continue;
        if (!include_mcp && (detail::contains_ci(tools.lowered_name(i), "mcp") ||
                             detail::contains_ci(tools.lowered_hint(i), "mcp")))
            continue;
        if (deny.blocks(e.name)) continue;
        out.push_back(e);
    }
    return out;
}

/**
 * Commands without plugin commands (source hint holds `plugin`) and/or skill commands (`skills`).
 * Complexity: O(n) entries, each test linear in its hint, plus the copies of the kept entries.
 * Never throws but allocation.
 */
[[nodiscard]] inline std::vector<module_entry> select_commands(const inventory& commands, bool include_plugin_commands = true,
                                                 bool include_skill_commands = true) {
    std::vector<module_entry> out;
    for (std::size_t i = 0; i < commands.size(); ++i) {
        if (!include_plugin_commands && detail::contains_ci(commands.lowered_hint(i), "plugin")) continue;
        if (!include_skill_commands && detail::contains_ci(commands.lowered_hint(i), "skills")) continue;
        out.push_back(commands[i]);
    }
    return out;
}

/** The tools assembled for a session, with the filters that produced them. */
struct tool_pool {
    std::vector<module_entry> tools;
    bool simple_mode = false;
    bool include_mcp = true;
};

/** Assembles the tool pool (the reference's `assemble_tool_pool`). Complexity and exceptions: as `select_tools`. */
[[nodiscard]] inline tool_pool assemble_tool_pool(const inventory& tools, bool simple_mode = false, bool include_mcp = true,
                                    const tool_permission_context& deny = {}) {
    return {select_tools(tools, simple_mode, include_mcp, deny), simple_mode, include_mcp};
}

/** Commands split by origin, on the lowercased source hint. */
struct command_graph {
    std::vector<module_entry> builtins;     ///< neither `plugin` nor `skills`
    std::vector<module_entry> plugin_like;  ///< `plugin`
    std::vector<module_entry> skill_like;   ///< `skills`
};

/**
 * Builds the command graph (the reference's `build_command_graph`). Complexity: O(n) entries,
 * each test linear in its hint, plus the copies. Never throws but allocation.
 */
[[nodiscard]] inline command_graph build_command_graph(const inventory& commands) {
    command_graph g;
    for (std::size_t i = 0; i < commands.size(); ++i) {
        const bool plugin = detail::contains_ci(commands.lowered_hint(i), "plugin");
        const bool skills = detail::contains_ci(commands.lowered_hint(i), "skills");
        if (!plugin && !skills) g.builtins.push_back(commands[i]);
        if (plugin) g.plugin_like.push_back(commands[i]);
        if (skills) g.skill_like.push_back(commands[i]);
    }
    return g;
}

/**
 * Number of distinct command names (the reference's built-in command names). Complexity:
 * O(n log n) name comparisons. Never throws but allocation.
 */
[[nodiscard]] inline std::size_t distinct_names(const inventory& inv) {
    std::vector<std::string_view> names;
    for (const auto& e : inv) names.push_back(e.name);
    std::sort(names.begin(), names.end());
    return static_cast<std::size_t>(std::unique(names.begin(), names.end()) - names.begin());
}

CLAW_END_NAMESPACE
