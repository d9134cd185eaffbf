// SPDX-License-Identifier: MIT
// Python's `json.dumps` of a string with the default `ensure_ascii=True`: the only JSON string
// writer claw-cpp uses, so every file and structured output it writes matches the reference's bytes.
#pragma once

#include <claw/config.hpp>

#include <claw/text/utf8.hpp>

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

#if CLAW_USE_SSE2
#include <emmintrin.h>
#endif
#include <cstddef>
#include <string>
#include <string_view>

CLAW_BEGIN_NAMESPACE
namespace text {
namespace detail {
// 0: copy as is; 1: escape. Printable ASCII other than '"' and '\\' is copied.
inline constexpr std::array<unsigned char, 256> json_escape_table = [] {
    std::array<unsigned char, 256> t{};
    for (std::size_t i = 0; i < 256; ++i) t[i] = (i < 0x20 || i >= 0x7F || i == '"' || i == '\\') ? 1 : 0;
    return t;
}();

// Offset of the first byte at or after `i` that needs escaping (below 0x20, 0x7F and above, '"'
// or '\\'), or s.size(). Sixteen bytes at a time where SSE2 is available, eight otherwise.
inline std::size_t next_to_escape(std::string_view s, std::size_t i) noexcept {
#if CLAW_USE_SSE2
    const __m128i space = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7F), quote = _mm_set1_epi8('"'),
                  backslash = _mm_set1_epi8('\\');
    while (i + 16 <= s.size()) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
        // Signed compare: bytes of 0x80 and above are negative, so below 0x20 as well.
        const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(v, space), _mm_cmpeq_epi8(v, del)),
                                         _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)));
        const int mask = _mm_movemask_epi8(hit);
        if (mask != 0) return i + static_cast<std::size_t>(std::countr_zero(static_cast<unsigned>(mask)));
        i += 16;
    }
#endif
    while (i < s.size() && !json_escape_table[static_cast<unsigned char>(s[i])]) ++i;
    return i;
}

/**
 * Appends the JSON escape of an ASCII byte `b` that needs one (below 0x20, `"`, `\`, DEL) as
 * `json.dumps` writes it: `\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f` by name, any other as `\u00XX`
 * (lowercase hex). Never throws but allocation.
 */
inline void append_ascii_escape(std::string& out, unsigned char b) {
    constexpr char hex[] = "0123456789abcdef";
    switch (b) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default: {
            const char buf[6] = {'\\', 'u', '0', '0', hex[(b >> 4) & 0xF], hex[b & 0xF]};
            out.append(buf, 6);
        }
    }
}
}  // namespace detail

/**
 * Appends `s` as a JSON string literal, quotes included, exactly as Python's `json.dumps` writes
 * it: `\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f` by name; other code points below U+0020, U+007F
 * and all non-ASCII as `\uXXXX` (lowercase hex, surrogate pairs above U+FFFF); `/` unescaped.
 * Each invalid UTF-8 byte is written as its surrogate escape `\udcNN` (what Python writes for a
 * string decoded with `surrogateescape`), unless `invalid_at` is given: then writing stops at the
 * first invalid byte, whose offset is stored there (`out` is left partly written).
 * Complexity: O(|s|); `out` grows by at most 6 bytes per input byte (12 per 4-byte code point).
 * Never throws but allocation.
 */
inline void append_json_string(std::string& out, std::string_view s, std::size_t* invalid_at = nullptr) {
    constexpr char hex[] = "0123456789abcdef";
    const auto u_escape = [&](unsigned v) {
        const char buf[6] = {'\\', 'u', hex[(v >> 12) & 0xF], hex[(v >> 8) & 0xF], hex[(v >> 4) & 0xF], hex[v & 0xF]};
        out.append(buf, 6);
    };
    out.push_back('"');
    std::size_t i = 0;
    while (i < s.size()) {
        const std::size_t run = detail::next_to_escape(s, i);
        out.append(s.data() + i, run - i);
        i = run;
        if (i >= s.size()) break;
        const auto b = static_cast<unsigned char>(s[i]);
        if (b < 0x80) {
            detail::append_ascii_escape(out, b);
            ++i;
            continue;
        }
        const decoded d = decode_next(s, i);
        if (!d.valid && invalid_at) {
            *invalid_at = i;
            return;
        }
        if (d.code_point > 0xFFFF) {
            const char32_t v = d.code_point - 0x10000;
            u_escape(0xD800 + static_cast<unsigned>(v >> 10));
            u_escape(0xDC00 + static_cast<unsigned>(v & 0x3FF));
        } else {
            u_escape(static_cast<unsigned>(d.code_point));
        }
        i += d.length;
    }
    out.push_back('"');
}

/** `append_json_string` into a new string. Complexity and exceptions: as `append_json_string`. */
inline std::string json_string(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    append_json_string(out, s);
    return out;
}

}  // namespace text
CLAW_END_NAMESPACE
