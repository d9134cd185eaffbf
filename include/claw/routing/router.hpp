// SPDX-License-Identifier: MIT
// Prompt routing, exactly as the reference: tokens from the prompt (`/` and `-` become spaces,
// Python whitespace split, lowercased, de-duplicated) are scored against every entry, and the best
// command and best tool come first, then the rest by score.
#pragma once

#include <claw/config.hpp>

#include <claw/error.hpp>
#include <claw/routing/inventory.hpp>
#include <claw/text/lower.hpp>
#include <claw/text/split.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

CLAW_BEGIN_NAMESPACE

/** What a routed entry is. Ordered as the reference sorts kinds: commands before tools. */
enum class match_kind : unsigned char { command, tool };

/** `command` or `tool`, as the reference spells the kind. */
constexpr std::string_view to_string(match_kind k) noexcept { return k == match_kind::command ? "command" : "tool"; }

/** One routed entry. */
struct routed_match {
    match_kind kind = match_kind::command;
    std::string name;
    std::string source_hint;
    int score = 0;
    friend bool operator==(const routed_match&, const routed_match&) = default;
};

/**
 * The distinct lowercased tokens of a prompt: every `/` and `-` replaced by a space, split on
 * Python whitespace, each token lowercased, duplicates removed (first occurrence kept, order of
 * first occurrences kept). O(n log n) for a prompt of n bytes: beyond 16 tokens the duplicates
 * are found by sorting. Invalid UTF-8 bytes stay in their token and are lowercased as themselves.
 * Never throws but allocation.
 */
[[nodiscard]] inline std::vector<std::string> prompt_tokens(std::string_view prompt) {
    std::string spaced(prompt);
    std::replace(spaced.begin(), spaced.end(), '/', ' ');
    std::replace(spaced.begin(), spaced.end(), '-', ' ');
    std::vector<std::string> all;
    text::for_each_token(spaced, [&](std::string_view t) { all.push_back(text::lower(t)); });
    if (all.size() <= 16) {  // a short prompt: compare each token with those kept before it
        std::size_t kept = 0;
        for (std::size_t i = 0; i < all.size(); ++i) {
            if (std::find(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(kept), all[i]) ==
                all.begin() + static_cast<std::ptrdiff_t>(kept)) {
                if (kept != i) all[kept] = std::move(all[i]);
                ++kept;
            }
        }
        all.resize(kept);
        return all;
    }
    // Sort the positions by token (ties by position), keep the first of each run, restore order.
    std::vector<std::uint32_t> order(all.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<std::uint32_t>(i);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        const int c = all[a].compare(all[b]);
        return c != 0 ? c < 0 : a < b;
    });
    std::vector<char> keep(all.size(), 0);
    for (std::size_t k = 0; k < order.size(); ++k)
        if (k == 0 || all[order[k]] != all[order[k - 1]]) keep[order[k]] = 1;
    std::vector<std::string> tokens;
    for (std::size_t i = 0; i < all.size(); ++i)
        if (keep[i]) tokens.push_back(std::move(all[i]));
    return tokens;
}

namespace detail {
// Adds 1 to `score[i]` for every token that entry i holds; returns the entries that scored.
inline std::vector<std::uint32_t> score_entries(const std::vector<std::string>& tokens, const inventory& inv,
                                                std::vector<std::uint32_t>& score) {
    score.assign(inv.size(), 0);
    std::vector<std::uint32_t> touched;
    for (const auto& t : tokens) {
        inv.for_each_containing(t, [&](std::size_t i) {
            if (score[i]++ == 0) touched.push_back(static_cast<std::uint32_t>(i));
        });
    }
    return touched;
}
}  // namespace detail

/**
 * Routes `prompt` across the two inventories. A module's score is the number of distinct tokens
 * found in its lowercased name, source hint or responsibility; modules scoring 0 are dropped.
 * The best command, then the best tool, then the remaining matches of both kinds by (score desc,
 * kind, name), cut to `limit`. Byte-exact with the reference.
 *
 * Complexity: O(p log p) to tokenise a prompt of p bytes, O(n) to clear the scores of n
 * entries, then, per distinct token, the cost of `inventory::for_each_containing` (index lookups
 * and the entries that hold the token's rarest three-byte sequences), and O(m + limit log m) to
 * order the m entries that scored. Text that is not valid UTF-8 is matched byte for byte.
 *
 * @throws claw::error (`errc::invalid_argument`) for a negative `limit`.
 */
[[nodiscard]] inline std::vector<routed_match> route_prompt(std::string_view prompt, const inventory& commands,
                                              const inventory& tools, int limit = 5) {
    if (limit < 0)
        throw error(errc::invalid_argument, "route_prompt: limit must not be negative, got " + std::to_string(limit));
    const auto tokens = prompt_tokens(prompt);
    std::vector<std::uint32_t> command_score, tool_score;
    const auto command_hits = detail::score_entries(tokens, commands, command_score);
    const auto tool_hits = detail::score_entries(tokens, tools, tool_score);

    // One integer per scored entry orders everything the reference sorts by: score descending,
    // then kind ("command" before "tool"), then name, ties in inventory order (the name rank).
    // Layout: [tokens - score : 31 bits][is tool : 1 bit][name rank : 32 bits].
    const std::uint64_t top = tokens.size();
    const auto key = [&](bool tool, std::uint32_t entry) {
        const std::uint64_t score = (tool ? tool_score : command_score)[entry];
        const std::uint64_t rank = (tool ? tools : commands).name_rank(entry);
        return ((top - score) << 33) | (std::uint64_t{tool} << 32) | rank;
    };
    std::vector<std::pair<std::uint64_t, std::uint32_t>> ranked;  // (key, entry)
    ranked.reserve(command_hits.size() + tool_hits.size());
    for (const auto i : command_hits) ranked.emplace_back(key(false, i), i);
    for (const auto i : tool_hits) ranked.emplace_back(key(true, i), i);

    std::vector<std::pair<std::uint64_t, std::uint32_t>> order;
    const auto is_tool = [](const std::pair<std::uint64_t, std::uint32_t>& r) { return ((r.first >> 32) & 1u) != 0; };
    // The best command and the best tool come first.
    auto best_command = ranked.end(), best_tool = ranked.end();
    for (auto it = ranked.begin(); it != ranked.end(); ++it) {
        auto& best = is_tool(*it) ? best_tool : best_command;
        if (best == ranked.end() || it->first < best->first) best = it;
    }
    if (best_command != ranked.end()) order.push_back(*best_command);
    if (best_tool != ranked.end()) order.push_back(*best_tool);
    // Then the smallest keys among the rest.
    std::vector<std::pair<std::uint64_t, std::uint32_t>> rest;
    rest.reserve(ranked.size());
    for (auto it = ranked.begin(); it != ranked.end(); ++it)
        if (it != best_command && it != best_tool) rest.push_back(*it);
    const auto want = static_cast<std::size_t>(limit);
    const std::size_t room = want > order.size() ? want - order.size() : 0;
    const std::size_t take = room < rest.size() ? room : rest.size();
    std::partial_sort(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(take), rest.end());
    order.insert(order.end(), rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(take));
    if (order.size() > want) order.resize(want);

    std::vector<routed_match> selected;
    selected.reserve(order.size());
    for (const auto& r : order) {
        const bool tool = is_tool(r);
        const module_entry& e = (tool ? tools : commands)[r.second];
        selected.push_back({tool ? match_kind::tool : match_kind::command, e.name, e.source_hint,
                            static_cast<int>((tool ? tool_score : command_score)[r.second])});
    }
    return selected;
}

CLAW_END_NAMESPACE
