// SPDX-License-Identifier: MIT
// Markdown and text renderers for the reference's reports: setup report, system init message,
// tool pool, command graph, bootstrap graph, session history and the workspace summary. Where the
// reference printed Python's interpreter and platform, claw-cpp prints its own.
#pragma once

#include <claw/config.hpp>

#include <claw/detail/lines.hpp>
#include <claw/init.hpp>
#include <claw/runtime/environment.hpp>
#include <claw/routing/inventory.hpp>
#include <claw/routing/selection.hpp>
#include <claw/version.hpp>

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

CLAW_BEGIN_NAMESPACE


/** The reference's `# Setup Report`, with claw-cpp's runtime in place of Python's. O(size of the report), one `uname`; never throws but allocation. */
inline std::string setup_report_markdown(const setup_report& r) {
    std::vector<std::string> lines{"# Setup Report", "", "- Runtime: " + runtime_description(),
                                   "- Platform: " + platform_name(),
                                   std::string("- Trusted mode: ") + python_bool(r.trusted), "- CWD: " + r.cwd.string(),
                                   ""};
    for (auto& l : r.lines()) lines.push_back(std::move(l));
    return detail::join_lines(lines);
}

/** The reference's `# Tool Pool`: the filters, the count and the first 15 tools. O(size of the report); never throws but allocation. */
inline std::string tool_pool_markdown(const tool_pool& pool) {
    std::vector<std::string> lines{"# Tool Pool", "", std::string("Simple mode: ") + python_bool(pool.simple_mode),
                                   std::string("Include MCP: ") + python_bool(pool.include_mcp),
                                   "Tool count: " + std::to_string(pool.tools.size())};
    for (std::size_t i = 0; i < pool.tools.size() && i < 15; ++i)
        lines.push_back("- " + pool.tools[i].name + " \u2014 " + pool.tools[i].source_hint);
    return detail::join_lines(lines);
}

/** The reference's `# Command Graph`. Constant; never throws but allocation. */
inline std::string command_graph_markdown(const command_graph& g) {
    return detail::join_lines({"# Command Graph", "", "Builtins: " + std::to_string(g.builtins.size()),
                               "Plugin-like commands: " + std::to_string(g.plugin_like.size()),
                               "Skill-like commands: " + std::to_string(g.skill_like.size())});
}

/** The stages of the mirrored bootstrap, as the reference lists them. */
inline constexpr std::array<std::string_view, 7> bootstrap_stages{
    "top-level prefetch side effects",
    "warning handler and environment guards",
    "CLI parser and pre-action trust gate",
    "setup() + commands/agents parallel load",
    "deferred init after trust",
    "mode routing: local / remote / ssh / teleport / direct-connect / deep-link",
    "query engine submit loop"};

/** The reference's `# Bootstrap Graph`. Constant; never throws but allocation. */
inline std::string bootstrap_graph_markdown() {
    std::vector<std::string> lines{"# Bootstrap Graph", ""};
    for (const auto s : bootstrap_stages) lines.push_back("- " + std::string(s));
    return detail::join_lines(lines);
}

namespace detail {
inline void backlog_lines(std::vector<std::string>& lines, const inventory& inv) {
    for (std::size_t i = 0; i < inv.size() && i < 10; ++i)
        lines.push_back("- " + inv[i].name + " [" + inv[i].status + "] \u2014 " + inv[i].responsibility + " (from " +
                        inv[i].source_hint + ")");
}
}  // namespace detail

/** What `summary_markdown` reads of an engine (any `basic_query_engine<S>` has it). */
template <class E>
concept summarizable_engine = requires(const E& e) {
    { e.session_id() } -> std::convertible_to<std::string>;
    { e.messages().size() } -> std::convertible_to<std::size_t>;
    { e.permission_denials().size() } -> std::convertible_to<std::size_t>;
    { e.total_usage().input_tokens } -> std::convertible_to<std::int64_t>;
    { e.total_usage().output_tokens } -> std::convertible_to<std::int64_t>;
    { e.config().max_turns } -> std::convertible_to<long long>;
    { e.config().max_budget_tokens } -> std::convertible_to<long long>;
    { e.transcript().flushed() } -> std::convertible_to<bool>;
};

/**
 * The workspace summary (the reference's `render_summary`) for an engine and its inventories.
 * O(size of the report): at most ten entries of each inventory are shown; one `uname`. Never
 * throws but allocation.
 */
template <summarizable_engine Engine>
std::string summary_markdown(const Engine& engine, const inventory& commands, const inventory& tools) {
    std::vector<std::string> lines{"# Porting Workspace Summary", "", "Runtime: " + runtime_description(),
                                   "Platform: " + platform_name(), "",
                                   "Command surface: " + std::to_string(commands.size()) + " mirrored entries"};
    detail::backlog_lines(lines, commands);
    lines.emplace_back();
    lines.push_back("Tool surface: " + std::to_string(tools.size()) + " mirrored entries");
    detail::backlog_lines(lines, tools);
    lines.emplace_back();
    lines.push_back("Session id: " + engine.session_id());
    lines.push_back("Conversation turns stored: " + std::to_string(engine.messages().size()));
    lines.push_back("Permission denials tracked: " + std::to_string(engine.permission_denials().size()));
    lines.push_back("Usage totals: in=" + std::to_string(engine.total_usage().input_tokens) +
                    " out=" + std::to_string(engine.total_usage().output_tokens));
    lines.push_back("Max turns: " + std::to_string(engine.config().max_turns));
    lines.push_back("Max budget tokens: " + std::to_string(engine.config().max_budget_tokens));
    lines.push_back(std::string("Transcript flushed: ") + python_bool(engine.transcript().flushed()));
    return detail::join_lines(lines);
}

CLAW_END_NAMESPACE
