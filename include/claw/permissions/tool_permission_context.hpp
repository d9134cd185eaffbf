// SPDX-License-Identifier: MIT
// The reference's deny-list context (`ToolPermissionContext`): deny names and deny prefixes, both
// lowercased with Python's rules, matched against the lowercased tool name. Stored as one byte trie
// so a check costs one walk over the name, whatever the size of the lists, with no allocation.
#pragma once

#include <claw/permissions/policy.hpp>
#include <claw/text/lower.hpp>
#include <claw/text/repr.hpp>

#include <algorithm>
#include <concepts>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <map>
#include <ranges>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace claw {

/** An input range whose elements convert to `std::string_view` (strings, views, C strings). */
template <class R>
concept string_range =
    std::ranges::input_range<R> && std::convertible_to<std::ranges::range_reference_t<R>, std::string_view>;

/**
 * Deny names and deny prefixes. `blocks(name)` is true when Python's `name.lower()` equals a deny
 * name or starts with a deny prefix (an empty prefix blocks everything; an empty deny name blocks
 * only the empty name). Only the tool name is looked at.
 *
 * It is also a `permission_policy`: a blocked tool is denied with a reason naming the deny list
 * or the prefix. Reasons view storage owned by the context.
 *
 * @code
 * auto ctx = claw::tool_permission_context::from_iterables({"BashTool"}, {"mcp"});
 * assert(ctx.blocks("bashtool") && ctx.blocks("MCPTool") && !ctx.blocks("FileReadTool"));
 * @endcode
 *
 * Invalid UTF-8 in names or lists is compared byte for byte (see claw/text.hpp).
 */
class tool_permission_context {
public:
    /** Reason given when the lowercased name equals a deny name. */
    static constexpr std::string_view name_reason = "tool name is on the deny list";

    /** An empty context: blocks nothing. */
    tool_permission_context() { nodes_.push_back({}); }

    /** Builds a context from any two ranges of string-like values (Python's `from_iterables`). */
    template <string_range Names, string_range Prefixes>
    static tool_permission_context from_iterables(Names&& names, Prefixes&& prefixes) {
        tool_permission_context ctx;
        for (auto&& n : names) ctx.names_.push_back(text::lower(std::string_view(n)));
        for (auto&& p : prefixes) ctx.prefixes_.push_back(text::lower(std::string_view(p)));
        ctx.build();
        return ctx;
    }

    /** Overload for braced lists: `from_iterables({"BashTool"}, {"mcp"})`. */
    static tool_permission_context from_iterables(std::initializer_list<std::string_view> names,
                                                  std::initializer_list<std::string_view> prefixes = {}) {
        return from_iterables(std::views::all(names), std::views::all(prefixes));
    }

    /** True when the tool is blocked by name or prefix. Never allocates. */
    bool blocks(std::string_view name) const noexcept { return match(name) != no_match; }

    /** Policy form of `blocks`, with a reason. */
    decision check(const tool_request& r) const noexcept {
        const std::uint32_t m = match(r.name);
        if (m == no_match) return {};
        if (m == name_match) return {verdict::deny, name_reason};
        return {verdict::deny, std::string_view(reasons_.data() + reason_spans_[m].first, reason_spans_[m].second)};
    }

    /** The deny names, lowercased, sorted and without duplicates (Python keeps a frozenset). */
    const std::vector<std::string>& deny_names() const noexcept { return names_; }
    /** The deny prefixes, lowercased, in the order given. */
    const std::vector<std::string>& deny_prefixes() const noexcept { return prefixes_; }
    /** True when nothing is denied. */
    bool empty() const noexcept { return names_.empty() && prefixes_.empty(); }

private:
    static constexpr std::uint32_t no_match = 0xFFFFFFFFu;
    static constexpr std::uint32_t name_match = 0xFFFFFFFEu;
    static constexpr std::uint8_t ends_name = 1;
    static constexpr std::uint8_t ends_prefix = 2;

    struct node {
        std::uint32_t first = 0;   // index of the first child edge in labels_/targets_
        std::uint16_t count = 0;   // number of child edges (at most 256)
        std::uint8_t flags = 0;    // ends_name | ends_prefix
        std::uint32_t reason = 0;  // index into reason_spans_ when ends_prefix
    };

    // Returns no_match, name_match, or the reason index of the matched prefix.
    std::uint32_t match(std::string_view name) const noexcept {
        const node* n = nodes_.data();
        text::lower_cursor c{name};
        for (;;) {
            if (n->flags & ends_prefix) return n->reason;
            const int b = c.next();
            if (b < 0) return (n->flags & ends_name) ? name_match : no_match;
            const unsigned char* labels = labels_.data() + n->first;
            const void* hit = nullptr;
            if (n->count <= 8) {
                for (std::uint16_t k = 0; k < n->count; ++k) {
                    if (labels[k] == b) {
                        hit = labels + k;
                        break;
                    }
                }
            } else {
                hit = std::memchr(labels, b, n->count);
            }
            if (!hit) return no_match;
            n = nodes_.data() + targets_[n->first + static_cast<std::uint32_t>(
                                                        static_cast<const unsigned char*>(hit) - labels)];
        }
    }

    void build() {
        std::sort(names_.begin(), names_.end());
        names_.erase(std::unique(names_.begin(), names_.end()), names_.end());

        struct draft {
            std::map<unsigned char, std::uint32_t> kids;
            std::uint8_t flags = 0;
            std::uint32_t reason = 0;
        };
        std::vector<draft> drafts(1);
        const auto insert = [&](const std::string& key) -> draft& {
            std::uint32_t at = 0;
            for (const char ch : key) {
                const auto byte = static_cast<unsigned char>(ch);
                auto it = drafts[at].kids.find(byte);
                if (it == drafts[at].kids.end()) {
                    drafts.push_back({});
                    it = drafts[at].kids.emplace(byte, static_cast<std::uint32_t>(drafts.size() - 1)).first;
                }
                at = it->second;
            }
            return drafts[at];
        };
        for (const auto& n : names_) insert(n).flags |= ends_name;
        for (const auto& p : prefixes_) {
            draft& d = insert(p);
            if (d.flags & ends_prefix) continue;  // a repeated prefix keeps its first reason
            d.flags |= ends_prefix;
            d.reason = static_cast<std::uint32_t>(reason_spans_.size());
            const std::string reason = "tool name starts with denied prefix " + text::repr(p);
            reason_spans_.emplace_back(static_cast<std::uint32_t>(reasons_.size()),
                                       static_cast<std::uint32_t>(reason.size()));
            reasons_.insert(reasons_.end(), reason.begin(), reason.end());
        }

        // Flatten breadth-first so that each node's children are contiguous.
        nodes_.assign(drafts.size(), node{});
        std::vector<std::uint32_t> order{0};
        for (std::size_t i = 0; i < order.size(); ++i) {
            const draft& d = drafts[order[i]];
            node& out = nodes_[i];
            out.flags = d.flags;
            out.reason = d.reason;
            out.first = static_cast<std::uint32_t>(labels_.size());
            out.count = static_cast<std::uint16_t>(d.kids.size());
            for (const auto& [byte, child] : d.kids) {
                labels_.push_back(byte);
                targets_.push_back(static_cast<std::uint32_t>(order.size()));
                order.push_back(child);
            }
        }
    }

    std::vector<std::string> names_;
    std::vector<std::string> prefixes_;
    std::vector<node> nodes_;
    std::vector<unsigned char> labels_;
    std::vector<std::uint32_t> targets_;
    std::vector<char> reasons_;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> reason_spans_;
};

}  // namespace claw
