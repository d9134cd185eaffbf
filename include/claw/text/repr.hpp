// SPDX-License-Identifier: MIT
// Python's `repr()` of a string, used where the reference printed `{value!r}` (execution messages,
// history entries). Exact for all of Unicode 14.0: printable code points stay as they are, the
// rest are escaped the way Python escapes them.
#pragma once

#include <claw/config.hpp>

#include <claw/text/lower.hpp>
#include <claw/text/utf8.hpp>

#include <string>
#include <string_view>

CLAW_BEGIN_NAMESPACE
namespace text {

/** True when Python's `str.isprintable()` holds for the single code point `cp`. O(log of the table size); never throws. */
constexpr bool is_printable(char32_t cp) noexcept {
    if (cp < 0x80) return cp >= 0x20 && cp < 0x7F;
    return !detail::in_ranges(detail::non_printable, cp);
}

/**
 * Python's `repr(s)`: single quotes unless `s` holds `'` and no `"`; backslash, the chosen quote,
 * `\n`, `\r`, `\t` escaped by name; other non-printable code points as `\xNN`, `\uNNNN` or
 * `\UNNNNNNNN` (lowercase hex). Each invalid UTF-8 byte appears as its surrogate escape
 * `\udcNN`, as Python shows a string decoded with `surrogateescape`. Complexity: O(|s|); the
 * result is at most 6 bytes per input byte (`\udcNN` for an invalid byte) plus the quotes. Never throws but allocation.
 *
 * @code
 * assert(claw::text::repr("it's") == "\"it's\"");
 * @endcode
 */
inline std::string repr(std::string_view s) {
    // Printable ASCII without a quote or backslash (most rules, names and ids) is only quoted.
    bool plain = true;
    for (const char c : s) plain = plain && c >= 0x20 && c < 0x7F && c != '\'' && c != '\\';
    if (plain) {
        std::string out;
        out.reserve(s.size() + 2);
        out.push_back('\'');
        out.append(s);
        out.push_back('\'');
        return out;
    }
    const bool has_single = s.find('\'') != std::string_view::npos;
    const bool has_double = s.find('"') != std::string_view::npos;
    const char quote = (has_single && !has_double) ? '"' : '\'';
    constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(s.size() + 2);
    out.push_back(quote);
    const auto escape = [&](char kind, char32_t cp, int digits) {
        out.push_back('\\');
        out.push_back(kind);
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) out.push_back(hex[(cp >> shift) & 0xF]);
    };
    for (std::size_t i = 0; i < s.size();) {
        const decoded d = decode_next(s, i);
        const char32_t cp = d.code_point;
        if (cp == static_cast<unsigned char>(quote) || cp == '\\') {
            out.push_back('\\');
            out.push_back(static_cast<char>(cp));
        } else if (cp == '\n') {
            out += "\\n";
        } else if (cp == '\r') {
            out += "\\r";
        } else if (cp == '\t') {
            out += "\\t";
        } else if (d.valid && is_printable(cp)) {
            out.append(s, i, d.length);
        } else if (cp <= 0xFF) {
            escape('x', cp, 2);
        } else if (cp <= 0xFFFF) {
            escape('u', cp, 4);
        } else {
            escape('U', cp, 8);
        }
        i += d.length;
    }
    out.push_back(quote);
    return out;
}

}  // namespace text
CLAW_END_NAMESPACE
