// SPDX-License-Identifier: MIT
// Joins report lines with '\n', as Python's "\n".join does.
#pragma once

#include <claw/config.hpp>

#include <cstddef>
#include <string>
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
}  // namespace detail
CLAW_END_NAMESPACE
