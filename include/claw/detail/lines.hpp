// SPDX-License-Identifier: MIT
// Lines of text: joining report lines with '\n', as Python's "\n".join does, and naming the
// line and column of a byte of a text, as the JSON readers' messages do.
#pragma once

#include <claw/config.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

CLAW_BEGIN_NAMESPACE
namespace detail {
inline std::string join_lines(const std::vector<std::string>& lines) {
    std::string out;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (i) out += '\n';
        out += lines[i];
    }
    return out;
}

/**
 * "line L, column C" (both from 1, columns in bytes) of byte `offset` of `text`; an offset past
 * the end names the position just after the last byte. O(offset); never throws but allocation.
 */
inline std::string line_and_column(std::string_view text, std::size_t offset) {
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}
}  // namespace detail
CLAW_END_NAMESPACE
