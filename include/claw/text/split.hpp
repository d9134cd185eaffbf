// SPDX-License-Identifier: MIT
// Python's `str.split()` with no argument on UTF-8 text: tokens are separated by runs of the 29
// Unicode whitespace code points Python recognises, and leading or trailing runs yield no empty
// token. Used for token counts and prompt tokenisation.
#pragma once

#include <claw/config.hpp>

#include <claw/text/utf8.hpp>

#include <cstddef>
#include <string_view>
#include <vector>

CLAW_BEGIN_NAMESPACE
namespace text {

/**
 * True for the code points Python's `str.isspace()` accepts: U+0009..U+000D, U+001C..U+001F,
 * U+0020, U+0085, U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
 * U+200B and U+180E are not whitespace.
 */
constexpr bool is_space(char32_t cp) noexcept {
    if (cp <= 0x20) return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20);
    if (cp < 0x85) return false;
    return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
           cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/**
 * Calls `f(token)` for every token of `s`, in order, as views into `s`. Invalid UTF-8 bytes are
 * never whitespace: they stay inside the token they appear in. Complexity: O(|s|) plus the calls
 * of `f`; allocates nothing. Throws only what `f` throws.
 */
template <class F>
constexpr void for_each_token(std::string_view s, F&& f) {
    std::size_t i = 0, start = 0;
    bool in_token = false;
    while (i < s.size()) {
        const auto b = static_cast<unsigned char>(s[i]);
        bool space = false;
        std::size_t len = 1;
        if (b < 0x80) {
            space = is_space(b);
        } else {
            const decoded d = decode_next(s, i);
            space = d.valid && is_space(d.code_point);
            len = d.length;
        }
        if (space && in_token) {
            f(s.substr(start, i - start));
            in_token = false;
        } else if (!space && !in_token) {
            start = i;
            in_token = true;
        }
        i += len;
    }
    if (in_token) f(s.substr(start));
}

/** Number of tokens `str.split()` would return; allocates nothing. O(|s|); never throws. */
constexpr std::size_t token_count(std::string_view s) noexcept {
    std::size_t n = 0;
    for_each_token(s, [&n](std::string_view) noexcept { ++n; });
    return n;
}

/** Python's `s.split()`: the tokens, as views into `s`. O(|s|); never throws but allocation. */
inline std::vector<std::string_view> split(std::string_view s) {
    std::vector<std::string_view> out;
    for_each_token(s, [&out](std::string_view t) { out.push_back(t); });
    return out;
}

}  // namespace text
CLAW_END_NAMESPACE
