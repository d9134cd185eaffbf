// SPDX-License-Identifier: MIT
// ASCII case folding for paths and host names: the only folding the `paths` and `domains`
// modules apply (S8.4: case-insensitive volumes fold ASCII letters; no locale, no Unicode
// tables). Bytes outside A-Z, including every byte of a multi-byte UTF-8 sequence, are their own
// fold.
#pragma once

#include <claw/config.hpp>

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

/** The starting value of `folded_hash` (FNV-1a offset basis). */
inline constexpr std::uint64_t folded_hash_seed = 0xcbf29ce484222325ULL;

/** One step of `folded_hash`: the hash of a string extended by the byte `c`. */
constexpr std::uint64_t folded_hash_step(std::uint64_t h, char c) noexcept {
    return (h ^ static_cast<unsigned char>(ascii_lower(c))) * 0x100000001b3ULL;
}

/**
 * A 64-bit FNV-1a hash of the ASCII-lowercased bytes: equal for strings that `iequal` calls
 * equal. Incremental: the hash of every prefix is met on the way (`folded_hash_step`).
 */
constexpr std::uint64_t folded_hash(std::string_view s) noexcept {
    std::uint64_t h = folded_hash_seed;
    for (const char c : s) h = folded_hash_step(h, c);
    return h;
}

}  // namespace paths
CLAW_END_NAMESPACE
