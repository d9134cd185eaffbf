// SPDX-License-Identifier: MIT
// Many path patterns compiled once and queried together: "which is the first pattern (lowest
// index) that matches this normalised absolute path?". An index on what every match must contain
// (a literal name, the literal start or extension of a name, the last name of the anchor) keeps
// the number of patterns actually tried small, so a query costs about the same for 16 patterns
// as for 1,000. Queries are noexcept and allocate nothing.
#pragma once

#include <claw/config.hpp>

#include <claw/paths/detail/string_index.hpp>
#include <claw/paths/pattern.hpp>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

CLAW_BEGIN_NAMESPACE
namespace paths {

/**
 * An ordered list of `path_pattern`s with an index. The order is the caller's (rule order); every
 * query answers with the lowest index that matches, or `npos`.
 *
 * @code
 * const claw::paths::anchor_context anchors({.cwd = "/w/proj", .home = "/home/u"});
 * auto deny = claw::paths::pattern_set::compile({"./.env", "~/.ssh/", "*.pem"}, anchors);
 * assert(deny.match("/w/proj/keys/a.pem") == 2);
 * @endcode
 */
class pattern_set {
public:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    pattern_set() = default;
    /**
     * Takes the patterns (in order) and builds the index. Complexity: O(k log k) for the k index
     * keys of the patterns (names, stems, extensions). Throws only allocation.
     */
    explicit pattern_set(std::vector<path_pattern> patterns) : patterns_(std::move(patterns)) { build(); }

    /**
     * Compiles every specifier of `specs` (any range of string-like values) with the same anchors
     * and options. Complexity: the sum of the compilations, then the index build.
     * @throws path_pattern_error (`errc::invalid_argument`) for the first specifier that does not
     *         compile, naming it and the cause.
     */
    template <class Range>
    static pattern_set compile(const Range& specs, const anchor_context& anchors, const pattern_options& opt = {}) {
        std::vector<path_pattern> v;
        for (const auto& s : specs) v.push_back(path_pattern::compile(std::string_view(s), anchors, opt));
        return pattern_set(std::move(v));
    }
    static pattern_set compile(std::initializer_list<std::string_view> specs, const anchor_context& anchors,
                               const pattern_options& opt = {}) {
        std::vector<path_pattern> v;
        for (const auto s : specs) v.push_back(path_pattern::compile(s, anchors, opt));
        return pattern_set(std::move(v));
    }

    std::size_t size() const noexcept { return patterns_.size(); }
    bool empty() const noexcept { return patterns_.empty(); }
    const path_pattern& operator[](std::size_t i) const noexcept { return patterns_[i]; }

    /**
     * The lowest index of a pattern matching `path` (normalised, absolute), or `npos`. noexcept,
     * no allocation. Complexity: index lookups for each name of `path`, then one
     * `path_pattern::matches` per candidate pattern (those sharing a name, stem or extension with
     * the path, and those the index cannot narrow, such as `**`).
     */
    std::size_t match(std::string_view path, bool fold = false) const noexcept {
        std::size_t best = npos;
        for_each_candidate(path, [&](std::uint32_t i) {
            if (i < best && patterns_[i].matches(path, fold)) best = i;
        });
        return best;
    }

    /** The lowest index of a pattern matching at least one of `paths`, or `npos`. Complexity: `match` per path. Never throws. */
    std::size_t match_any(std::span<const std::string_view> paths, bool fold = false) const noexcept {
        std::size_t best = npos;
        for (const auto p : paths)
            for_each_candidate(p, [&](std::uint32_t i) {
                if (i < best && patterns_[i].matches(p, fold)) best = i;
            });
        return best;
    }

    /**
     * The lowest index of one pattern matching every one of `paths` (none: `npos`; no paths:
     * `npos`). Complexity: the candidates of `paths[0]`, each tested against every path. Never throws.
     */
    std::size_t match_all(std::span<const std::string_view> paths, bool fold = false) const noexcept {
        if (paths.empty()) return npos;
        std::size_t best = npos;
        for_each_candidate(paths[0], [&](std::uint32_t i) {
            if (i >= best) return;
            for (const auto p : paths)
                if (!patterns_[i].matches(p, fold)) return;
            best = i;
        });
        return best;
    }

    /**
     * The lowest index of a pattern that a path ending with `suffix` may match
     * (`path_pattern::matches_suffix`, RULES.md S8.7), or `npos`. Linear in the number of
     * patterns: for the rare paths known only by their end.
     */
    std::size_t match_suffix(std::string_view suffix, bool fold = false) const noexcept {
        for (std::size_t i = 0; i < patterns_.size(); ++i)
            if (patterns_[i].matches_suffix(suffix, fold)) return i;
        return npos;
    }

    /**
     * The lowest index of a pattern that some expansion of the shell glob path `path` may match
     * (`path_pattern::may_match_glob`), or `npos`. Linear in the number of patterns: for the
     * deny and ask checks of words with wildcards.
     */
    std::size_t match_glob(std::string_view path, bool fold, bool dot_rule) const noexcept {
        for (std::size_t i = 0; i < patterns_.size(); ++i)
            if (patterns_[i].may_match_glob(path, fold, dot_rule)) return i;
        return npos;
    }

    /**
     * The lowest index of a pattern whose literal last name the glob name `name` may expand to
     * (`path_pattern::last_name_may_match_glob`, RULES.md S8.7), or `npos`. Linear.
     */
    std::size_t match_last_name_glob(std::string_view name, bool fold, bool dot_rule) const noexcept {
        for (std::size_t i = 0; i < patterns_.size(); ++i)
            if (patterns_[i].last_name_may_match_glob(name, fold, dot_rule)) return i;
        return npos;
    }

    /**
     * Calls `f(index)` for every pattern that may match `path` (a superset of those that do;
     * an index may come more than once). For tools that want all matches, not the first.
     */
    template <class F>
    void for_each_candidate(std::string_view path, F&& f) const noexcept {
        for (const std::uint32_t i : always_) f(i);
        if (path.size() < 2 || path[0] != '/') return;
        for (std::size_t start = 1; start < path.size();) {
            std::size_t e = path.find('/', start);
            if (e == std::string_view::npos) e = path.size();
            const std::string_view name = path.substr(start, e - start);
            start = e + 1;
            if (name.empty()) continue;
            // Only names and literal starts of a length some key has are looked up.
            const std::size_t n = name.size();
            if (stem_lengths_ != 0)
                for (std::size_t len = 1; len <= n && len <= detail::pattern_compiler::max_stem; ++len)
                    if ((stem_lengths_ >> len) & 1u)
                        for (const std::uint32_t i : stems_.find(name.substr(0, len))) f(i);
            if ((name_lengths_ >> (n < 63 ? n : 63)) & 1u)
                for (const std::uint32_t i : names_.find(name)) f(i);
            if (!extensions_.empty()) {
                const std::size_t dot = name.rfind('.');
                if (dot != std::string_view::npos && dot + 1 < n)
                    for (const std::uint32_t i : extensions_.find(name.substr(dot + 1))) f(i);
            }
        }
    }

private:
    void build() {
        std::vector<std::pair<std::string, std::uint32_t>> names, stems, exts;
        always_.clear();
        stem_lengths_ = 0;
        name_lengths_ = 0;
        using K = path_pattern::index_key::kind;
        for (std::size_t i = 0; i < patterns_.size(); ++i) {
            const auto idx = static_cast<std::uint32_t>(i);
            const auto& keys = patterns_[i].index_keys();
            bool any = keys.empty();
            for (const auto& k : keys) {
                switch (k.what) {
                    case K::name:
                        names.emplace_back(k.text, idx);
                        name_lengths_ |= std::uint64_t{1} << (k.text.size() < 63 ? k.text.size() : 63);
                        break;
                    case K::stem:
                        stems.emplace_back(k.text, idx);
                        stem_lengths_ |= 1u << k.text.size();
                        break;
                    case K::extension: exts.emplace_back(k.text, idx); break;
                    case K::any: any = true; break;
                }
            }
            if (any) always_.push_back(idx);
        }
        names_.build(std::move(names));
        stems_.build(std::move(stems));
        extensions_.build(std::move(exts));
    }

    std::vector<path_pattern> patterns_;
    std::vector<std::uint32_t> always_;
    detail::string_index names_, stems_, extensions_;
    std::uint32_t stem_lengths_ = 0;
    std::uint64_t name_lengths_ = 0;  // bit n: a name key of n bytes (bit 63: 63 or more)
};

}  // namespace paths
CLAW_END_NAMESPACE
