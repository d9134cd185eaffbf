// SPDX-License-Identifier: MIT
// `sqlite_store`: sessions in one SQLite database file, for one host with many processes. Needs
// libsqlite3 (CMake target `claw::sqlite`); including this header is the opt-in, it is not part
// of `<claw/session.hpp>` or `<claw/claw.hpp>`.
#pragma once

#include <claw/config.hpp>

#include <claw/detail/os.hpp>
#include <claw/error.hpp>
#include <claw/session/capabilities.hpp>
#include <claw/session/detail/message_array.hpp>
#include <claw/session/detail/messages.hpp>
#include <claw/session/durability.hpp>
#include <claw/session/id.hpp>
#include <claw/session/store.hpp>
#include <claw/session/stored_session.hpp>
#include <claw/text/one_line.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include <sqlite3.h>

CLAW_BEGIN_NAMESPACE

namespace detail {
class sqlite_category_impl final : public std::error_category {
public:
    const char* name() const noexcept override { return "sqlite"; }
    /** Every database error is a `claw::condition::storage_failure`. */
    std::error_condition default_error_condition(int) const noexcept override {
        return make_error_condition(condition::storage_failure);
    }
    std::string message(int code) const override { return ::sqlite3_errstr(code); }
};

// A message from SQLite, made one line: control characters become spaces (trailing ones dropped).
inline std::string sqlite_one_line(const char* s) { return text::one_line(s, text::control_style::space); }
}  // namespace detail

/** The `sqlite` error category: values are SQLite's extended result codes (`SQLITE_BUSY`, `SQLITE_CONSTRAINT_CHECK`, ...). */
inline const std::error_category& sqlite_category() noexcept {
    static const detail::sqlite_category_impl category;
    return category;
}

/**
 * Sessions in one SQLite database (one row per session, STRICT table `claw_sessions`, schema
 * version in `PRAGMA user_version`). Every capability: `list`, `remove`, `contains`, `find`,
 * `load_versioned` / `save_if` (compare-and-set by revision).
 *
 * - **Listing** reads only the index `claw_sessions_by_update`, which covers every listed column
 *   (a listing never touches the rows that hold the messages).
 * - **Lazy:** constructing touches nothing; the first operation creates the folder (0700) and the
 *   database file (0600, before SQLite opens it, so the `-wal` and `-shm` files get 0600 too),
 *   opens it with `SQLITE_OPEN_NOFOLLOW` (a symlinked database path is refused), switches to WAL,
 *   sets `synchronous` (FULL for `durability::fsync`, NORMAL for `durability::none`), caps the WAL
 *   at 64 MiB (`journal_size_limit`) and creates or checks the schema inside `BEGIN IMMEDIATE`.
 * - **Writes** are single autocommit statements (an upsert; a conditional UPDATE for `save_if`),
 *   so no read-then-upgrade deadlock can happen; readers never block and never see a partial write.
 *   Writers serialize; each waits up to the busy timeout, then fails with `SQLITE_BUSY`.
 * - **Durability:** FULL survives power loss; NORMAL (WAL) survives a crash of the application
 *   but may lose the last commits on power loss.
 * - **Threads and processes:** one store object is one connection (`SQLITE_OPEN_NOMUTEX`), used by
 *   one thread at a time. Any number of stores in any number of processes ON THE SAME HOST may
 *   share the file. Not for network file systems (WAL needs shared memory): use `postgres_store`.
 *   Do not use a store opened before `fork()` in the child; make a new one there.
 * - **Errors** are `claw::session_error` whose `code()` is SQLite's extended result code in
 *   `claw::sqlite_category()`, or a `claw::errc` for invalid input (checked before any SQL).
 * - **Text:** messages must be valid UTF-8 (else `errc::invalid_utf8`); U+0000 is stored fine.
 *   `to_python_json(load(id))` gives the reference's exact bytes.
 *
 * Locators: `sqlite:<database path>#<id>`.
 */
class sqlite_store {
public:
    /**
     * A store on the database file `database` (not opened until first use). Complexity:
     * constant; never throws (a bad path is reported by the first operation).
     * @param busy_timeout how long a writer waits for another writer's lock before failing
     *
     * Every operation opens the database on first use: creating missing folders and the file,
     * `sqlite3_open_v2`, three PRAGMAs, reading `user_version` and, for a new database, creating
     * the schema in one transaction. That first call can also throw `claw::session_error` for a
     * path holding a NUL byte (`errc::invalid_argument`), a symbolic link
     * (`errc::not_a_regular_file`), a folder or file that cannot be created (system code), or a
     * schema version newer than `schema_version` (`errc::invalid_argument`).
     */
    explicit sqlite_store(std::filesystem::path database, durability d = durability::fsync,
                          std::chrono::milliseconds busy_timeout = std::chrono::seconds(5))
        : path_(std::move(database)), durability_(d), busy_timeout_(busy_timeout) {}

    sqlite_store(sqlite_store&&) noexcept = default;
    sqlite_store& operator=(sqlite_store&&) noexcept = default;
    sqlite_store(const sqlite_store&) = delete;
    sqlite_store& operator=(const sqlite_store&) = delete;
    ~sqlite_store() = default;

    /**
     * Saves `s`, last writer wins; returns the locator. Complexity: O(size of `s`) to check and
     * encode it, then one prepared upsert: a primary-key B-tree insert or update, O(log n) for n
     * sessions, plus the covering index entry; one commit (a WAL fsync with `durability::fsync`).
     * @throws claw::session_error: invalid id, negative counter, too many messages or invalid UTF-8
     *         (a `claw::errc`, checked before any SQL), or SQLite's extended code (`SQLITE_BUSY`
     *         after the busy timeout, I/O errors, ...).
     */
    std::string save(const stored_session& s) {
        const std::string where = locator(s.session_id);
        const std::string array = checked_array(s, where);
        connection& c = open(where);
        statement& st = c.stmt(c.upsert, upsert_sql);
        bind_session(c, st, s, array, where);
        (void)step_revision(c, st, where, "save");
        return where;
    }

    /**
     * The session stored under `id`. Complexity: as `load_versioned`.
     * @throws claw::session_error (`errc::invalid_session_id`, `errc::not_found`, SQLite errors, malformed rows).
     */
    [[nodiscard]] stored_session load(std::string_view id) { return load_versioned(id).session; }

    /**
     * The session and its revision. Complexity: one SELECT by primary key, O(log n), then one
     * parsing pass over the stored messages, O(their size).
     * @throws as `load`.
     */
    [[nodiscard]] versioned_session load_versioned(std::string_view id) {
        const std::string where = locator(id);
        require_valid_session_id(id, where);
        connection& c = open(where);
        statement& st = c.stmt(c.select, "SELECT messages, input_tokens, output_tokens, revision FROM claw_sessions "
                                         "WHERE session_id = ?1");
        bind_text(c, st, 1, id, where);
        const int rc = ::sqlite3_step(st.get());
        if (rc == SQLITE_DONE) {
            st.reset();
            throw session_error(errc::not_found, detail::shown(where), "no such session in this database");
        }
        if (rc != SQLITE_ROW) fail(c, st, rc, where, "cannot load");
        const auto* text = reinterpret_cast<const char*>(::sqlite3_column_text(st.get(), 0));
        const std::string array(text ? text : "", static_cast<std::size_t>(::sqlite3_column_bytes(st.get(), 0)));
        versioned_session v;
        v.session.session_id = std::string(id);
        v.session.input_tokens = ::sqlite3_column_int64(st.get(), 1);
        v.session.output_tokens = ::sqlite3_column_int64(st.get(), 2);
        v.revision = static_cast<std::uint64_t>(::sqlite3_column_int64(st.get(), 3));
        finish(c, st, where, "load");
        v.session.messages = detail::decode_message_array(array, detail::shown(where));
        return v;
    }

    /**
     * Compare-and-set: saves `s` only if the stored revision is `expected` (0: only if no session
     * has this id). Returns the new revision, or `nullopt` on a conflict (nothing written).
     * Complexity: as `save`: one statement (an INSERT ... DO NOTHING, or an UPDATE by primary key
     * and revision). @throws as `save` (a conflict is not an exception).
     */
    [[nodiscard]] std::optional<std::uint64_t> save_if(const stored_session& s, std::uint64_t expected) {
        const std::string where = locator(s.session_id);
        const std::string array = checked_array(s, where);
        if (expected > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
        connection& c = open(where);
        statement& st = expected == 0 ? c.stmt(c.create, create_sql) : c.stmt(c.cas, cas_sql);
        bind_session(c, st, s, array, where);
        if (expected != 0) bind_int(c, st, 7, static_cast<std::int64_t>(expected), where);
        return step_revision(c, st, where, "save_if");
    }

    /**
     * Every session's summary, newest first; no messages are read. Complexity: one SELECT that
     * walks the covering index `claw_sessions_by_update` in order, O(n) rows, no sort.
     * @throws claw::session_error (SQLite's code).
     */
    [[nodiscard]] std::vector<session_summary> list() {
        const std::string where = "sqlite:" + path_.string();
        connection& c = open(where);
        statement& st = c.stmt(c.list, "SELECT session_id, message_count, input_tokens, output_tokens, updated_at, "
                                       "revision FROM claw_sessions ORDER BY updated_at DESC, session_id DESC");
        std::vector<session_summary> out;
        for (;;) {
            const int rc = ::sqlite3_step(st.get());
            if (rc == SQLITE_DONE) break;
            if (rc != SQLITE_ROW) fail(c, st, rc, where, "cannot list");
            session_summary s;
            s.session_id = column_text(st, 0);
            s.message_count = static_cast<std::size_t>(::sqlite3_column_int64(st.get(), 1));
            s.input_tokens = ::sqlite3_column_int64(st.get(), 2);
            s.output_tokens = ::sqlite3_column_int64(st.get(), 3);
            s.updated_at = from_ms(::sqlite3_column_int64(st.get(), 4));
            s.revision = static_cast<std::uint64_t>(::sqlite3_column_int64(st.get(), 5));
            out.push_back(std::move(s));
        }
        st.reset();
        return out;
    }

    /**
     * Deletes the session; true when it existed. Idempotent. Complexity: one DELETE by primary
     * key, O(log n), and one commit.
     * @throws claw::session_error (`errc::invalid_session_id`, SQLite's code).
     */
    bool remove(std::string_view id) {
        const std::string where = locator(id);
        require_valid_session_id(id, where);
        connection& c = open(where);
        statement& st = c.stmt(c.remove, "DELETE FROM claw_sessions WHERE session_id = ?1");
        bind_text(c, st, 1, id, where);
        const int rc = ::sqlite3_step(st.get());
        if (rc != SQLITE_DONE) fail(c, st, rc, where, "cannot remove");
        st.reset();
        return ::sqlite3_changes(c.db) > 0;
    }

    /**
     * True when a session with this id exists. Complexity: one primary-key lookup, O(log n); the
     * messages are not read. @throws claw::session_error (`errc::invalid_session_id`, SQLite's code).
     */
    [[nodiscard]] bool contains(std::string_view id) {
        const std::string where = locator(id);
        require_valid_session_id(id, where);
        connection& c = open(where);
        statement& st = c.stmt(c.exists, "SELECT 1 FROM claw_sessions WHERE session_id = ?1");
        bind_text(c, st, 1, id, where);
        const int rc = ::sqlite3_step(st.get());
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) fail(c, st, rc, where, "cannot look up");
        st.reset();
        return rc == SQLITE_ROW;
    }

    /**
     * Ids of the sessions with a message containing `text` (bytes; the empty text matches every
     * session with a message), newest first. Complexity: a full scan: every row's messages are
     * read and expanded (`json_each` + `instr`), O(total message bytes x |text|) at worst.
     * @throws claw::session_error (SQLite's code).
     */
    [[nodiscard]] std::vector<std::string> find(std::string_view text) {
        const std::string where = "sqlite:" + path_.string();
        connection& c = open(where);
        statement& st =
            c.stmt(c.find, "SELECT session_id FROM claw_sessions WHERE EXISTS (SELECT 1 FROM json_each(messages) "
                           "WHERE instr(json_each.value, ?1) > 0) ORDER BY updated_at DESC, session_id DESC");
        bind_text(c, st, 1, text, where);
        std::vector<std::string> out;
        for (;;) {
            const int rc = ::sqlite3_step(st.get());
            if (rc == SQLITE_DONE) break;
            if (rc != SQLITE_ROW) fail(c, st, rc, where, "cannot search");
            out.push_back(column_text(st, 0));
        }
        st.reset();
        return out;
    }

    /** The database path, as given. Constant; never throws. */
    const std::filesystem::path& database() const noexcept { return path_; }
    /** The durability chosen at construction. */
    durability durability_mode() const noexcept { return durability_; }
    /** The locator `save` returns for `id`: `sqlite:<database path>#<id>`. Never throws but allocation. */
    std::string locator(std::string_view id) const { return "sqlite:" + path_.string() + "#" + std::string(id); }
    /** The schema version this store writes and reads (`PRAGMA user_version`). */
    static constexpr int schema_version = 1;

private:
    // One prepared statement; finalized with its connection.
    class statement {
    public:
        statement() noexcept = default;
        statement(statement&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
        statement& operator=(statement&& o) noexcept {
            std::swap(s_, o.s_);
            return *this;
        }
        ~statement() { ::sqlite3_finalize(s_); }
        sqlite3_stmt* get() const noexcept { return s_; }
        sqlite3_stmt** out() noexcept { return &s_; }
        void reset() noexcept {
            ::sqlite3_reset(s_);
            ::sqlite3_clear_bindings(s_);
        }

    private:
        sqlite3_stmt* s_ = nullptr;
    };

    struct connection {
        sqlite3* db = nullptr;
        statement upsert, create, cas, select, list, remove, exists, find;
        connection() = default;
        connection(const connection&) = delete;
        connection& operator=(const connection&) = delete;
        ~connection() {
            upsert = {};
            create = {};
            cas = {};
            select = {};
            list = {};
            remove = {};
            exists = {};
            find = {};
            ::sqlite3_close_v2(db);
        }
        // The statement, prepared on first use (persistent: it lives as long as the connection).
        statement& stmt(statement& s, const char* sql) {
            if (!s.get()) {
                const int rc = ::sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, s.out(), nullptr);
                if (rc != SQLITE_OK)
                    throw session_error(std::error_code(::sqlite3_extended_errcode(db), sqlite_category()),
                                        "sqlite", "cannot prepare a statement: " + detail::sqlite_one_line(::sqlite3_errmsg(db)));
            }
            return s;
        }
    };

    static constexpr const char* upsert_sql =
        "INSERT INTO claw_sessions (session_id, messages, message_count, input_tokens, output_tokens, revision, "
        "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?6) ON CONFLICT (session_id) DO UPDATE SET "
        "messages = excluded.messages, message_count = excluded.message_count, input_tokens = excluded.input_tokens, "
        "output_tokens = excluded.output_tokens, revision = claw_sessions.revision + 1, "
        "updated_at = max(excluded.updated_at, claw_sessions.updated_at) RETURNING revision";
    static constexpr const char* create_sql =
        "INSERT INTO claw_sessions (session_id, messages, message_count, input_tokens, output_tokens, revision, "
        "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?6) ON CONFLICT (session_id) DO NOTHING "
        "RETURNING revision";
    static constexpr const char* cas_sql =
        "UPDATE claw_sessions SET messages = ?2, message_count = ?3, input_tokens = ?4, output_tokens = ?5, "
        "revision = revision + 1, updated_at = max(?6, updated_at) WHERE session_id = ?1 AND revision = ?7 "
        "RETURNING revision";
    static constexpr const char* schema_sql =
        "CREATE TABLE IF NOT EXISTS claw_sessions ("
        " session_id TEXT PRIMARY KEY CHECK (length(session_id) BETWEEN 1 AND 128"
        "   AND session_id NOT GLOB '*[^A-Za-z0-9_-]*'),"
        " messages TEXT NOT NULL CHECK (json_valid(messages) AND json_type(messages) = 'array'),"
        " message_count INTEGER NOT NULL CHECK (message_count >= 0),"
        " input_tokens INTEGER NOT NULL CHECK (input_tokens >= 0),"
        " output_tokens INTEGER NOT NULL CHECK (output_tokens >= 0),"
        " revision INTEGER NOT NULL CHECK (revision >= 1),"
        " created_at INTEGER NOT NULL,"
        " updated_at INTEGER NOT NULL"
        ") STRICT, WITHOUT ROWID;"
        "CREATE INDEX IF NOT EXISTS claw_sessions_by_update ON claw_sessions (updated_at DESC, session_id DESC,"
        " message_count, input_tokens, output_tokens, revision);"
        "PRAGMA user_version = 1;";


    static std::chrono::system_clock::time_point from_ms(std::int64_t ms) {
        return std::chrono::system_clock::time_point(
            std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::milliseconds(ms)));
    }
    static std::int64_t now_ms() {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    }

    static std::string column_text(const statement& st, int col) {
        const auto* p = reinterpret_cast<const char*>(::sqlite3_column_text(st.get(), col));
        return std::string(p ? p : "", static_cast<std::size_t>(::sqlite3_column_bytes(st.get(), col)));
    }

    // The checks every store applies, then the messages as a JSON array.
    static std::string checked_array(const stored_session& s, const std::string& where) {
        detail::require_storable(s, where);
        detail::require_utf8_messages(s, where);
        return detail::encode_message_array(s.messages);
    }

    [[noreturn]] static void fail(connection& c, statement& st, int rc, const std::string& where, const std::string& what) {
        const int extended = ::sqlite3_extended_errcode(c.db);
        const std::string msg = detail::sqlite_one_line(::sqlite3_errmsg(c.db));
        st.reset();
        throw session_error(std::error_code(extended ? extended : rc, sqlite_category()), detail::shown(where),
                            what + ": " + msg);
    }
    [[noreturn]] static void fail(sqlite3* db, int rc, const std::string& where, const std::string& what) {
        const int extended = db ? ::sqlite3_extended_errcode(db) : rc;
        const std::string msg = db ? detail::sqlite_one_line(::sqlite3_errmsg(db)) : ::sqlite3_errstr(rc);
        throw session_error(std::error_code(extended ? extended : rc, sqlite_category()), detail::shown(where),
                            what + ": " + msg);
    }

    static void bind_text(connection& c, statement& st, int index, std::string_view text, const std::string& where) {
        const int rc = ::sqlite3_bind_text64(st.get(), index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
        if (rc != SQLITE_OK) fail(c, st, rc, where, "cannot bind a parameter");
    }
    static void bind_int(connection& c, statement& st, int index, std::int64_t v, const std::string& where) {
        const int rc = ::sqlite3_bind_int64(st.get(), index, v);
        if (rc != SQLITE_OK) fail(c, st, rc, where, "cannot bind a parameter");
    }
    static void bind_session(connection& c, statement& st, const stored_session& s, const std::string& array,
                             const std::string& where) {
        bind_text(c, st, 1, s.session_id, where);
        bind_text(c, st, 2, array, where);
        bind_int(c, st, 3, static_cast<std::int64_t>(s.messages.size()), where);
        bind_int(c, st, 4, s.input_tokens, where);
        bind_int(c, st, 5, s.output_tokens, where);
        bind_int(c, st, 6, now_ms(), where);
    }

    // Steps a write that RETURNs the revision to completion (so that commit errors surface): the
    // revision, or nullopt when no row was written.
    static std::optional<std::uint64_t> step_revision(connection& c, statement& st, const std::string& where,
                                                      const char* what) {
        std::optional<std::uint64_t> revision;
        for (;;) {
            const int rc = ::sqlite3_step(st.get());
            if (rc == SQLITE_DONE) break;
            if (rc != SQLITE_ROW) fail(c, st, rc, where, std::string(what) + " failed");
            revision = static_cast<std::uint64_t>(::sqlite3_column_int64(st.get(), 0));
        }
        st.reset();
        return revision;
    }

    // Steps a read whose row was already consumed to its end, then resets.
    static void finish(connection& c, statement& st, const std::string& where, const char* what) {
        const int rc = ::sqlite3_step(st.get());
        if (rc != SQLITE_DONE && rc != SQLITE_ROW) fail(c, st, rc, where, std::string(what) + " failed");
        st.reset();
    }

    // Runs SQL without results; retries on SQLITE_BUSY until the busy timeout (schema changes and
    // the switch to WAL can meet another process doing the same).
    void exec(sqlite3* db, const char* sql, const std::string& where, const char* what) const {
        const auto deadline = std::chrono::steady_clock::now() + busy_timeout_;
        for (;;) {
            char* err = nullptr;
            const int rc = ::sqlite3_exec(db, sql, nullptr, nullptr, &err);
            ::sqlite3_free(err);
            if (rc == SQLITE_OK) return;
            if ((rc & 0xFF) == SQLITE_BUSY && std::chrono::steady_clock::now() < deadline) {
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
                continue;
            }
            fail(db, rc, where, what);
        }
    }

    int user_version(sqlite3* db, const std::string& where) const {
        sqlite3_stmt* raw = nullptr;
        int rc = ::sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &raw, nullptr);
        if (rc != SQLITE_OK) fail(db, rc, where, "cannot read the schema version");
        statement st;
        *st.out() = raw;
        rc = ::sqlite3_step(raw);
        if (rc != SQLITE_ROW) fail(db, rc, where, "cannot read the schema version");
        return ::sqlite3_column_int(raw, 0);
    }

    // Creates the folder (0700) and the database file (0600) when missing.
    void prepare_file(const std::string& where) const {
        // The system calls and SQLite take C strings: a NUL byte would silently cut the path short.
        if (path_.native().find('\0') != std::string::npos)
            throw session_error(errc::invalid_argument, detail::shown(where), "the database path holds a NUL byte");
        const std::filesystem::path folder = path_.parent_path();
        if (!folder.empty()) {
            std::vector<std::filesystem::path> missing;
            for (std::filesystem::path p = folder; !p.empty(); p = p.parent_path()) {
                struct stat st {};
                if (detail::os::stat_path(p.c_str(), st) || errno != ENOENT) break;
                missing.push_back(p);
                if (p == p.parent_path()) break;
            }
            for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
                const mode_t mode = (it + 1 == missing.rend()) ? 0700 : 0777;
                if (!detail::os::make_folder(it->c_str(), mode) && errno != EEXIST) {
                    const std::error_code ec = detail::os::last_error();
                    throw session_error(ec, detail::shown(where),
                                        "cannot create folder " + detail::shown(it->string()) + ": " + ec.message());
                }
            }
        }
        if (const int e = detail::os::create_file_if_missing(path_.c_str(), 0600); e != 0) {
            if (e == ELOOP)
                throw session_error(errc::not_a_regular_file, detail::shown(where),
                                    "the database path is a symbolic link; refusing to follow it");
            const std::error_code ec(e, std::system_category());
            throw session_error(ec, detail::shown(where), "cannot create the database file: " + ec.message());
        }
    }

    connection& open(const std::string& where) {
        if (conn_) return *conn_;
        prepare_file(where);
        auto c = std::make_unique<connection>();
        const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW;
        int rc = ::sqlite3_open_v2(path_.c_str(), &c->db, flags, nullptr);
        if (rc != SQLITE_OK) fail(c->db, rc, where, "cannot open the database");
        ::sqlite3_extended_result_codes(c->db, 1);
        ::sqlite3_busy_timeout(c->db, static_cast<int>(busy_timeout_.count()));
        exec(c->db, "PRAGMA journal_mode = WAL", where, "cannot switch to WAL");
        exec(c->db, durability_ == durability::fsync ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL",
             where, "cannot set synchronous");
        exec(c->db, "PRAGMA journal_size_limit = 67108864", where, "cannot set journal_size_limit");
        const int version = user_version(c->db, where);
        if (version == 0) {
            exec(c->db, "BEGIN IMMEDIATE", where, "cannot start the schema transaction");
            try {
                if (user_version(c->db, where) == 0) exec(c->db, schema_sql, where, "cannot create the schema");
                exec(c->db, "COMMIT", where, "cannot commit the schema");
            } catch (...) {
                ::sqlite3_exec(c->db, "ROLLBACK", nullptr, nullptr, nullptr);
                throw;
            }
        } else if (version > schema_version) {
            throw session_error(errc::invalid_argument, detail::shown(where),
                                "the database has schema version " + std::to_string(version) +
                                    ", newer than this claw-cpp understands (" + std::to_string(schema_version) + ")");
        }
        conn_ = std::move(c);
        return *conn_;
    }

    std::filesystem::path path_;
    durability durability_;
    std::chrono::milliseconds busy_timeout_;
    std::unique_ptr<connection> conn_;
};

CLAW_END_NAMESPACE
