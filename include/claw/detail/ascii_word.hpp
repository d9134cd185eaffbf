// SPDX-License-Identifier: MIT
// Eight bytes at a time: the one SWAR step that lowers the ASCII letters of a 64-bit word, shared by
// the Unicode lowering of claw/text, the path hashes of claw/paths and the shell rule index, and
// the load of a short key's bytes as one word that the string indexes compare.
#pragma once

#include <claw/config.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>

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

/**
 * The first min(n, 8) bytes at `p` as one word, reading only those bytes: eight at once, 4 to 7 as
 * two overlapping halves, 1 to 3 as the first, middle and last byte (0 for none). For a given
 * n <= 8, different bytes give different words, so two keys of the same length and at most eight
 * bytes are equal exactly when their words are. Byte order is the machine's.
 */
inline std::uint64_t short_word(const char* p, std::size_t n) noexcept {
    std::uint64_t x = 0;
    if (n >= 8) {
        std::memcpy(&x, p, 8);
    } else if (n >= 4) {
        std::uint32_t lo = 0, hi = 0;
        std::memcpy(&lo, p, 4);
        std::memcpy(&hi, p + n - 4, 4);
        x = lo | (std::uint64_t{hi} << 32);
    } else if (n > 0) {
        x = std::uint64_t{static_cast<unsigned char>(p[0])} | std::uint64_t{static_cast<unsigned char>(p[n / 2])} << 8 |
            std::uint64_t{static_cast<unsigned char>(p[n - 1])} << 16;
    }
    return x;
}

}  // namespace detail
CLAW_END_NAMESPACE
