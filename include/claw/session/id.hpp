// SPDX-License-Identifier: MIT
// Session ids: new random ids in the reference's format, and the rule every store applies before
// an id comes near the file system.
#pragma once

#include <claw/config.hpp>

#include <claw/detail/os.hpp>
#include <claw/error.hpp>
#include <claw/session/detail/messages.hpp>
#include <claw/text/repr.hpp>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>


CLAW_BEGIN_NAMESPACE

/** Longest session id a store accepts. */
inline constexpr std::size_t max_session_id_length = 128;

/**
 * True when `id` is 1 to 128 characters of `[A-Za-z0-9_-]`: a safe file name on every system,
 * which can never be `.`, `..`, contain a separator or NUL, or name a hidden file.
 * Complexity: O(|id|), at most 128 bytes examined. Never throws.
 */
[[nodiscard]] constexpr bool is_valid_session_id(std::string_view id) noexcept {
    if (id.empty() || id.size() > max_session_id_length) return false;
    for (const char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                        c == '-';
        if (!ok) return false;
    }
    return true;
}

/**
 * Throws `claw::session_error` (`errc::invalid_session_id`) unless `is_valid_session_id(id)`. The
 * message shows the id (its first 64 bytes) as a Python `repr`, and `source` as `detail::shown`
 * does, so it stays one line whatever the id holds. Complexity: O(|id|) (at most 128 bytes
 * examined; at most 64 shown).
 */
inline void require_valid_session_id(std::string_view id, const std::string& source) {
    if (is_valid_session_id(id)) return;
    std::string shown = text::repr(id.substr(0, 64));
    if (id.size() > 64) shown += "...";
    const std::string why = id.empty()                              ? "it is empty"
                            : id.size() > max_session_id_length     ? "it is longer than 128 characters"
                                                                    : "only A-Z, a-z, 0-9, '_' and '-' are allowed";
    throw session_error(errc::invalid_session_id, detail::shown(source), "invalid session id " + shown + ": " + why);
}

namespace detail {
// Fills `out` from the kernel's random source. Every use in the session module is about a
// session, so a failure is a session_error: `source` names the file being saved, or "new id".
inline void random_bytes(unsigned char* out, std::size_t n, const std::string& source, const char* purpose) {
    if (const std::error_code ec = os::fill_random(out, n))
        throw session_error(ec, source,
                            std::string(purpose) + ": the system's random source (getrandom) failed: " + ec.message());
}
}  // namespace detail

/**
 * A new session id: a random version-4 UUID as 32 lowercase hex digits without dashes, like
 * Python's `uuid4().hex`, from the kernel's cryptographically secure source (`getrandom`).
 *
 * Complexity: constant: one `getrandom` of 16 bytes.
 * @throws claw::session_error (source `new id`, the system error code) when the random source
 *         fails; it never falls back to a weaker source.
 */
[[nodiscard]] inline std::string new_session_id() {
    unsigned char b[16];
    detail::random_bytes(b, sizeof b, "new id", "cannot make a new session id");
    b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);  // version 4
    b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);  // RFC 4122 variant
    constexpr char hex[] = "0123456789abcdef";
    std::string id(32, '0');
    for (std::size_t i = 0; i < 16; ++i) {
        id[2 * i] = hex[b[i] >> 4];
        id[2 * i + 1] = hex[b[i] & 0xF];
    }
    return id;
}

CLAW_END_NAMESPACE
