// SPDX-License-Identifier: MIT
// claw-port's session stores, chosen at run time by a URL: `file:DIR` (the default, the
// reference's JSON files), `memory:`, `sqlite:PATH` and `postgres:CONNINFO`. The store is held in
// a variant and used through `std::visit`, so that each command runs on the concrete store type
// and keeps what it offers (compare-and-set on SQLite and PostgreSQL, for example).
#pragma once

#include "args.hpp"

#include <claw/session.hpp>
#if CLAW_PORT_HAVE_SQLITE
#include <claw/session/sqlite_store.hpp>
#endif
#if CLAW_PORT_HAVE_POSTGRES
#include <claw/session/postgres_store.hpp>
#endif

#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace claw_port {

/** Every store this build of claw-port can open. */
using any_store = std::variant<claw::json_file_store, claw::memory_store
#if CLAW_PORT_HAVE_SQLITE
                               ,
                               claw::sqlite_store
#endif
#if CLAW_PORT_HAVE_POSTGRES
                               ,
                               claw::postgres_store
#endif
                               >;

/** An opened store and how to show it: `file:DIR`, `memory:`, `sqlite:PATH`, `postgres:DB/SCOPE` (never a password). */
struct store_handle {
    any_store store;
    std::string shown;
};

/** True when `url` names a PostgreSQL store (`postgres:...`). */
bool is_postgres_url(std::string_view url);

/**
 * Opens the store `url` names; `scope` is the scope of a `postgres:` store (empty by default).
 * Nothing is created or connected here: every store is lazy.
 * @throws usage_error naming `option` for an unknown or incomplete URL, a store this build lacks
 *         (SQLite or PostgreSQL), a connection string libpq cannot parse or an invalid scope.
 *         The URL is never repeated beyond its scheme: a connection string may hold a password.
 */
store_handle open_store(std::string_view url, const std::string& scope, std::string_view option);

}  // namespace claw_port
