// SPDX-License-Identifier: MIT
// The reference's deny-list context (`ToolPermissionContext`): deny names and deny prefixes, both
// lowercased with Python's rules, matched against the lowercased tool name. Stored as one radix
// tree, so a check costs one walk over the name whatever the size of the lists, with no allocation.
#pragma once

#include <claw/config.hpp>

#include <claw/permissions/policy.hpp>
#include <claw/text/lower.hpp>
#include <claw/text/repr.hpp>

#include <algorithm>
#include <bit>
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

CLAW_BEGIN_NAMESPACE

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

    /** An empty context: blocks nothing. Constant; throws only allocation (its one trie node). */
    tool_permission_context() { nodes_.push_back({}); }

    /**
     * Builds a context from any two ranges of string-like values (Python's `from_iterables`).
     * Complexity: O(total length of the entries) plus sorting the names. Throws only
     * allocation (any text is accepted; invalid UTF-8 is kept byte for byte).
     */
    template <string_range Names, string_range Prefixes>
    [[nodiscard]] static tool_permission_context from_iterables(Names&& names, Prefixes&& prefixes) {
        return make(names, prefixes);
    }
    /** Deny names only: `from_iterables(names)`. */
    template <string_range Names>
    [[nodiscard]] static tool_permission_context from_iterables(Names&& names) {
        return make(names, std::initializer_list<std::string_view>{});
    }
    /** Overload for braced lists: `from_iterables({"BashTool"}, {"mcp"})`. */
    [[nodiscard]] static tool_permission_context from_iterables(std::initializer_list<std::string_view> names,
                                                                std::initializer_list<std::string_view> prefixes = {}) {
        return make(names, prefixes);
    }
    /** A braced list of names with a range of prefixes. */
    template <string_range Prefixes>
    [[nodiscard]] static tool_permission_context from_iterables(std::initializer_list<std::string_view> names,
                                                                Prefixes&& prefixes) {
        return make(names, prefixes);
    }
    /** A range of names with a braced list of prefixes. */
    template <string_range Names>
    [[nodiscard]] static tool_permission_context from_iterables(Names&& names,
                                                                std::initializer_list<std::string_view> prefixes) {
        return make(names, prefixes);
    }

    /**
     * True when the tool is blocked by name or prefix. Never allocates; costs one walk over the
     * lowercased name, whatever the size of the lists. A moved-from context blocks nothing.
     */
    [[nodiscard]] bool blocks(std::string_view name) const noexcept { return match(name) != no_match; }

    /** Policy form of `blocks`, with a reason. Complexity: as `blocks`; no allocation. Never throws. */
    [[nodiscard]] decision check(const tool_request& r) const noexcept {
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
    // Names whose lowercased form is compared in a stack buffer of this size; longer deny entries
    // switch to a streaming walk.
    static constexpr std::size_t buffer_size = 256;

    // A radix tree: each edge carries a label of one or more bytes, each node may end a deny name
    // or a deny prefix.
    static constexpr std::uint32_t no_table = 0xFFFFFFFFu;
    // Nodes with more edges than this get a 256-entry table instead of a scan.
    static constexpr std::uint16_t scan_limit = 6;

    struct node {
        std::uint32_t first = 0;          // index of the first edge in first_bytes_/edges_
        std::uint32_t table = no_table;   // start of this node's 256 entries in tables_, if any
        std::uint32_t reason = 0;         // index into reason_spans_ when ends_prefix
        std::uint16_t count = 0;          // number of edges (at most 256)
        std::uint8_t flags = 0;           // ends_name | ends_prefix
    };
    struct edge {
        std::uint32_t label = 0;  // offset of the label in labels_
        std::uint32_t length = 0;
        std::uint32_t target = 0;
    };

    const edge* find_edge(const node& n, unsigned char first) const noexcept {
        if (n.table != no_table) {
            const std::uint32_t k = tables_[n.table + first];
            return k ? &edges_[k - 1] : nullptr;
        }
        const unsigned char* firsts = first_bytes_.data() + n.first;
        for (std::uint16_t k = 0; k < n.count; ++k)
            if (firsts[k] == first) return &edges_[n.first + k];
        return nullptr;
    }

    // Compares `length` bytes; both sides may be read up to 8 bytes past `length` (the buffer and
    // labels_ are padded for that).
    static bool same_bytes(const char* a, const char* b, std::size_t length) noexcept {
        if constexpr (CLAW_USE_SWAR && std::endian::native == std::endian::little) {
            std::uint64_t x, y;
            for (; length >= 8; length -= 8, a += 8, b += 8) {
                std::memcpy(&x, a, 8);
                std::memcpy(&y, b, 8);
                if (x != y) return false;
            }
            if (length == 0) return true;
            std::memcpy(&x, a, 8);
            std::memcpy(&y, b, 8);
            return ((x ^ y) & ((std::uint64_t{1} << (8 * length)) - 1)) == 0;
        } else {
            return std::memcmp(a, b, length) == 0;
        }
    }

    // Lowers the entries and builds the tree; the loops take any iterable of string-like values.
    template <class Names, class Prefixes>
    static tool_permission_context make(Names&& names, Prefixes&& prefixes) {
        tool_permission_context ctx;
        for (auto&& n : names) ctx.names_.push_back(text::lower(std::string_view(n)));
        for (auto&& p : prefixes) ctx.prefixes_.push_back(text::lower(std::string_view(p)));
        ctx.build();
        return ctx;
    }

    // Returns no_match, name_match, or the reason index of the matched prefix.
    std::uint32_t match(std::string_view name) const noexcept {
        if (nodes_.empty()) return no_match;  // moved from: an empty deny list
        const node& root = nodes_.front();
        if (root.flags & ends_prefix) return root.reason;
        // Most misses are decided by the first byte; lowering the rest can wait.
        if (name.empty()) return (root.flags & ends_name) ? name_match : no_match;
        if (root.count == 0) return no_match;
        if (const auto b = static_cast<unsigned char>(name.front()); b < 0x80 && !find_edge(root, text::detail::ascii_lower(b)))
            return no_match;
        if (max_key_ >= buffer_size) return match_streaming(name);
        // Only the first max_key_ + 1 lowered bytes matter: one more byte than the longest entry
        // proves that no deny name can equal the whole name.
        char buf[buffer_size + 8];
        const std::size_t want = max_key_ + 1;
        const std::size_t n = text::lower_prefix(name, buf, want);
        const bool longer_than_every_entry = n == want;
        const node* at = nodes_.data();
        std::size_t pos = 0;
        for (;;) {
            if (at->flags & ends_prefix) return at->reason;
            if (pos == n) return (!longer_than_every_entry && (at->flags & ends_name)) ? name_match : no_match;
            const edge* e = find_edge(*at, static_cast<unsigned char>(buf[pos]));
            if (!e || e->length > n - pos || !same_bytes(buf + pos + 1, labels_.data() + e->label + 1, e->length - 1))
                return no_match;
            pos += e->length;
            at = nodes_.data() + e->target;
        }
    }

    // The same walk, lowercasing one byte at a time, for deny entries longer than the buffer.
    std::uint32_t match_streaming(std::string_view name) const noexcept {
        text::lower_cursor c{name};
        const node* at = nodes_.data();
        for (;;) {
            if (at->flags & ends_prefix) return at->reason;
            const int b = c.next();
            if (b < 0) return (at->flags & ends_name) ? name_match : no_match;
            const edge* e = find_edge(*at, static_cast<unsigned char>(b));
            if (!e) return no_match;
            for (std::uint32_t k = 1; k < e->length; ++k)
                if (c.next() != static_cast<unsigned char>(labels_[e->label + k])) return no_match;
            at = nodes_.data() + e->target;
        }
    }

    void build() {
        std::sort(names_.begin(), names_.end());
        names_.erase(std::unique(names_.begin(), names_.end()), names_.end());

        // A plain byte trie first, then chains without branches or ends are merged into labels.
        struct draft {
            std::map<unsigned char, std::uint32_t> kids;
            std::uint8_t flags = 0;
            std::uint32_t reason = 0;
        };
        std::vector<draft> drafts(1);
        const auto insert = [&](const std::string& key) -> draft& {
            max_key_ = std::max(max_key_, key.size());
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

        // Breadth-first, so that each node's edges are contiguous.
        nodes_.assign(1, node{});
        std::vector<std::uint32_t> queue{0};  // draft index of each radix node
        for (std::size_t i = 0; i < queue.size(); ++i) {
            const draft& d = drafts[queue[i]];
            nodes_[i].flags = d.flags;
            nodes_[i].reason = d.reason;
            nodes_[i].first = static_cast<std::uint32_t>(edges_.size());
            nodes_[i].count = static_cast<std::uint16_t>(d.kids.size());
            if (nodes_[i].count > scan_limit) {
                nodes_[i].table = static_cast<std::uint32_t>(tables_.size());
                tables_.resize(tables_.size() + 256, 0);
                std::uint32_t k = nodes_[i].first;
                for (const auto& kid : d.kids) tables_[nodes_[i].table + kid.first] = ++k;
            }
            for (const auto& [byte, child] : d.kids) {
                edge e;
                e.label = static_cast<std::uint32_t>(labels_.size());
                labels_.push_back(static_cast<char>(byte));
                std::uint32_t end = child;
                while (drafts[end].flags == 0 && drafts[end].kids.size() == 1) {
                    labels_.push_back(static_cast<char>(drafts[end].kids.begin()->first));
                    end = drafts[end].kids.begin()->second;
                }
                e.length = static_cast<std::uint32_t>(labels_.size()) - e.label;
                e.target = static_cast<std::uint32_t>(queue.size());
                first_bytes_.push_back(byte);
                edges_.push_back(e);
                queue.push_back(end);
                nodes_.push_back({});
            }
        }
        labels_.append(8, '\0');  // lets same_bytes read whole words past the last label
    }

    std::vector<std::string> names_;
    std::vector<std::string> prefixes_;
    std::vector<node> nodes_;
    std::vector<unsigned char> first_bytes_;
    std::vector<edge> edges_;
    std::vector<std::uint32_t> tables_;
    std::string labels_;
    std::size_t max_key_ = 0;
    std::vector<char> reasons_;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> reason_spans_;
};

CLAW_END_NAMESPACE
