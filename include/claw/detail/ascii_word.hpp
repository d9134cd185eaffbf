// SPDX-License-Identifier: MIT
// Eight bytes at a time: the one SWAR step that lowers the ASCII letters of a 64-bit word, shared by
// the Unicode lowering of claw/text, the path hashes of claw/paths and the shell rule index.
#pragma once

#include <claw/config.hpp>

#include <cstdint>

CLAW_BEGIN_NAMESPACE
namespace detail {

/**
 * `w` with every byte 'A'..'Z' lowered (0x20 added); every other byte, including bytes >= 0x80,
 * unchanged. Byte order does not matter. constexpr, branch-free.
 */
constexpr std::uint64_t ascii_fold_word(std::uint64_t w) noexcept {
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    const std::uint64_t low7 = w & (0x7f * ones);
    const std::uint64_t at_least_a = low7 + (0x80 - 'A') * ones;     // high bit: byte >= 'A'
    const std::uint64_t above_z = low7 + (0x80 - ('Z' + 1)) * ones;  // high bit: byte > 'Z'
    const std::uint64_t upper = at_least_a & ~above_z & ~w & (0x80 * ones);
    return w | (upper >> 2);
}

static_assert(ascii_fold_word(0x5A41'7A61'405B'C1DAULL) == 0x7A61'7A61'405B'C1DAULL, "A-Z lowered, a-z @ [ and bytes >= 0x80 kept");

}  // namespace detail
CLAW_END_NAMESPACE
