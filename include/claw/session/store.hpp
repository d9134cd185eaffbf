// SPDX-License-Identifier: MIT
// The `session_store` concept every store satisfies, and the checks every shipped store applies
// before it writes (a safe id, non-negative counters, the message cap, valid UTF-8), so that
// swapping one store for another never changes what is accepted.
#pragma once

#include <claw/config.hpp>

#include <claw/error.hpp>
#include <claw/session/codec.hpp>
#include <claw/session/detail/messages.hpp>
#include <claw/session/id.hpp>
#include <claw/session/stored_session.hpp>
#include <claw/text/utf8.hpp>

#include <concepts>
#include <cstddef>
#include <string>
#include <string_view>

CLAW_BEGIN_NAMESPACE

/**
 * A session store saves and loads `stored_session` values.
 *
 * Requirements on a type `S`: `save(const stored_session&)` returns a locator convertible to
 * `std::string` (the default store returns `".port_sessions/<id>.json"`); `load(std::string_view id)`
 * returns the `stored_session` or throws `claw::session_error`. Both should reject ids that are not
 * `is_valid_session_id` before touching storage. Every requirement is checked on a non-const `S&`,
 * so a store whose reads open a connection lazily need not make it `mutable`; `S` may also be a
 * reference type (`memory_store&`), so that several engines share one store.
 *
 * Optional capabilities (listing, removal, probing, compare-and-set, search) are separate concepts
 * in `<claw/session/capabilities.hpp>`.
 *
 * A complete exemplar:
 * @code
 * struct null_store {  // remembers nothing
 *     std::string save(const claw::stored_session& s) { return "null:" + s.session_id; }
 *     claw::stored_session load(std::string_view id) {
 *         throw claw::session_error(claw::errc::not_found, "null:" + std::string(id), "nothing is stored");
 *     }
 * };
 * static_assert(claw::session_store<null_store>);
 * @endcode
 */
template <class S>
concept session_store = requires(S& s, const stored_session& x, std::string_view id) {
    { s.save(x) } -> std::convertible_to<std::string>;
    { s.load(id) } -> std::same_as<stored_session>;
};

namespace detail {
// What every shipped store checks before saving: a safe id, non-negative counters and at most
// max_session_messages messages. (Text is checked for UTF-8 where it is encoded, in one pass.)
inline void require_storable(const stored_session& s, const std::string& source) {
    require_valid_session_id(s.session_id, source);
    if (s.input_tokens < 0 || s.output_tokens < 0)
        throw session_error(errc::out_of_range, shown(source), "token counts must not be negative; nothing was written");
    if (s.messages.size() > max_session_messages)
        throw session_error(errc::too_large, shown(source),
                            std::to_string(s.messages.size()) + " messages, more than the limit of " +
                                std::to_string(max_session_messages) +
                                " (CLAW_MAX_SESSION_MESSAGES) that load accepts; nothing was written");
}

inline void require_utf8_messages(const stored_session& s, const std::string& source) {
    for (std::size_t i = 0; i < s.messages.size(); ++i) {
        if (const std::size_t bad = text::find_invalid_utf8(s.messages[i]); bad != std::string_view::npos)
            throw session_error(errc::invalid_utf8, shown(source),
                                "messages[" + std::to_string(i) + "] is not valid UTF-8 (first bad byte at offset " +
                                    std::to_string(bad) + "); nothing was written");
    }
}
}  // namespace detail

CLAW_END_NAMESPACE
