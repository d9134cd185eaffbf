// SPDX-License-Identifier: MIT
// Python's `json.dumps` of a string with the default `ensure_ascii=True`: the only JSON string
// writer claw-cpp uses, so every file and structured output it writes matches the reference's bytes.
#pragma once

#include <claw/text/utf8.hpp>

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace claw::text {
namespace detail {
// 0: copy as is; 1: escape. Printable ASCII other than '"' and '\\' is copied.
inline constexpr std::array<unsigned char, 256> json_escape_table = [] {
    std::array<unsigned char, 256> t{};
    for (std::size_t i = 0; i < 256; ++i) t[i] = (i < 0x20 || i >= 0x7F || i == '"' || i == '\\') ? 1 : 0;
    return t;
}();
}  // namespace detail

/**
 * Appends `s` as a JSON string literal, quotes included, exactly as Python's `json.dumps` writes
 * it: `\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f` by name; other code points below U+0020, U+007F
 * and all non-ASCII as `\uXXXX` (lowercase hex, surrogate pairs above U+FFFF); `/` unescaped.
 * Each invalid UTF-8 byte is written as its surrogate escape `\udcNN` (what Python writes for a
 * string decoded with `surrogateescape`); callers that store data reject invalid UTF-8 first.
 */
inline void append_json_string(std::string& out, std::string_view s) {
    constexpr char hex[] = "0123456789abcdef";
    const auto u_escape = [&](unsigned v) {
        const char buf[6] = {'\\', 'u', hex[(v >> 12) & 0xF], hex[(v >> 8) & 0xF], hex[(v >> 4) & 0xF], hex[v & 0xF]};
        out.append(buf, 6);
    };
    out.push_back('"');
    std::size_t i = 0;
    while (i < s.size()) {
        std::size_t run = i;
        while (run < s.size() && !detail::json_escape_table[static_cast<unsigned char>(s[run])]) ++run;
        out.append(s.data() + i, run - i);
        i = run;
        if (i >= s.size()) break;
        const auto b = static_cast<unsigned char>(s[i]);
        if (b < 0x80) {
            switch (b) {
                case '"': out += "\\\""; break;
                case '\\': out += "\\\\"; break;
                case '\n': out += "\\n"; break;
                case '\r': out += "\\r"; break;
                case '\t': out += "\\t"; break;
                case '\b': out += "\\b"; break;
                case '\f': out += "\\f"; break;
                default: u_escape(b); break;
            }
            ++i;
            continue;
        }
        const decoded d = decode_next(s, i);
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

/** `append_json_string` into a new string. */
inline std::string json_string(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    append_json_string(out, s);
    return out;
}

}  // namespace claw::text
