// SPDX-License-Identifier: MIT
// The ASCII spelling of an internationalised host name, as far as deny rules need it: the label
// separators and full-width forms that IDNA maps (U+3002, U+FF0E, U+FF61; U+FF01..U+FF5E), Python
// lower case, then each non-ASCII label as Punycode (`xn--`, RFC 3492). No Unicode normalisation
// and no validity checks: the result lets a deny rule written for `evil.example` or for
// `xn--bcher-kva.example` recognise `evil。example` and `bücher.example`; such hosts are never
// allowed by a rule (they ask), so an imperfect mapping can only make a deny fire, never an allow.
#pragma once

#include <claw/config.hpp>
#include <claw/text/lower.hpp>
#include <claw/text/utf8.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

CLAW_BEGIN_NAMESPACE
namespace domains {

namespace detail {
constexpr char punycode_digit(std::uint32_t d) noexcept {
    return static_cast<char>(d < 26 ? 'a' + d : '0' + (d - 26));
}

constexpr std::uint32_t punycode_adapt(std::uint32_t delta, std::uint32_t points, bool first) noexcept {
    delta = first ? delta / 700 : delta / 2;
    delta += delta / points;
    std::uint32_t k = 0;
    while (delta > ((36 - 1) * 26) / 2) {
        delta /= 36 - 1;
        k += 36;
    }
    return k + (36 * delta) / (delta + 38);
}

// Appends `xn--` + the Punycode of `cps` to out[n...]; false when it does not fit or overflows.
inline bool punycode_label(const char32_t* cps, std::size_t count, char* out, std::size_t& n, std::size_t cap) noexcept {
    const auto put = [&](char c) {
        if (n == cap) return false;
        out[n++] = c;
        return true;
    };
    for (const char c : std::string_view("xn--"))
        if (!put(c)) return false;
    std::uint32_t basic = 0;
    for (std::size_t i = 0; i < count; ++i)
        if (cps[i] < 0x80) {
            if (!put(static_cast<char>(cps[i]))) return false;
            ++basic;
        }
    std::uint32_t handled = basic;
    if (basic > 0 && !put('-')) return false;
    std::uint32_t next = 0x80, delta = 0, bias = 72;
    while (handled < count) {
        std::uint32_t m = 0x10FFFF + 1;
        for (std::size_t i = 0; i < count; ++i)
            if (cps[i] >= next && cps[i] < m) m = static_cast<std::uint32_t>(cps[i]);
        if ((m - next) > (0xFFFFFFFFu - delta) / (handled + 1)) return false;
        delta += (m - next) * (handled + 1);
        next = m;
        for (std::size_t i = 0; i < count; ++i) {
            if (cps[i] < next && ++delta == 0) return false;
            if (cps[i] != next) continue;
            std::uint32_t q = delta;
            for (std::uint32_t k = 36;; k += 36) {
                const std::uint32_t t = k <= bias ? 1 : (k >= bias + 26 ? 26 : k - bias);
                if (q < t) break;
                if (!put(punycode_digit(t + (q - t) % (36 - t)))) return false;
                q = (q - t) / (36 - t);
            }
            if (!put(punycode_digit(q))) return false;
            bias = punycode_adapt(delta, handled + 1, handled == basic);
            delta = 0;
            ++handled;
        }
        ++delta;
        ++next;
    }
    return true;
}
}  // namespace detail

/**
 * Writes the ASCII spelling of `host` (see the header comment) into `out` and returns it, or an
 * empty view when the host is not valid UTF-8, has a label of more than 63 code points, or the
 * result does not fit in `capacity`. noexcept, no allocation.
 */
[[nodiscard]] inline std::string_view ascii_host(std::string_view host, char* out, std::size_t capacity) noexcept {
    std::size_t n = 0;
    std::array<char32_t, 64> label{};
    std::size_t count = 0;
    bool non_ascii = false;
    const auto flush = [&]() {
        if (non_ascii) {
            if (!detail::punycode_label(label.data(), count, out, n, capacity)) return false;
        } else {
            for (std::size_t i = 0; i < count; ++i) {
                if (n == capacity) return false;
                out[n++] = static_cast<char>(label[i]);
            }
        }
        count = 0;
        non_ascii = false;
        return true;
    };
    for (std::size_t i = 0; i < host.size();) {
        const text::decoded d = text::decode_next(host, i);
        if (!d.valid) return {};
        i += d.length;
        char32_t cp = d.code_point;
        if (cp == 0x3002 || cp == 0xFF0E || cp == 0xFF61) cp = '.';
        if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;  // full-width ASCII
        if (cp == '.') {
            if (!flush() || n == capacity) return {};
            out[n++] = '.';
            continue;
        }
        cp = text::detail::lower_single(cp);
        if (cp >= 0x80) non_ascii = true;
        if (count == label.size()) return {};
        label[count++] = cp;
    }
    if (!flush()) return {};
    return std::string_view(out, n);
}

}  // namespace domains
CLAW_END_NAMESPACE
