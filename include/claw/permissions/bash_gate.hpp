// SPDX-License-Identifier: MIT
// The reference's bash gate: every tool whose lowercased name contains "bash" is denied with a
// fixed reason. No flag or setting turns it off; only choosing another policy type does.
#pragma once

#include <claw/config.hpp>

#include <claw/permissions/policy.hpp>

#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>

CLAW_BEGIN_NAMESPACE

/**
 * Denies every tool whose name, lowercased as by Python, contains `bash`.
 *
 * Python's `lower()` maps only ASCII `B A S H` to `b a s h` (no other code point lowers to those
 * letters, and UTF-8 never hides ASCII bytes inside other characters), so the test runs on the raw
 * bytes, for any input including invalid UTF-8, with no allocation.
 */
struct bash_gate {
    /** The reference's reason, exactly. */
    static constexpr std::string_view reason = "destructive shell execution remains gated in the Python port";

    /** True when `lower(name)` contains `bash`. Complexity: O(|name|), no allocation. Never throws. */
    static constexpr bool gates(std::string_view name) noexcept {
        if (name.size() < 4) return false;
        if (std::is_constant_evaluated()) {
            for (std::size_t i = 0; i + 4 <= name.size(); ++i) {
                if ((name[i] | 0x20) == 'b' && (name[i + 1] | 0x20) == 'a' && (name[i + 2] | 0x20) == 's' &&
                    (name[i + 3] | 0x20) == 'h')
                    return true;
            }
            return false;
        }
        return gates_runtime(name.data(), name.size());
    }

    /** Denies with `reason` when `gates(r.name)`. Complexity: as `gates`; the subject is not read. Never throws. */
    constexpr decision check(const tool_request& r) const noexcept {
        return gates(r.name) ? decision{verdict::deny, reason} : decision{};
    }

private:
    // OR-ing 0x20 folds exactly 'B'->'b', 'A'->'a', 'S'->'s', 'H'->'h' onto the target bytes.
    static bool gates_runtime(const char* p, std::size_t n) noexcept {
        std::uint32_t want;
        std::memcpy(&want, "bash", 4);
        constexpr std::uint32_t fold = 0x20202020u;
        std::size_t i = 0;
        if constexpr (CLAW_USE_SWAR && std::endian::native == std::endian::little) {
            // Eight bytes at a time: the five 4-byte windows that fit in each 8-byte load.
            for (; i + 8 <= n; i += 5) {
                std::uint64_t w;
                std::memcpy(&w, p + i, 8);
                w |= 0x2020202020202020ull;
                for (int k = 0; k < 5; ++k) {
                    if (static_cast<std::uint32_t>(w >> (8 * k)) == want) return true;
                }
            }
        }
        for (; i + 4 <= n; ++i) {
            std::uint32_t w;
            std::memcpy(&w, p + i, 4);
            if ((w | fold) == want) return true;
        }
        return false;
    }
};

CLAW_END_NAMESPACE
