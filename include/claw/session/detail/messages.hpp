// SPDX-License-Identifier: MIT
// How the session module shows ids and paths inside error messages: as they are when they hold
// only printable text, otherwise as a Python `repr`, so that a message always stays one line and
// never carries a terminal escape sequence or a raw control character.
#pragma once

#include <claw/config.hpp>

#include <claw/text/repr.hpp>
#include <claw/text/utf8.hpp>

#include <string>
#include <string_view>

CLAW_BEGIN_NAMESPACE
namespace detail {

/**
 * `s` unchanged when every code point is printable (Python's `str.isprintable`) and none is a
 * quote or a backslash; otherwise `text::repr(s)` (quoted, with `\n`, `\x1b`, `\udcff` escapes).
 * Invalid UTF-8 is always escaped.
 */
inline std::string shown(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const text::decoded d = text::decode_next(s, i);
        if (!d.valid || !text::is_printable(d.code_point) || d.code_point == '\'' || d.code_point == '"' ||
            d.code_point == '\\')
            return text::repr(s);
        i += d.length;
    }
    return std::string(s);
}

}  // namespace detail
CLAW_END_NAMESPACE
