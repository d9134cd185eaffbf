// SPDX-License-Identifier: MIT
// `memory_store`, the store that keeps sessions in the process: for tests and ephemeral runtimes.
#pragma once

#include <claw/config.hpp>

#include <claw/error.hpp>
#include <claw/session/detail/messages.hpp>
#include <claw/session/id.hpp>
#include <claw/session/store.hpp>
#include <claw/session/stored_session.hpp>

#include <functional>
#include <map>
#include <string>
#include <string_view>

CLAW_BEGIN_NAMESPACE


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

    [[nodiscard]] stored_session load(std::string_view id) const {
        const std::string where = "memory:" + std::string(id);
        require_valid_session_id(id, where);
        const auto it = sessions_.find(id);
        if (it == sessions_.end())
            throw session_error(errc::not_found, detail::shown(where), "no such session in this memory store");
        return it->second;
    }

    /** True when a session with this id is stored. */
    [[nodiscard]] bool contains(std::string_view id) const { return sessions_.find(id) != sessions_.end(); }
    /** Number of stored sessions. */
    [[nodiscard]] std::size_t size() const noexcept { return sessions_.size(); }

private:
    std::map<std::string, stored_session, std::less<>> sessions_;
};

CLAW_END_NAMESPACE
