// SPDX-License-Identifier: MIT
// UTF-8 decoding and validation with Python's rules. Every text function in claw-cpp reads its
// input through `decode_next`, so invalid UTF-8 is handled the same way everywhere: each byte that
// is not part of a valid sequence stands for the lone surrogate U+DC00 + byte, exactly as Python's
// `surrogateescape` error handler decodes it, and is written back as the original byte.
#pragma once

#include <claw/config.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

#if CLAW_USE_SSE2
#include <emmintrin.h>
#endif

CLAW_BEGIN_NAMESPACE
namespace text {

/** One decoded unit of a UTF-8 string. */
struct decoded {
    char32_t code_point = 0;  ///< the code point, or U+DC80..U+DCFF for an invalid byte
    std::uint8_t length = 0;  ///< bytes consumed (1..4)
    bool valid = true;        ///< false when the byte was not part of a valid sequence
};

/**
 * Decodes the code point that starts at `pos` (which must be < `s.size()`).
 *
 * Valid means what Python's strict UTF-8 codec accepts: shortest form, no surrogates, at most
 * U+10FFFF. Anything else consumes one byte and yields `{0xDC00 + byte, 1, false}`.
 * Constant time; never throws.
 */
constexpr decoded decode_next(std::string_view s, std::size_t pos) noexcept {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    const unsigned char b0 = byte(pos);
    if (b0 < 0x80) return {b0, 1, true};
    const decoded invalid{static_cast<char32_t>(0xDC00 + b0), 1, false};
    const std::size_t left = s.size() - pos;
    const auto cont = [&](std::size_t i, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
        return i < left && byte(pos + i) >= lo && byte(pos + i) <= hi;
    };
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        if (!cont(1)) return invalid;
        return {static_cast<char32_t>(((b0 & 0x1Fu) << 6) | (byte(pos + 1) & 0x3Fu)), 2, true};
    }
    if (b0 >= 0xE0 && b0 <= 0xEF) {
        const unsigned char lo = b0 == 0xE0 ? 0xA0 : 0x80;
        const unsigned char hi = b0 == 0xED ? 0x9F : 0xBF;
        if (!cont(1, lo, hi) || !cont(2)) return invalid;
        return {static_cast<char32_t>(((b0 & 0x0Fu) << 12) | ((byte(pos + 1) & 0x3Fu) << 6) |
                                      (byte(pos + 2) & 0x3Fu)),
                3, true};
    }
    if (b0 >= 0xF0 && b0 <= 0xF4) {
        const unsigned char lo = b0 == 0xF0 ? 0x90 : 0x80;
        const unsigned char hi = b0 == 0xF4 ? 0x8F : 0xBF;
        if (!cont(1, lo, hi) || !cont(2) || !cont(3)) return invalid;
        return {static_cast<char32_t>(((b0 & 0x07u) << 18) | ((byte(pos + 1) & 0x3Fu) << 12) |
                                      ((byte(pos + 2) & 0x3Fu) << 6) | (byte(pos + 3) & 0x3Fu)),
                4, true};
    }
    return invalid;
}

/** Offset of the first byte that is not valid UTF-8, or `std::string_view::npos`. O(|s|), no allocation; never throws. */
constexpr std::size_t find_invalid_utf8(std::string_view s) noexcept {
    std::size_t i = 0;
    while (i < s.size()) {
        if (!std::is_constant_evaluated()) {  // skip pure-ASCII stretches sixteen or eight bytes at a time
#if CLAW_USE_SSE2
            while (i + 16 <= s.size() &&
                   _mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i))) == 0)
                i += 16;
#endif
            while (i + 8 <= s.size()) {
                std::uint64_t w;
                std::memcpy(&w, s.data() + i, 8);
                if (w & 0x8080808080808080ull) break;
                i += 8;
            }
            if (i >= s.size()) break;
        }
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            ++i;
            continue;
        }
        const decoded d = decode_next(s, i);
        if (!d.valid) return i;
        i += d.length;
    }
    return std::string_view::npos;
}

/** True when `s` is valid UTF-8 by Python's strict rules. O(|s|); never throws. */
constexpr bool is_valid_utf8(std::string_view s) noexcept {
    return find_invalid_utf8(s) == std::string_view::npos;
}

/**
 * Writes the UTF-8 form of `cp` into `out` and returns its length (1 to 4). A lone surrogate
 * U+DC80..U+DCFF (an escaped invalid byte) is written back as that byte; any other surrogate or
 * value above U+10FFFF is written as U+FFFD. The one UTF-8 encoder of claw-cpp.
 */
constexpr std::size_t encode_utf8(char32_t cp, char (&out)[4]) noexcept {
    if (cp < 0x80) {
        out[0] = static_cast<char>(cp);
        return 1;
    }
    if (cp < 0x800) {
        out[0] = static_cast<char>(0xC0 | (cp >> 6));
        out[1] = static_cast<char>(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp >= 0xDC80 && cp <= 0xDCFF) {
        out[0] = static_cast<char>(cp - 0xDC00);
        return 1;
    }
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = 0xFFFD;
    if (cp < 0x10000) {
        out[0] = static_cast<char>(0xE0 | (cp >> 12));
        out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out[2] = static_cast<char>(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = static_cast<char>(0xF0 | (cp >> 18));
    out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[3] = static_cast<char>(0x80 | (cp & 0x3F));
    return 4;
}

/** Appends the UTF-8 form of `cp` to `out` (see `encode_utf8`). */
inline void append_utf8(std::string& out, char32_t cp) {
    char buf[4];
    out.append(buf, encode_utf8(cp, buf));
}

}  // namespace text
CLAW_END_NAMESPACE
