// SPDX-License-Identifier: MIT
// `postgres_store`: sessions in a PostgreSQL table, for many hosts sharing sessions. Needs libpq
// (CMake target `claw::postgres`); including this header is the opt-in, it is not part of
// `<claw/session.hpp>` or `<claw/claw.hpp>`.
#pragma once

#include <claw/config.hpp>

#include <claw/error.hpp>
#include <claw/session/capabilities.hpp>
#include <claw/session/detail/message_array.hpp>
#include <claw/session/detail/messages.hpp>
#include <claw/session/durability.hpp>
#include <claw/session/id.hpp>
#include <claw/session/store.hpp>
#include <claw/session/stored_session.hpp>
#include <claw/text/one_line.hpp>
#include <claw/text/utf8.hpp>

#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <libpq-fe.h>

CLAW_BEGIN_NAMESPACE

namespace detail {
// SQLSTATEs are five characters of [0-9A-Z]; packed six bits each into an int.
constexpr int pack_sqlstate(std::string_view s) noexcept {
    if (s.size() != 5) return 0;
    int v = 0;
    for (const char c : s) {
        const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'Z' ? c - 'A' + 10 : 63;
        v = (v << 6) | d;
    }
    return v;
}
inline std::string unpack_sqlstate(int v) {
    std::string s(5, '?');
    for (int i = 4; i >= 0; --i, v >>= 6) {
        const int d = v & 63;
        s[static_cast<std::size_t>(i)] = d < 10 ? static_cast<char>('0' + d) : d < 36 ? static_cast<char>('A' + d - 10) : '?';
    }
    return s;
}

class postgres_category_impl final : public std::error_category {
public:
    const char* name() const noexcept override { return "postgres"; }
    /** Every database error is a `claw::condition::storage_failure`. */
    std::error_condition default_error_condition(int) const noexcept override {
        return make_error_condition(condition::storage_failure);
    }
    std::string message(int code) const override { return "SQLSTATE " + unpack_sqlstate(code); }
};

// A message from libpq, made one line (its messages span lines: ERROR / DETAIL / HINT).
inline std::string pg_one_line(const char* s) { return text::one_line(s ? s : "", text::control_style::collapse); }
}  // namespace detail

/**
 * The `postgres` error category: each value is a packed SQLSTATE (`postgres_sqlstate("23505")`);
 * `message()` gives `SQLSTATE 23505`. Connection failures use `08006`.
 */
inline const std::error_category& postgres_category() noexcept {
    static const detail::postgres_category_impl category;
    return category;
}

/** The error code of a SQLSTATE, e.g. `postgres_sqlstate("40001")`, to compare with `session_error::code()`. */
inline std::error_code postgres_sqlstate(std::string_view sqlstate) noexcept {
    return {detail::pack_sqlstate(sqlstate), postgres_category()};
}

/**
 * Sessions in the PostgreSQL table `claw_sessions`, partitioned by a `scope` string (a project,
 * workspace or user): every operation sees only its scope. Every capability: `list`, `remove`,
 * `contains`, `find`, `load_versioned` / `save_if`.
 *
 * - **Connection:** one `PGconn` per store, opened lazily on first use from the libpq conninfo
 *   string or URI (empty: the `PG*` environment variables); `fallback_application_name` is
 *   `claw-cpp`. Recommended keywords: `connect_timeout=5`, `options='-c statement_timeout=10000'`,
 *   `sslmode=verify-full` across networks, `host=a,b target_session_attrs=read-write` for failover.
 *   A store is used by one thread at a time; concurrency means more stores (no pool here: use
 *   PgBouncer, with `prepare_statements = false` below version 1.21).
 * - **Schema** is created on first connection under a transaction-scoped advisory lock, so many
 *   processes starting at once do not collide. `updated_at` is the server's `now()`: one clock for
 *   every host.
 * - **Writes:** `save` is an upsert (last writer wins); `save_if` is a conditional UPDATE (or an
 *   INSERT ... DO NOTHING for revision 0), exact under the default READ COMMITTED isolation.
 * - **Reconnection:** before each statement the store notices a connection the server closed and
 *   reconnects (nothing was sent yet). If the connection breaks DURING a statement, `load`, `list`,
 *   `contains`, `find`, `remove` and `save` (all idempotent) are re-sent once on a new connection;
 *   `save_if` is never re-sent: it throws `errc::outcome_unknown` ("the outcome of this write is
 *   unknown"), and the caller reloads to see whether it was applied.
 * - **Durability** is the server's (`synchronous_commit`); `durability::none` sets
 *   `synchronous_commit = off` for this connection (a crash of the server may lose the last
 *   commits, never corrupt them).
 * - **Text:** messages must be valid UTF-8 (`errc::invalid_utf8`). **U+0000 is refused**
 *   (`errc::invalid_argument`, nothing written): neither `text` nor `jsonb` can hold it. This is
 *   the one input the other stores accept.
 * - **Secrets:** locators and messages never contain the conninfo (which may hold a password):
 *   locators are `postgres:<database>/<scope>#<id>`.
 * - **Errors:** `claw::session_error`; database failures carry the SQLSTATE in
 *   `claw::postgres_category()`, with libpq's message on one line.
 * - **Listing** returns every session of the scope (no pagination yet) from the index
 *   `claw_sessions_by_update`, which INCLUDEs every listed column: an index-only scan once
 *   (auto)vacuum has marked the pages visible, never a read of the messages.
 */
class postgres_store {
public:
    /**
     * A store on the database named by `conninfo` (not connected until first use).
     * @param scope              the partition this store sees; any valid UTF-8 without U+0000
     * @param prepare_statements false for poolers that cannot keep prepared statements
     * Complexity: O(size of `conninfo` + `scope`): the scope's UTF-8 check and libpq's parse of
     * the conninfo; no connection, no system call but `getenv`.
     * @throws claw::session_error (`errc::invalid_argument`) for a conninfo libpq cannot parse or
     *         that holds a NUL byte (its text is not repeated: it may hold a password) or an
     *         invalid scope.
     *
     * Every operation connects on first use (and reconnects after a lost connection): one
     * `PQconnectdbParams`, the schema statement under an advisory lock, and one `PQprepare` per
     * statement. That can throw `claw::session_error` with SQLSTATE `08006` (cannot connect) or
     * the server's SQLSTATE.
     */
    explicit postgres_store(std::string conninfo = {}, std::string scope = {}, durability d = durability::fsync,
                            bool prepare_statements = true)
        : conninfo_(std::move(conninfo)), scope_(std::move(scope)), durability_(d), prepare_(prepare_statements) {
        if (text::find_invalid_utf8(scope_) != std::string_view::npos || scope_.find('\0') != std::string::npos)
            throw session_error(errc::invalid_argument, "postgres:" + detail::shown(scope_),
                                "the scope must be valid UTF-8 without U+0000");
        // libpq takes a C string: a NUL byte would silently drop the keywords after it.
        if (conninfo_.find('\0') != std::string::npos)
            throw session_error(errc::invalid_argument, "postgres",
                                "the connection string holds a NUL byte (not shown: it may hold a password)");
        char* err = nullptr;
        PQconninfoOption* opts = ::PQconninfoParse(conninfo_.c_str(), &err);
        if (!opts) {
            ::PQfreemem(err);
            throw session_error(errc::invalid_argument, "postgres",
                                "the connection string cannot be parsed (not shown: it may hold a password)");
        }
        for (PQconninfoOption* o = opts; o->keyword; ++o)
            if (std::string_view(o->keyword) == "dbname" && o->val && *o->val) database_ = o->val;
        ::PQconninfoFree(opts);
        if (database_.empty())
            if (const char* env = std::getenv("PGDATABASE"); env && *env) database_ = env;
    }

    postgres_store(postgres_store&&) noexcept = default;
    postgres_store& operator=(postgres_store&&) noexcept = default;
    postgres_store(const postgres_store&) = delete;
    postgres_store& operator=(const postgres_store&) = delete;
    ~postgres_store() = default;

    /**
     * Saves `s`, last writer wins (an upsert; re-sent once if the connection breaks).
     * Complexity: O(size of `s`) to check and encode it, then one round trip: one prepared upsert
     * on the primary key (scope, session_id), O(log n) index work on the server, one commit.
     * @throws claw::session_error: invalid id, negative counter, too many messages, invalid UTF-8,
     *         U+0000 in a message (`errc::invalid_argument`), all before any SQL; the server's
     *         SQLSTATE, or `08006` when the connection is lost twice.
     */
    std::string save(const stored_session& s) {
        const std::string where = locator(s.session_id);
        const std::string array = checked_array(s, where);
        const std::string count = std::to_string(s.messages.size()), in = std::to_string(s.input_tokens),
                          out = std::to_string(s.output_tokens);
        const char* params[] = {scope_.c_str(), s.session_id.c_str(), array.c_str(), count.c_str(), in.c_str(),
                                out.c_str()};
        (void)run(stmt::upsert, params, 6, where, true, "save");
        return where;
    }

    /**
     * The session stored under `id` in this scope. Complexity: as `load_versioned`.
     * @throws claw::session_error (`errc::invalid_session_id`, `errc::not_found`, a malformed row,
     *         the server's SQLSTATE or `08006`).
     */
    [[nodiscard]] stored_session load(std::string_view id) { return load_versioned(id).session; }

    /**
     * The session and its revision. Complexity: one round trip, a SELECT by primary key, then
     * one parsing pass over the messages, O(their size). @throws as `load`.
     */
    [[nodiscard]] versioned_session load_versioned(std::string_view id) {
        const std::string where = locator(id);
        require_valid_session_id(id, where);
        const std::string key(id);
        const char* params[] = {scope_.c_str(), key.c_str()};
        const result r = run(stmt::select, params, 2, where, true, "load");
        if (::PQntuples(r.get()) == 0)
            throw session_error(errc::not_found, detail::shown(where), "no such session in this database");
        versioned_session v;
        v.session.session_id = key;
        v.session.messages = detail::decode_message_array(value(r, 0, 0), detail::shown(where));
        v.session.input_tokens = integer(r, 0, 1, where);
        v.session.output_tokens = integer(r, 0, 2, where);
        v.revision = static_cast<std::uint64_t>(integer(r, 0, 3, where));
        return v;
    }

    /**
     * Compare-and-set: saves `s` only if the stored revision is `expected` (0: only if absent).
     * The new revision, or `nullopt` on a conflict. Never re-sent: a connection lost during the
     * statement throws `errc::outcome_unknown`. Complexity: as `save` (one INSERT ... DO NOTHING,
     * or one UPDATE by primary key and revision).
     * @throws as `save`, and `errc::outcome_unknown` (a conflict is not an exception).
     */
    [[nodiscard]] std::optional<std::uint64_t> save_if(const stored_session& s, std::uint64_t expected) {
        const std::string where = locator(s.session_id);
        const std::string array = checked_array(s, where);
        if (expected > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
        const std::string count = std::to_string(s.messages.size()), in = std::to_string(s.input_tokens),
                          out = std::to_string(s.output_tokens), rev = std::to_string(expected);
        const char* params[] = {scope_.c_str(), s.session_id.c_str(), array.c_str(), count.c_str(), in.c_str(),
                                out.c_str(), rev.c_str()};
        const result r = expected == 0 ? run(stmt::create, params, 6, where, false, "save_if")
                                       : run(stmt::cas, params, 7, where, false, "save_if");
        if (::PQntuples(r.get()) == 0) return std::nullopt;
        return static_cast<std::uint64_t>(integer(r, 0, 0, where));
    }

    /**
     * Every session of the scope, newest first (server clock); no messages are read. Reads pages
     * of `list_page_size` rows with a keyset cursor on (updated_at, session_id), all inside one
     * REPEATABLE READ READ ONLY transaction: one consistent snapshot, each page an index scan,
     * bounded client memory per round trip. Re-run once from the start if the connection breaks.
     * Complexity: ceil((n + 1) / `list_page_size`) index range scans for n sessions of the scope,
     * plus BEGIN and COMMIT: O(n) rows, no sort, never the messages.
     * @throws claw::session_error (the server's SQLSTATE, or `08006` when the connection is lost twice).
     */
    [[nodiscard]] std::vector<session_summary> list() {
        const std::string where = "postgres:" + database_ + "/" + scope_;
        for (int attempt = 0;; ++attempt) {
            PGconn* c = live(where);
            std::vector<session_summary> out;
            bool lost = false;
            const auto exec_plain = [&](const char* sql) {
                const result r(::PQexec(c, sql));
                if (r && ::PQresultStatus(r.get()) == PGRES_COMMAND_OK) return true;
                if (::PQstatus(c) == CONNECTION_BAD) return !(lost = true);
                fail_result(c, r, where, "list failed");
            };
            if (exec_plain("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")) {
                try {
                    const std::string limit = std::to_string(list_page_size);
                    std::string last_time, last_id;
                    for (;;) {
                        const char* params[] = {scope_.c_str(), limit.c_str(), last_time.c_str(), last_id.c_str()};
                        // Binary results: no number or timestamp is formatted as text and parsed back.
                        const result r = out.empty() ? send(c, stmt::list_first, params, 2, binary)
                                                     : send(c, stmt::list_next, params, 4, binary);
                        if (!r || ::PQresultStatus(r.get()) != PGRES_TUPLES_OK) {
                            if (::PQstatus(c) == CONNECTION_BAD) {
                                lost = true;
                                break;
                            }
                            fail_result(c, r, where, "list failed");
                        }
                        const int n = ::PQntuples(r.get());
                        std::int64_t last_micros = 0;
                        for (int i = 0; i < n; ++i) {
                            session_summary sum;
                            sum.session_id = value(r, i, 0);
                            sum.message_count = static_cast<std::size_t>(binary_integer(r, i, 1, where));
                            sum.input_tokens = binary_integer(r, i, 2, where);
                            sum.output_tokens = binary_integer(r, i, 3, where);
                            last_micros = binary_integer(r, i, 4, where);
                            sum.updated_at = std::chrono::system_clock::time_point(
                                std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                    std::chrono::microseconds(last_micros + postgres_epoch_micros)));
                            sum.revision = static_cast<std::uint64_t>(binary_integer(r, i, 5, where));
                            out.push_back(std::move(sum));
                        }
                        if (n < static_cast<int>(list_page_size)) break;
                        last_time = std::to_string(last_micros);
                        last_id = out.back().session_id;
                    }
                } catch (...) {
                    ::PQclear(::PQexec(c, "ROLLBACK"));
                    throw;
                }
                if (!lost && exec_plain("COMMIT")) return out;
            }
            conn_.reset();
            if (attempt > 0) connection_failed(where, "list: the connection was lost twice");
        }
    }

    /** Rows per round trip of `list`. */
    static constexpr std::size_t list_page_size = 10000;

    /**
     * Deletes the session; true when it existed. Idempotent (re-sent once on a broken connection).
     * Complexity: one round trip, a DELETE by primary key.
     * @throws claw::session_error (`errc::invalid_session_id`, the server's SQLSTATE or `08006`).
     */
    bool remove(std::string_view id) {
        const std::string where = locator(id);
        require_valid_session_id(id, where);
        const std::string key(id);
        const char* params[] = {scope_.c_str(), key.c_str()};
        const result r = run(stmt::remove, params, 2, where, true, "remove");
        return ::PQntuples(r.get()) > 0;
    }

    /**
     * True when a session with this id exists in the scope. Complexity: one round trip, a
     * primary-key lookup. @throws claw::session_error (`errc::invalid_session_id`, the server's
     * SQLSTATE or `08006`).
     */
    [[nodiscard]] bool contains(std::string_view id) {
        const std::string where = locator(id);
        require_valid_session_id(id, where);
        const std::string key(id);
        const char* params[] = {scope_.c_str(), key.c_str()};
        return ::PQntuples(run(stmt::exists, params, 2, where, true, "contains").get()) > 0;
    }

    /**
     * Ids of the scope's sessions with a message containing `text`, newest first. `text` must be
     * valid UTF-8 without U+0000 (else `errc::invalid_argument`). Complexity: one round trip
     * whose query reads and expands every message of the scope (`jsonb_array_elements_text` +
     * `strpos`), O(the scope's message bytes x |text|) at worst; all ids come back at once.
     * @throws claw::session_error (`errc::invalid_argument`, the server's SQLSTATE or `08006`).
     */
    [[nodiscard]] std::vector<std::string> find(std::string_view text) {
        const std::string where = "postgres:" + database_ + "/" + scope_;
        if (text::find_invalid_utf8(text) != std::string_view::npos || text.find('\0') != std::string_view::npos)
            throw session_error(errc::invalid_argument, detail::shown(where),
                                "the search text must be valid UTF-8 without U+0000");
        const std::string t(text);
        const char* params[] = {scope_.c_str(), t.c_str()};
        const result r = run(stmt::find, params, 2, where, true, "find");
        std::vector<std::string> out;
        for (int i = 0; i < ::PQntuples(r.get()); ++i) out.push_back(value(r, i, 0));
        return out;
    }

    /** The scope this store sees. Constant; never throws. */
    const std::string& scope() const noexcept { return scope_; }
    /** The database name shown in locators (from the conninfo, PGDATABASE, or the server once connected). */
    const std::string& database_name() const noexcept { return database_; }
    /** The locator `save` returns for `id`: `postgres:<database>/<scope>#<id>` (never the conninfo). Never throws but allocation. */
    std::string locator(std::string_view id) const { return "postgres:" + database_ + "/" + scope_ + "#" + std::string(id); }

private:
    enum class stmt : unsigned char { upsert, create, cas, select, list_first, list_next, remove, exists, find, count_ };

    static const char* sql_of(stmt s) noexcept {
        switch (s) {
            case stmt::upsert:
                return "INSERT INTO claw_sessions AS t (scope, session_id, messages, message_count, input_tokens, "
                       "output_tokens) VALUES ($1, $2, $3::jsonb, $4, $5, $6) ON CONFLICT (scope, session_id) DO UPDATE "
                       "SET messages = EXCLUDED.messages, message_count = EXCLUDED.message_count, input_tokens = "
                       "EXCLUDED.input_tokens, output_tokens = EXCLUDED.output_tokens, revision = t.revision + 1, "
                       "updated_at = now() RETURNING revision";
            case stmt::create:
                return "INSERT INTO claw_sessions (scope, session_id, messages, message_count, input_tokens, "
                       "output_tokens) VALUES ($1, $2, $3::jsonb, $4, $5, $6) ON CONFLICT (scope, session_id) DO "
                       "NOTHING RETURNING revision";
            case stmt::cas:
                return "UPDATE claw_sessions SET messages = $3::jsonb, message_count = $4, input_tokens = $5, "
                       "output_tokens = $6, revision = revision + 1, updated_at = now() WHERE scope = $1 AND "
                       "session_id = $2 AND revision = $7 RETURNING revision";
            case stmt::select:
                return "SELECT messages::text, input_tokens, output_tokens, revision FROM claw_sessions WHERE "
                       "scope = $1 AND session_id = $2";
            case stmt::list_first:
                return "SELECT session_id, message_count, input_tokens, output_tokens, updated_at, revision "
                       "FROM claw_sessions WHERE scope = $1 ORDER BY updated_at DESC, session_id DESC LIMIT $2";
            case stmt::list_next:
                // $3: the last row's updated_at in microseconds since 2000-01-01 UTC (its binary form).
                return "SELECT session_id, message_count, input_tokens, output_tokens, updated_at, revision "
                       "FROM claw_sessions WHERE scope = $1 AND (updated_at, session_id) < "
                       "('2000-01-01 00:00:00+00'::timestamptz + $3::bigint * interval '1 microsecond', $4) "
                       "ORDER BY updated_at DESC, session_id DESC LIMIT $2";
            case stmt::remove: return "DELETE FROM claw_sessions WHERE scope = $1 AND session_id = $2 RETURNING 1";
            case stmt::exists: return "SELECT 1 FROM claw_sessions WHERE scope = $1 AND session_id = $2";
            case stmt::find:
                return "SELECT session_id FROM claw_sessions WHERE scope = $1 AND EXISTS (SELECT 1 FROM "
                       "jsonb_array_elements_text(messages) m(v) WHERE strpos(m.v, $2) > 0) ORDER BY updated_at DESC, "
                       "session_id DESC";
            case stmt::count_: break;
        }
        return "";
    }

    static constexpr const char* schema_sql =
        "BEGIN;"
        "SELECT pg_advisory_xact_lock(hashtext('claw_sessions schema'));"
        "CREATE TABLE IF NOT EXISTS claw_sessions ("
        " scope text NOT NULL DEFAULT '',"
        " session_id text NOT NULL CHECK (session_id ~ '^[A-Za-z0-9_-]{1,128}$'),"
        " messages jsonb NOT NULL CHECK (jsonb_typeof(messages) = 'array'),"
        " message_count integer NOT NULL CHECK (message_count >= 0),"
        " input_tokens bigint NOT NULL CHECK (input_tokens >= 0),"
        " output_tokens bigint NOT NULL CHECK (output_tokens >= 0),"
        " revision bigint NOT NULL DEFAULT 1 CHECK (revision >= 1),"
        " created_at timestamptz NOT NULL DEFAULT now(),"
        " updated_at timestamptz NOT NULL DEFAULT now(),"
        " PRIMARY KEY (scope, session_id));"
        "CREATE INDEX IF NOT EXISTS claw_sessions_by_update ON claw_sessions (scope, updated_at DESC, session_id DESC)"
        " INCLUDE (message_count, input_tokens, output_tokens, revision);"
        "COMMIT;";

    struct result_deleter {
        void operator()(PGresult* r) const noexcept { ::PQclear(r); }
    };
    using result = std::unique_ptr<PGresult, result_deleter>;
    struct conn_deleter {
        void operator()(PGconn* c) const noexcept { ::PQfinish(c); }
    };
    using connection = std::unique_ptr<PGconn, conn_deleter>;

    static void no_notices(void*, const char*) noexcept {}

    // The checks every store applies, U+0000 (which PostgreSQL cannot hold), then the JSON array.
    static std::string checked_array(const stored_session& s, const std::string& where) {
        detail::require_storable(s, where);
        detail::require_utf8_messages(s, where);
        for (std::size_t i = 0; i < s.messages.size(); ++i)
            if (s.messages[i].find('\0') != std::string::npos)
                throw session_error(errc::invalid_argument, detail::shown(where),
                                    "messages[" + std::to_string(i) +
                                        "] contains U+0000, which PostgreSQL text and jsonb cannot hold; nothing was "
                                        "written");
        return detail::encode_message_array(s.messages);
    }

    static std::string value(const result& r, int row, int col) {
        return std::string(::PQgetvalue(r.get(), row, col), static_cast<std::size_t>(::PQgetlength(r.get(), row, col)));
    }
    // A column of a binary result: int4, int8 or timestamptz (microseconds since 2000-01-01 UTC),
    // big-endian.
    static std::int64_t binary_integer(const result& r, int row, int col, const std::string& where) {
        const auto* p = reinterpret_cast<const unsigned char*>(::PQgetvalue(r.get(), row, col));
        const int size = ::PQgetlength(r.get(), row, col);
        if (size != 4 && size != 8)
            throw session_error(errc::malformed_json, detail::shown(where), "the server returned a non-integer column");
        std::uint64_t v = 0;
        for (int i = 0; i < size; ++i) v = (v << 8) | p[i];
        if (size == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
        return static_cast<std::int64_t>(v);
    }
    // 2000-01-01 00:00:00 UTC, PostgreSQL's timestamp origin, in microseconds since the Unix epoch.
    static constexpr std::int64_t postgres_epoch_micros = 946684800LL * 1000000LL;
    static constexpr int binary = 1;

    static std::int64_t integer(const result& r, int row, int col, const std::string& where) {
        const char* p = ::PQgetvalue(r.get(), row, col);
        const char* end = p + ::PQgetlength(r.get(), row, col);
        std::int64_t v = 0;
        const auto [ptr, ec] = std::from_chars(p, end, v);
        if (ec != std::errc{} || ptr != end)
            throw session_error(errc::malformed_json, detail::shown(where), "the server returned a non-integer column");
        return v;
    }

    [[noreturn]] void connection_failed(const std::string& where, const std::string& why) const {
        throw session_error(postgres_sqlstate("08006"), detail::shown(where), why);
    }

    // Opens the connection: session settings, schema, prepared statements.
    void connect(const std::string& where) {
        const char* keys[] = {"dbname", "fallback_application_name", nullptr};
        const char* values[] = {conninfo_.c_str(), "claw-cpp", nullptr};
        connection c(::PQconnectdbParams(keys, values, 1));
        if (!c) connection_failed(where, "cannot connect: out of memory");
        if (::PQstatus(c.get()) != CONNECTION_OK)
            connection_failed(where, "cannot connect: " + detail::pg_one_line(::PQerrorMessage(c.get())));
        ::PQsetNoticeProcessor(c.get(), &postgres_store::no_notices, nullptr);
        if (const char* db = ::PQdb(c.get())) database_ = db;
        const auto exec = [&](const char* sql, const char* what) {
            const result r(::PQexec(c.get(), sql));
            const ExecStatusType st = r ? ::PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
            if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) fail_result(c.get(), r, where, what);
        };
        if (durability_ == durability::none) exec("SET synchronous_commit = off", "cannot set synchronous_commit");
        exec(schema_sql, "cannot create the schema");
        if (prepare_) {
            for (int i = 0; i < static_cast<int>(stmt::count_); ++i) {
                const std::string name = "claw_" + std::to_string(i);
                const result r(::PQprepare(c.get(), name.c_str(), sql_of(static_cast<stmt>(i)), 0, nullptr));
                if (!r || ::PQresultStatus(r.get()) != PGRES_COMMAND_OK)
                    fail_result(c.get(), r, where, "cannot prepare a statement");
            }
        }
        conn_ = std::move(c);
    }

    [[noreturn]] static void fail_result(PGconn* c, const result& r, const std::string& where, const std::string& what) {
        const char* state = r ? ::PQresultErrorField(r.get(), PG_DIAG_SQLSTATE) : nullptr;
        const std::string msg = detail::pg_one_line(r ? ::PQresultErrorMessage(r.get()) : ::PQerrorMessage(c));
        throw session_error(postgres_sqlstate(state ? state : "08006"), detail::shown(where),
                            what + ": " + (msg.empty() ? detail::pg_one_line(::PQerrorMessage(c)) : msg));
    }

    // A live connection: reconnects when there is none, or when the server closed the one we have
    // (noticed without sending anything).
    PGconn* live(const std::string& where) {
        if (conn_ && (::PQconsumeInput(conn_.get()) == 0 || ::PQstatus(conn_.get()) != CONNECTION_OK)) conn_.reset();
        if (!conn_) connect(where);
        return conn_.get();
    }

    // Sends one statement (prepared, or with its text when statements are not prepared) and waits.
    result send(PGconn* c, stmt s, const char* const* params, int n, int result_format = 0) const {
        if (prepare_) {
            const std::string name = "claw_" + std::to_string(static_cast<int>(s));
            return result(::PQexecPrepared(c, name.c_str(), n, params, nullptr, nullptr, result_format));
        }
        return result(::PQexecParams(c, sql_of(s), n, nullptr, params, nullptr, nullptr, result_format));
    }

    // Runs one statement. On a connection broken during it: re-sends once when `idempotent`,
    // else throws errc::outcome_unknown.
    result run(stmt s, const char* const* params, int n, const std::string& where, bool idempotent, const char* what) {
        for (int attempt = 0;; ++attempt) {
            PGconn* c = live(where);
            result r = send(c, s, params, n);
            const ExecStatusType st = r ? ::PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
            if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) return r;
            if (::PQstatus(c) == CONNECTION_BAD) {
                const std::string cause = detail::pg_one_line(::PQerrorMessage(c));
                conn_.reset();
                if (!idempotent)
                    throw session_error(errc::outcome_unknown, detail::shown(where),
                                        std::string(what) +
                                            ": the connection was lost during the write, so the outcome of this write "
                                            "is unknown; it was not re-sent (" +
                                            cause + ")");
                if (attempt == 0) continue;
                connection_failed(where, std::string(what) + ": the connection was lost twice: " + cause);
            }
            fail_result(c, r, where, std::string(what) + " failed");
        }
    }

    std::string conninfo_;
    std::string scope_;
    std::string database_;
    durability durability_;
    bool prepare_;
    connection conn_;
};

CLAW_END_NAMESPACE
