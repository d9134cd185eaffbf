// SPDX-License-Identifier: MIT
// ASCII case folding for paths and host names: the only folding the `paths` and `domains`
// modules apply (S8.4: case-insensitive volumes fold ASCII letters; no locale, no Unicode
// tables). Bytes outside A-Z, including every byte of a multi-byte UTF-8 sequence, are their own
// fold.
#pragma once

#include <claw/config.hpp>

#include <claw/detail/ascii_word.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

CLAW_BEGIN_NAMESPACE
namespace paths {

/** `c` with A-Z mapped to a-z; every other byte unchanged. */
constexpr char ascii_lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c; }

/** `c` with a-z mapped to A-Z; every other byte unchanged. */
constexpr char ascii_upper(char c) noexcept { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - ('a' - 'A')) : c; }

/** True when `c` is an ASCII letter. */
constexpr bool is_ascii_alpha(char c) noexcept { return ascii_lower(c) >= 'a' && ascii_lower(c) <= 'z'; }

/** Byte equality, with ASCII letters folded when `fold` is true. */
constexpr bool chars_equal(char a, char b, bool fold) noexcept {
    return a == b || (fold && ascii_lower(a) == ascii_lower(b));
}

/** Equality of two byte strings, ASCII-case-insensitive when `fold` is true. O(n), no allocation. */
constexpr bool equal(std::string_view a, std::string_view b, bool fold) noexcept {
    if (a.size() != b.size()) return false;
    if (!fold) return a == b;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

/** ASCII-case-insensitive equality (`equal(a, b, true)`). */
constexpr bool iequal(std::string_view a, std::string_view b) noexcept { return equal(a, b, true); }

/**
 * Writes the ASCII-lowercased `in` to `out` (which must hold `in.size()` bytes; `in` and `out`
 * may be the same memory). Returns the number of bytes written.
 */
constexpr std::size_t fold_into(std::string_view in, char* out) noexcept {
    for (std::size_t i = 0; i < in.size(); ++i) out[i] = ascii_lower(in[i]);
    return in.size();
}

namespace detail {

constexpr std::uint64_t hash_mix(std::uint64_t h, std::uint64_t w) noexcept {
    return (h ^ w) * 0x9e3779b97f4a7c15ULL;
}

}  // namespace detail

/**
 * A 64-bit hash of the ASCII-lowercased bytes of `s`: equal for strings that `iequal` calls
 * equal. Reads eight bytes per step (a string under eight bytes as one `short_word`); O(n), no
 * allocation. Not stable across versions: for in-memory indexes only.
 */
inline std::uint64_t folded_hash(std::string_view s) noexcept {
    using claw::detail::ascii_fold_word;
    using claw::detail::short_word;
    std::uint64_t h = 0xcbf29ce484222325ULL ^ s.size();
    if (s.size() < 8) {
        h = detail::hash_mix(h, ascii_fold_word(short_word(s.data(), s.size())));
    } else {
        std::size_t i = 0;
        for (; i + 8 <= s.size(); i += 8) h = detail::hash_mix(h, ascii_fold_word(short_word(s.data() + i, 8)));
        // A tail: the last eight bytes again (they overlap the step before).
        if (i < s.size()) h = detail::hash_mix(h, ascii_fold_word(short_word(s.data() + s.size() - 8, 8)));
    }
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ULL;
    return h ^ (h >> 32);
}

}  // namespace paths
CLAW_END_NAMESPACE
