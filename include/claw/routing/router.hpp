// SPDX-License-Identifier: MIT
// Prompt routing, exactly as the reference: tokens from the prompt (`/` and `-` become spaces,
// Python whitespace split, lowercased, de-duplicated) are scored against every entry, and the best
// command and best tool come first, then the rest by score.
#pragma once

#include <claw/error.hpp>
#include <claw/routing/inventory.hpp>
#include <claw/text/lower.hpp>
#include <claw/text/split.hpp>

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace claw {

/** One routed entry. `kind` is "command" or "tool". */
struct routed_match {
    std::string kind;
    std::string name;
    std::string source_hint;
    int score = 0;
    friend bool operator==(const routed_match&, const routed_match&) = default;
};

/**
 * The distinct lowercased tokens of a prompt: every `/` and `-` replaced by a space, split on
 * Python whitespace, each token lowercased, duplicates removed (first occurrence kept).
 */
inline std::vector<std::string> prompt_tokens(std::string_view prompt) {
    std::string spaced(prompt);
    std::replace(spaced.begin(), spaced.end(), '/', ' ');
    std::replace(spaced.begin(), spaced.end(), '-', ' ');
    std::vector<std::string> tokens;
    text::for_each_token(spaced, [&](std::string_view t) {
        std::string low = text::lower(t);
        if (std::find(tokens.begin(), tokens.end(), low) == tokens.end()) tokens.push_back(std::move(low));
    });
    return tokens;
}

namespace detail {
inline std::vector<routed_match> collect_matches(const std::vector<std::string>& tokens, const inventory& inv,
                                                 const char* kind) {
    std::vector<routed_match> out;
    for (std::size_t i = 0; i < inv.size(); ++i) {
        const std::string_view hay = inv.haystack(i);
        int score = 0;
        for (const auto& t : tokens) score += hay.find(t) != std::string_view::npos ? 1 : 0;
        if (score > 0) out.push_back({kind, inv[i].name, inv[i].source_hint, score});
    }
    std::stable_sort(out.begin(), out.end(), [](const routed_match& a, const routed_match& b) {
        return a.score != b.score ? a.score > b.score : a.name < b.name;
    });
    return out;
}
}  // namespace detail

/**
 * Routes `prompt` across the two inventories. A module's score is the number of distinct tokens
 * found in its lowercased name, source hint or responsibility; modules scoring 0 are dropped.
 * The best command, then the best tool, then the remaining matches of both kinds by (score desc,
 * kind, name), cut to `limit`.
 *
 * @throws claw::error (`errc::invalid_argument`) for a negative `limit`.
 */
inline std::vector<routed_match> route_prompt(std::string_view prompt, const inventory& commands,
                                              const inventory& tools, int limit = 5) {
    if (limit < 0)
        throw error(errc::invalid_argument, "route_prompt: limit must not be negative, got " + std::to_string(limit));
    const auto tokens = prompt_tokens(prompt);
    auto by_command = detail::collect_matches(tokens, commands, "command");
    auto by_tool = detail::collect_matches(tokens, tools, "tool");
    std::vector<routed_match> selected;
    std::size_t command_from = 0, tool_from = 0;
    if (!by_command.empty()) selected.push_back(by_command[command_from++]);
    if (!by_tool.empty()) selected.push_back(by_tool[tool_from++]);
    std::vector<routed_match> leftovers(by_command.begin() + static_cast<std::ptrdiff_t>(command_from), by_command.end());
    leftovers.insert(leftovers.end(), by_tool.begin() + static_cast<std::ptrdiff_t>(tool_from), by_tool.end());
    std::stable_sort(leftovers.begin(), leftovers.end(), [](const routed_match& a, const routed_match& b) {
        if (a.score != b.score) return a.score > b.score;
        if (a.kind != b.kind) return a.kind < b.kind;
        return a.name < b.name;
    });
    const auto want = static_cast<std::size_t>(limit);
    for (std::size_t i = 0; i < leftovers.size() && selected.size() < want; ++i) selected.push_back(std::move(leftovers[i]));
    if (selected.size() > want) selected.resize(want);
    return selected;
}

}  // namespace claw
