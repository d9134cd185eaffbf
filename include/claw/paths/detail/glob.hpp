// SPDX-License-Identifier: MIT
// The compiled form of gitignore-style path patterns and its matcher: a pattern is a list of
// segments (a literal name, a glob within one name, or `**` spanning names), a glob is a list
// of tokens (literal run, `*`, `?`, bracket expression). Matching is iterative with one
// backtracking point per level (components, then bytes), so it is O(path x pattern) at worst,
// never exponential, never allocates.
#pragma once

#include <claw/config.hpp>

#include <claw/paths/ascii.hpp>
#include <claw/text/utf8.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

CLAW_BEGIN_NAMESPACE
namespace paths::detail {

/** A closed range of code points inside a bracket expression. */
struct cp_range {
    char32_t first = 0, last = 0;
};

/** A bracket expression: ASCII members in a bitmap, others as ranges. */
struct char_set {
    std::uint64_t ascii[2] = {0, 0};
    std::uint32_t first_range = 0, range_count = 0;  // into glob_program::ranges
    bool negated = false;

    void add_ascii(unsigned c) noexcept { ascii[c >> 6] |= std::uint64_t{1} << (c & 63u); }
    bool has_ascii(unsigned c) const noexcept { return (ascii[c >> 6] >> (c & 63u)) & 1u; }
};

enum class token_kind : unsigned char { literal, star, any, set };

/** One element of a glob within a name. */
struct token {
    token_kind kind = token_kind::literal;
    std::uint32_t offset = 0, length = 0;  ///< literal: bytes in the pool; set: index in `sets`
};

enum class segment_kind : unsigned char {
    literal,   ///< the name must equal the bytes
    glob,      ///< the name must match tokens [first, first + count)
    globstar,  ///< zero or more whole names
};

struct segment {
    segment_kind kind = segment_kind::literal;
    std::uint32_t offset = 0, length = 0;  ///< literal: bytes in the pool; glob: tokens
};

/** Storage shared by the segments of one pattern. */
struct glob_program {
    std::string pool;  // literal bytes
    std::vector<token> tokens;
    std::vector<char_set> sets;
    std::vector<cp_range> ranges;
    std::vector<segment> segments;

    std::string_view bytes(std::uint32_t off, std::uint32_t len) const noexcept { return {pool.data() + off, len}; }
};

/** Byte length of the code point at `pos` (1 for an invalid byte). */
inline std::size_t cp_length(std::string_view s, std::size_t pos) noexcept {
    return static_cast<unsigned char>(s[pos]) < 0x80 ? 1 : text::decode_next(s, pos).length;
}

inline bool set_contains_raw(const glob_program& g, const char_set& set, char32_t cp) noexcept {
    if (cp < 128) return set.has_ascii(static_cast<unsigned>(cp));
    for (std::uint32_t i = 0; i < set.range_count; ++i) {
        const cp_range& r = g.ranges[set.first_range + i];
        if (cp >= r.first && cp <= r.last) return true;
    }
    return false;
}

/**
 * Does the code point match the set? With `fold`, it matches when either ASCII case of it does
 * ("some spelling of the name matches"), so folding only ever adds matches, negated sets
 * included: `[!A]` still matches `a`, because the spelling `a` is not `A`.
 */
inline bool set_matches(const glob_program& g, const char_set& set, char32_t cp, bool fold) noexcept {
    const bool hit = set_contains_raw(g, set, cp) != set.negated;
    if (hit || !fold || cp >= 128) return hit;
    const char c = static_cast<char>(cp);
    const char other = ascii_lower(c) == c ? ascii_upper(c) : ascii_lower(c);
    return other != c && set.has_ascii(static_cast<unsigned char>(other)) != set.negated;
}

/** Does `name` (one path component) match tokens [first, first + count)? */
inline bool glob_matches(const glob_program& g, std::uint32_t first, std::uint32_t count, std::string_view name,
                         bool fold) noexcept {
    const std::uint32_t end = first + count;
    std::uint32_t ti = first;
    std::size_t ci = 0;
    std::uint32_t star_t = end;  // none
    std::size_t star_c = 0;
    while (ci < name.size()) {
        if (ti < end) {
            const token& t = g.tokens[ti];
            switch (t.kind) {
                case token_kind::star:
                    star_t = ti++;
                    star_c = ci;
                    continue;
                case token_kind::literal: {
                    const std::string_view lit = g.bytes(t.offset, t.length);
                    if (name.size() - ci >= lit.size() && equal(name.substr(ci, lit.size()), lit, fold)) {
                        ci += lit.size();
                        ++ti;
                        continue;
                    }
                    break;
                }
                case token_kind::any:
                    ci += cp_length(name, ci);
                    ++ti;
                    continue;
                case token_kind::set: {
                    const text::decoded d = text::decode_next(name, ci);
                    if (set_matches(g, g.sets[t.offset], d.code_point, fold)) {
                        ci += d.length;
                        ++ti;
                        continue;
                    }
                    break;
                }
            }
        }
        if (star_t == end) return false;
        ti = star_t + 1;
        star_c += cp_length(name, star_c);
        ci = star_c;
    }
    while (ti < end && g.tokens[ti].kind == token_kind::star) ++ti;
    return ti == end;
}

inline bool segment_matches(const glob_program& g, const segment& s, std::string_view name, bool fold) noexcept {
    if (s.kind == segment_kind::literal) return equal(name, g.bytes(s.offset, s.length), fold);
    return glob_matches(g, s.offset, s.length, name, fold);
}

/**
 * Does `rest` (components joined by `/`, no leading or trailing `/`, empty for none) match the
 * segments from `first_segment` on? A globstar takes zero or more whole components; other
 * segments exactly one.
 */
inline bool segments_match(const glob_program& g, std::string_view rest, bool fold, std::size_t first_segment = 0) noexcept {
    const std::size_t m = g.segments.size();
    std::size_t si = first_segment;
    std::size_t pos = 0;  // start of the current component in rest
    const std::size_t n = rest.size();
    bool at_end = n == 0;
    std::size_t star_s = m;  // none
    std::size_t star_pos = 0;
    const auto next_component_end = [&](std::size_t from) {
        const std::size_t e = rest.find('/', from);
        return e == std::string_view::npos ? n : e;
    };
    while (!at_end) {
        const std::size_t end = next_component_end(pos);
        if (si < m) {
            const segment& s = g.segments[si];
            if (s.kind == segment_kind::globstar) {
                star_s = si++;
                star_pos = pos;
                continue;
            }
            if (segment_matches(g, s, rest.substr(pos, end - pos), fold)) {
                ++si;
                if (end == n) {
                    at_end = true;
                } else {
                    pos = end + 1;
                }
                continue;
            }
        }
        if (star_s == m) return false;
        // Let the last globstar take one more component and retry after it.
        si = star_s + 1;
        const std::size_t e = next_component_end(star_pos);
        if (e == n) {
            at_end = true;  // the globstar takes every remaining name
        } else {
            star_pos = e + 1;
            pos = star_pos;
        }
    }
    while (si < m && g.segments[si].kind == segment_kind::globstar) ++si;
    return si == m;
}

}  // namespace paths::detail
CLAW_END_NAMESPACE
