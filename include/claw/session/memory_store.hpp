// SPDX-License-Identifier: MIT
// `memory_store`, the store that keeps sessions in the process: for tests and ephemeral runtimes.
#pragma once

#include <claw/config.hpp>

#include <claw/error.hpp>
#include <claw/session/detail/messages.hpp>
#include <claw/session/capabilities.hpp>
#include <claw/session/id.hpp>
#include <claw/session/store.hpp>
#include <claw/session/stored_session.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <vector>
#include <string>
#include <string_view>

CLAW_BEGIN_NAMESPACE


/**
 * Keeps sessions in memory, for tests and ephemeral runtimes. Applies the same checks as
 * `json_file_store` so that swapping stores never changes what is accepted. Locators are
 * `"memory:<id>"`. Like a standard container it is safe to use from one thread at a time.
 *
 * It has every capability of `<claw/session/capabilities.hpp>`: `list` (updated_at is the
 * process's clock at the save), `remove`, `contains`, `find`, and `load_versioned` / `save_if`
 * (each session keeps a revision, 1 at creation, +1 per save).
 */
class memory_store {
public:
    /**
     * Saves `s` (last writer wins) and returns `memory:<id>`. Complexity: O(log n) for n stored
     * sessions, plus O(size of `s`) to check its text and copy it.
     * @throws claw::session_error before anything is stored: invalid id, negative counter, more
     *         than `max_session_messages` messages, a message that is not valid UTF-8 (the same
     *         checks as the other stores; there is no file-size limit).
     */
    std::string save(const stored_session& s) {
        const std::string where = checked(s);
        auto it = sessions_.find(s.session_id);
        if (it == sessions_.end()) {
            sessions_.emplace(s.session_id, entry{s, now(), 1});
        } else {
            it->second.session = s;
            it->second.updated_at = now();
            ++it->second.revision;
        }
        return where;
    }

    /**
     * A copy of the session stored under `id`. Complexity: O(log n) plus the copy.
     * @throws claw::session_error (`errc::not_found`, `errc::invalid_session_id`).
     */
    [[nodiscard]] stored_session load(std::string_view id) const { return find_entry(id).session; }

    /** The session and its revision. Complexity: as `load`. @throws as `load`. */
    [[nodiscard]] versioned_session load_versioned(std::string_view id) const {
        const entry& e = find_entry(id);
        return {e.session, e.revision};
    }

    /**
     * Saves `s` only if its stored revision is `expected` (0: only if absent); returns the new
     * revision, or `nullopt` on a conflict (nothing written). Complexity: as `save`. @throws as `save`
     * (a conflict is not an exception).
     */
    [[nodiscard]] std::optional<std::uint64_t> save_if(const stored_session& s, std::uint64_t expected) {
        (void)checked(s);
        auto it = sessions_.find(s.session_id);
        if (it == sessions_.end()) {
            if (expected != 0) return std::nullopt;
            sessions_.emplace(s.session_id, entry{s, now(), 1});
            return 1;
        }
        if (it->second.revision != expected) return std::nullopt;
        it->second.session = s;
        it->second.updated_at = now();
        return ++it->second.revision;
    }

    /** Every session's summary, newest first. Complexity: O(n log n) for n sessions (plus copying the ids). Never throws but allocation. */
    [[nodiscard]] std::vector<session_summary> list() const {
        std::vector<session_summary> out;
        out.reserve(sessions_.size());
        for (const auto& [id, e] : sessions_)
            out.push_back({id, e.session.messages.size(), e.session.input_tokens, e.session.output_tokens, e.updated_at,
                           e.revision});
        sort_newest_first(out);
        return out;
    }

    /** Removes the session; true when it existed. Complexity: O(log n). @throws claw::session_error for an invalid id. */
    bool remove(std::string_view id) {
        require_valid_session_id(id, "memory:" + std::string(id));
        const auto it = sessions_.find(id);
        if (it == sessions_.end()) return false;
        sessions_.erase(it);
        return true;
    }

    /** True when a session with this id is stored. Complexity: O(log n). @throws claw::session_error for an invalid id. */
    [[nodiscard]] bool contains(std::string_view id) const {
        require_valid_session_id(id, "memory:" + std::string(id));
        return sessions_.find(id) != sessions_.end();
    }

    /**
     * Ids of the sessions with a message containing `text` (bytes), newest first. Complexity: one
     * `std::string::find` per message until a session's first hit: O(M * |text|) in the worst
     * case for M bytes of messages in all, then O(h log h) to order h hits. Never throws but allocation.
     */
    [[nodiscard]] std::vector<std::string> find(std::string_view text) const {
        std::vector<session_summary> hits;
        for (const auto& [id, e] : sessions_) {
            for (const auto& m : e.session.messages) {
                if (m.find(text) != std::string::npos) {
                    hits.push_back({id, {}, {}, {}, e.updated_at, e.revision});
                    break;
                }
            }
        }
        sort_newest_first(hits);
        std::vector<std::string> ids;
        ids.reserve(hits.size());
        for (auto& h : hits) ids.push_back(std::move(h.session_id));
        return ids;
    }

    /** The locator `save` returns for `id`: `memory:<id>` (the id is not checked). Never throws but allocation. */
    std::string locator(std::string_view id) const { return "memory:" + std::string(id); }

    /** Number of stored sessions. Constant. */
    [[nodiscard]] std::size_t size() const noexcept { return sessions_.size(); }

private:
    struct entry {
        stored_session session;
        std::chrono::system_clock::time_point updated_at;
        std::uint64_t revision = 1;
    };

    static std::chrono::system_clock::time_point now() noexcept { return std::chrono::system_clock::now(); }

    static void sort_newest_first(std::vector<session_summary>& v) {
        std::sort(v.begin(), v.end(), [](const session_summary& a, const session_summary& b) {
            if (a.updated_at != b.updated_at) return a.updated_at > b.updated_at;
            return a.session_id > b.session_id;
        });
    }

    static std::string checked(const stored_session& s) {
        std::string where = "memory:" + s.session_id;
        detail::require_storable(s, where);
        detail::require_utf8_messages(s, where);
        return where;
    }

    const entry& find_entry(std::string_view id) const {
        const std::string where = "memory:" + std::string(id);
        require_valid_session_id(id, where);
        const auto it = sessions_.find(id);
        if (it == sessions_.end())
            throw session_error(errc::not_found, detail::shown(where), "no such session in this memory store");
        return it->second;
    }

    std::map<std::string, entry, std::less<>> sessions_;
};

CLAW_END_NAMESPACE
