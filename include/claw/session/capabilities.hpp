// SPDX-License-Identifier: MIT
// Optional capabilities of a session store, each a concept refining `session_store`: listing,
// removal, probing, compare-and-set by revision and search. Templates detect them with
// `if constexpr` or constrain a member with `requires`. Generic tools built on them:
// `latest_session_id`, `prune_sessions`, `copy_sessions`, `session_exists`.
#pragma once

#include <claw/config.hpp>

#include <claw/error.hpp>
#include <claw/session/store.hpp>
#include <claw/session/stored_session.hpp>

#include <chrono>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

CLAW_BEGIN_NAMESPACE

/**
 * Listing metadata of one session, never its messages.
 *
 * `message_count`, `input_tokens` and `output_tokens` are empty where a store cannot know them
 * without reading the transcript: `json_file_store` never knows `message_count` (counting would
 * mean parsing), and reads the two counters from the fixed-size tail of a file in the reference
 * layout (empty when the tail has another shape). The other shipped stores always fill all three.
 */
struct session_summary {
    std::string session_id;
    std::optional<std::size_t> message_count;
    std::optional<std::int64_t> input_tokens;
    std::optional<std::int64_t> output_tokens;
    /** The store's clock: the database's (`now()` on PostgreSQL), the process's, or the file's mtime. */
    std::chrono::system_clock::time_point updated_at{};
    /** The store's revision of the session; 0 when the store keeps no revisions. */
    std::uint64_t revision = 0;

    friend bool operator==(const session_summary&, const session_summary&) = default;
};

/** A session with the revision a later `save_if` must name. Revisions start at 1. */
struct versioned_session {
    stored_session session;
    std::uint64_t revision = 0;
};

/** `list()` returns every session's summary, newest first (ties: greater id first). */
template <class S>
concept listable_session_store = session_store<S> && requires(S& s) {
    { s.list() } -> std::same_as<std::vector<session_summary>>;
};

/** `remove(id)` deletes a session; true when it existed. Idempotent. */
template <class S>
concept removable_session_store = session_store<S> && requires(S& s, std::string_view id) {
    { s.remove(id) } -> std::same_as<bool>;
};

/** `contains(id)` tells whether a session exists, without loading it. */
template <class S>
concept probing_session_store = session_store<S> && requires(S& s, std::string_view id) {
    { s.contains(id) } -> std::same_as<bool>;
};

/** `find(text)` returns the ids of sessions with a message containing `text` (bytes), newest first. */
template <class S>
concept searchable_session_store = session_store<S> && requires(S& s, std::string_view text) {
    { s.find(text) } -> std::same_as<std::vector<std::string>>;
};

/**
 * Compare-and-set: `load_versioned(id)` returns the session and its revision; `save_if(x, rev)`
 * writes only when the stored revision is still `rev` (0: only when no session with that id
 * exists) and returns the new revision, or `std::nullopt` on a conflict (nothing written). A
 * read-modify-write loop that retries on `nullopt` loses no update among any number of writers.
 */
template <class S>
concept versioned_session_store =
    session_store<S> && requires(S& s, std::string_view id, const stored_session& x, std::uint64_t rev) {
        { s.load_versioned(id) } -> std::same_as<versioned_session>;
        { s.save_if(x, rev) } -> std::same_as<std::optional<std::uint64_t>>;
    };

/**
 * The id of the most recently updated session, or `nullopt` for an empty store.
 * Complexity: one `list()` (for `json_file_store` a folder scan, for the databases one indexed
 * query), then constant.
 * @throws what the store's `list()` throws (`claw::session_error` for the shipped stores).
 */
template <listable_session_store S>
[[nodiscard]] std::optional<std::string> latest_session_id(S& store) {
    std::vector<session_summary> all = store.list();
    if (all.empty()) return std::nullopt;
    return std::move(all.front().session_id);
}

/**
 * Explicit retention: removes the sessions last updated before `cutoff` (by the store's own
 * `updated_at`), except the `keep` most recent ones, which stay whatever their age. Never runs by
 * itself. Calls `on_removed(const session_summary&)` for each session it removed, so that the
 * caller can log them, and returns how many it removed.
 * Complexity: one `list()`, then one `remove` per session older than `cutoff` beyond the `keep`
 * newest (none for the others).
 * @throws claw::session_error from the store, and what `on_removed` throws; sessions removed
 *         before the failure stay removed.
 */
template <class S, class F>
    requires listable_session_store<S> && removable_session_store<S>
std::size_t prune_sessions(S& store, std::chrono::system_clock::time_point cutoff, std::size_t keep, F&& on_removed) {
    std::size_t removed = 0;
    const std::vector<session_summary> all = store.list();
    for (std::size_t i = keep; i < all.size(); ++i) {
        if (all[i].updated_at >= cutoff) continue;
        if (!store.remove(all[i].session_id)) continue;  // removed meanwhile by someone else
        ++removed;
        on_removed(all[i]);
    }
    return removed;
}

/** `prune_sessions` without a callback. Complexity and exceptions: as above. */
template <class S>
    requires listable_session_store<S> && removable_session_store<S>
std::size_t prune_sessions(S& store, std::chrono::system_clock::time_point cutoff, std::size_t keep = 0) {
    return prune_sessions(store, cutoff, keep, [](const session_summary&) {});
}

/**
 * True when a session with this id exists: `contains` where the store has it, else a `load`
 * that tells `errc::not_found` apart from every other failure (which propagates).
 * Complexity: one `contains` (a `fstatat`, a primary-key lookup, a map lookup), or for a store
 * without it one whole `load`.
 * @throws claw::session_error from the store (an invalid id is `errc::invalid_session_id`).
 */
template <session_store S>
[[nodiscard]] bool session_exists(S& store, std::string_view id) {
    if constexpr (probing_session_store<S>) {
        return store.contains(id);
    } else {
        try {
            (void)store.load(id);
            return true;
        } catch (const session_error& e) {
            if (e.code() == errc::not_found) return false;
            throw;
        }
    }
}

/**
 * Copies the sessions named by `ids` from `from` to `to` (the last writer wins at the
 * destination), e.g. a migration from a JSON folder to SQLite. The copied session is exactly what
 * `load` returned, so `to_python_json` gives the same reference bytes from either store. Returns
 * how many were copied.
 * Complexity: one `load` from `from` and one `save` to `to` per id, in order.
 * @throws claw::session_error from either store (a missing id is `errc::not_found`); sessions
 *         copied before the failure stay copied.
 */
template <session_store From, session_store To>
std::size_t copy_sessions(From& from, To& to, std::span<const std::string> ids) {
    std::size_t copied = 0;
    for (const std::string& id : ids) {
        (void)to.save(from.load(id));
        ++copied;
    }
    return copied;
}

/**
 * Copies every session of a listable store, oldest first (so the destination's order by update
 * time follows). Complexity: one `list()`, then one `load` and one `save` per session.
 * @throws as the other overload, and what `list()` throws.
 */
template <listable_session_store From, session_store To>
std::size_t copy_sessions(From& from, To& to) {
    const std::vector<session_summary> all = from.list();
    std::vector<std::string> ids;
    ids.reserve(all.size());
    for (auto it = all.rbegin(); it != all.rend(); ++it) ids.push_back(it->session_id);
    return copy_sessions(from, to, std::span<const std::string>(ids));
}

CLAW_END_NAMESPACE
