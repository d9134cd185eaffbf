// SPDX-License-Identifier: MIT
// Keeping a message on one line: the control bytes of a value (a pattern, a file name, a cause,
// a database's error text) rewritten so that a message that quotes the value never spans lines
// and never carries a raw terminal control. One function, with the few styles the messages use.
#pragma once

#include <claw/config.hpp>

#include <claw/text/repr.hpp>

#include <string>
#include <string_view>

CLAW_BEGIN_NAMESPACE
namespace text {

/** True for a C0 control byte (0x00 to 0x1F) or DEL (0x7F); bytes of 0x80 and above are not controls. Never throws. */
constexpr bool is_control_byte(unsigned char b) noexcept { return b < 0x20 || b == 0x7F; }

/** True when `s` holds a control byte (`is_control_byte`). O(|s|); never throws. */
constexpr bool has_control_byte(std::string_view s) noexcept {
    for (const char c : s)
        if (is_control_byte(static_cast<unsigned char>(c))) return true;
    return false;
}

/** How `one_line` rewrites control bytes. */
enum class control_style : unsigned char {
    hex_escape,   ///< each control byte as `\xNN` (lowercase hex): `a\nb` -> `a\x0ab`
    c_escape,     ///< newline, tab and carriage return as `\n`, `\t`, `\r`, the other control bytes as `\xNN`
    repr_if_any,  ///< `s` unchanged without control bytes, otherwise `repr(s)` (quoted, Python escapes)
    space,        ///< each control byte as one space, then every trailing space dropped: `a\r\n` -> `a`
    collapse,     ///< each run of control bytes as one space between text, none at either end: `\na\r\nb\n` -> `a b`
};

/**
 * `s` as a message shows it on one line: its control bytes (`is_control_byte`) rewritten as
 * `style` says; every other byte, including bytes of invalid UTF-8, is kept as it is (except with
 * `repr_if_any`, where a string with a control byte is shown whole by `repr`, invalid bytes as
 * `\udcNN`). The result never holds a control byte. Complexity: O(|s|); the result is at most
 * 4 bytes per input byte (6 with `repr_if_any`). Never throws but allocation.
 *
 * @code
 * assert(claw::text::one_line("a\x1b[2Jb", claw::text::control_style::hex_escape) == "a\\x1b[2Jb");
 * assert(claw::text::one_line("ERROR: x\nDETAIL: y\n", claw::text::control_style::collapse) == "ERROR: x DETAIL: y");
 * @endcode
 */
inline std::string one_line(std::string_view s, control_style style) {
    constexpr char hex[] = "0123456789abcdef";
    std::string out;
    switch (style) {
        case control_style::repr_if_any: return has_control_byte(s) ? repr(s) : std::string(s);
        case control_style::collapse: {
            bool gap = false;  // control bytes seen since the last kept byte
            for (const char c : s) {
                if (is_control_byte(static_cast<unsigned char>(c))) {
                    gap = !out.empty();
                    continue;
                }
                if (gap) out.push_back(' ');
                gap = false;
                out.push_back(c);
            }
            return out;
        }
        case control_style::hex_escape:
        case control_style::c_escape:
        case control_style::space: break;
    }
    out.reserve(s.size());
    for (const char c : s) {
        const auto b = static_cast<unsigned char>(c);
        if (!is_control_byte(b)) {
            out.push_back(c);
        } else if (style == control_style::space) {
            out.push_back(' ');
        } else if (style == control_style::c_escape && (c == '\n' || c == '\t' || c == '\r')) {
            out.push_back('\\');
            out.push_back(c == '\n' ? 'n' : c == '\t' ? 't' : 'r');
        } else {
            out += "\\x";
            out.push_back(hex[b >> 4]);
            out.push_back(hex[b & 0xF]);
        }
    }
    if (style == control_style::space)
        while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

}  // namespace text
CLAW_END_NAMESPACE
