// SPDX-License-Identifier: MIT
// The `session_store` concept and `memory_store`, the store that keeps sessions in the process.
#pragma once

#include <claw/config.hpp>

#include <claw/error.hpp>
#include <claw/session/codec.hpp>
#include <claw/session/detail/messages.hpp>
#include <claw/session/id.hpp>
#include <claw/session/stored_session.hpp>
#include <claw/text/utf8.hpp>

#include <concepts>
#include <functional>
#include <map>
#include <string>
#include <string_view>

CLAW_BEGIN_NAMESPACE

/**
 * A session store saves and loads `stored_session` values.
 *
 * Requirements on a type `S`: `save(const stored_session&)` returns a locator convertible to
 * `std::string` (the default store returns `".port_sessions/<id>.json"`); `load(std::string_view id)`
 * returns the `stored_session` or throws `claw::session_error`. Both should reject ids that are not
 * `is_valid_session_id` before touching storage.
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
// What every shipped store checks before saving: a safe id and non-negative counters. (Text is
// checked for UTF-8 where it is encoded, in one pass.)
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

/**
 * Keeps sessions in memory, for tests and ephemeral runtimes. Applies the same checks as
 * `json_file_store` so that swapping stores never changes what is accepted. Locators are
 * `"memory:<id>"`. Like a standard container it is safe to use from one thread at a time.
 */
class memory_store {
public:
    std::string save(const stored_session& s) {
        const std::string where = "memory:" + s.session_id;
        detail::require_storable(s, where);
        detail::require_utf8_messages(s, where);
        sessions_.insert_or_assign(s.session_id, s);
        return where;
    }

    stored_session load(std::string_view id) const {
        const std::string where = "memory:" + std::string(id);
        require_valid_session_id(id, where);
        const auto it = sessions_.find(id);
        if (it == sessions_.end())
            throw session_error(errc::not_found, detail::shown(where), "no such session in this memory store");
        return it->second;
    }

    /** True when a session with this id is stored. */
    bool contains(std::string_view id) const { return sessions_.find(id) != sessions_.end(); }
    /** Number of stored sessions. */
    std::size_t size() const noexcept { return sessions_.size(); }

private:
    std::map<std::string, stored_session, std::less<>> sessions_;
};

CLAW_END_NAMESPACE
