// SPDX-License-Identifier: MIT
// Deny lists fixed at compile time: `static_deny_list<"BashTool", ...>` and
// `static_deny_prefixes<"mcp", ...>`. The entries are lowercased during compilation with the same
// Python rules as the runtime context, and every decision can be evaluated in a `static_assert`.
#pragma once

#include <claw/config.hpp>

#include <claw/permissions/policy.hpp>
#include <claw/text/lower.hpp>

#include <algorithm>
#include <cstddef>
#include <string_view>

CLAW_BEGIN_NAMESPACE

/** A string literal usable as a template argument: `static_deny_list<"BashTool">`. */
template <std::size_t N>
struct fixed_string {
    char data[N] = {};
    constexpr fixed_string(const char (&s)[N]) noexcept { std::copy_n(s, N, data); }
    constexpr std::string_view view() const noexcept { return {data, N - 1}; }
};

namespace detail {
// `text::lower` of a literal, computed during compilation. Lowercasing grows UTF-8 text by at
// most half again (U+0130 two bytes -> three; some two-byte letters lower to three bytes).
template <fixed_string S>
struct lowered_literal {
    static constexpr std::size_t capacity = 2 * sizeof(S.data) + 4;
    struct buffer {
        char data[capacity] = {};
        std::size_t size = 0;
    };
    static constexpr buffer make() noexcept {
        buffer b;
        text::lower_cursor c{S.view()};
        for (int ch; (ch = c.next()) >= 0;) b.data[b.size++] = static_cast<char>(ch);
        return b;
    }
    static constexpr buffer value = make();
    static constexpr std::string_view view() noexcept { return {value.data, value.size}; }
};

constexpr bool lower_starts_with(std::string_view text, std::string_view lowered_prefix) noexcept {
    text::lower_cursor c{text};
    for (const char expected : lowered_prefix) {
        if (c.next() != static_cast<unsigned char>(expected)) return false;
    }
    return true;
}
}  // namespace detail

/**
 * Denies the tools whose lowercased name equals one of `Names` (lowercased at compile time).
 *
 * @code
 * using no_shell = claw::static_deny_list<"BashTool", "PowerShellTool">;
 * static_assert(no_shell{}.check({"bashtool"}).denied());
 * @endcode
 */
template <fixed_string... Names>
struct static_deny_list {
    static constexpr std::string_view reason = "tool name is on the compile-time deny list";

    /**
     * True when `lower(name)` equals one of the names. Complexity: one comparison per name, each
     * lowering `name` as it goes and stopping at the first difference: O(k * |name|) at worst for
     * k names, no allocation. Never throws.
     */
    static constexpr bool blocks([[maybe_unused]] std::string_view name) noexcept {
        return (text::lower_equals(name, detail::lowered_literal<Names>::view()) || ...);
    }
    /** Denies with `reason` when `blocks(r.name)`. Complexity: as `blocks`. Never throws. */
    constexpr decision check(const tool_request& r) const noexcept {
        return blocks(r.name) ? decision{verdict::deny, reason} : decision{};
    }
};

/**
 * Denies the tools whose lowercased name starts with one of `Prefixes` (lowercased at compile
 * time). An empty prefix denies everything.
 *
 * @code
 * static_assert(claw::static_deny_prefixes<"mcp">{}.check({"MCPTool"}).denied());
 * @endcode
 */
template <fixed_string... Prefixes>
struct static_deny_prefixes {
    static constexpr std::string_view reason = "tool name starts with a compile-time denied prefix";

    /**
     * True when `lower(name)` starts with one of the prefixes. Complexity: O(total length of the
     * prefixes) at worst (each comparison lowers `name` only as far as its prefix), no
     * allocation. Never throws.
     */
    static constexpr bool blocks([[maybe_unused]] std::string_view name) noexcept {
        return (detail::lower_starts_with(name, detail::lowered_literal<Prefixes>::view()) || ...);
    }
    /** Denies with `reason` when `blocks(r.name)`. Complexity: as `blocks`. Never throws. */
    constexpr decision check(const tool_request& r) const noexcept {
        return blocks(r.name) ? decision{verdict::deny, reason} : decision{};
    }
};

CLAW_END_NAMESPACE
