// SPDX-License-Identifier: MIT
// sqlite_store beyond the contract: lazy opening, file modes, a symlinked database, the schema
// version, compare-and-set across 8 processes, and writers killed with SIGKILL mid-save.
#include "store_fixtures.hpp"

#include <csignal>
#include <random>
#include <thread>

#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using claw::sqlite_store;
using claw::stored_session;

namespace {
unsigned mode_of(const fs::path& p) {
    struct stat st {};
    REQUIRE(::lstat(p.c_str(), &st) == 0);
    return st.st_mode & 0777;
}

std::string query_one(const fs::path& db, const char* sql) {
    sqlite3* h = nullptr;
    REQUIRE(::sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
    std::string out;
    char* err = nullptr;
    const int rc = ::sqlite3_exec(
        h, sql,
        [](void* o, int, char** values, char**) {
            *static_cast<std::string*>(o) = values[0] ? values[0] : "NULL";
            return 0;
        },
        &out, &err);
    const std::string error = err ? err : "";
    ::sqlite3_free(err);
    ::sqlite3_close(h);
    INFO(error);
    REQUIRE(rc == SQLITE_OK);
    return out;
}

}  // namespace

TEST_CASE("sqlite_store opens lazily, creates 0700/0600, refuses a symlinked database", "[session][sqlite]") {
    claw::test::temp_dir dir("claw-sqlite");
    const fs::path db = dir.path / "nested" / "sessions.db";
    {
        sqlite_store store(db);
        CHECK_FALSE(fs::exists(dir.path / "nested"));  // construction touches nothing
        CHECK(store.save({"a", {"x"}, 1, 2}) == "sqlite:" + db.string() + "#a");
        CHECK(mode_of(dir.path / "nested") == 0700);
        CHECK(mode_of(db) == 0600);
        CHECK(mode_of(db.string() + "-wal") == 0600);  // SQLite gives -wal and -shm the database's mode
        CHECK(mode_of(db.string() + "-shm") == 0600);
    }
    CHECK(query_one(db, "PRAGMA journal_mode") == "wal");
    CHECK(query_one(db, "PRAGMA user_version") == "1");
    CHECK(query_one(db, "SELECT messages FROM claw_sessions WHERE session_id = 'a'") == "[\"x\"]");

    fs::create_symlink(db, dir.path / "link.db");
    sqlite_store via_link(dir.path / "link.db");
    const auto r = claw::test::refused<claw::session_error>([&] { (void)via_link.load("a"); });
    CHECK(r.code == claw::errc::not_a_regular_file);
    CHECK(r.what.find("symbolic link") != std::string::npos);

    // A database from a newer claw-cpp is refused, not misread.
    (void)query_one(db, "PRAGMA user_version = 7");
    sqlite_store newer(db);
    const auto v = claw::test::refused<claw::session_error>([&] { (void)newer.load("a"); });
    CHECK(v.what.find("schema version 7") != std::string::npos);
    (void)query_one(db, "PRAGMA user_version = 1");
}

TEST_CASE("sqlite_store errors carry SQLite's extended code", "[session][sqlite]") {
    claw::test::temp_dir dir("claw-sqlite");
    const fs::path db = dir.path / "s.db";
    sqlite_store store(db, claw::durability::none);
    (void)store.save({"a", {"x"}, 1, 2});
    // A row that breaks the table's CHECK (written behind the store's back) cannot be faked into a
    // bad session: the constraint refuses it with SQLITE_CONSTRAINT_CHECK.
    sqlite3* h = nullptr;
    REQUIRE(::sqlite3_open(db.c_str(), &h) == SQLITE_OK);
    ::sqlite3_extended_result_codes(h, 1);
    CHECK(::sqlite3_exec(h, "UPDATE claw_sessions SET messages = '{}'", nullptr, nullptr, nullptr) ==
          SQLITE_CONSTRAINT_CHECK);
    // Another connection holding the write lock makes a writer fail after its busy timeout.
    REQUIRE(::sqlite3_exec(h, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite_store impatient(db, claw::durability::none, std::chrono::milliseconds(50));
    (void)impatient.load("a");  // readers are not blocked
    const auto r = claw::test::refused<claw::session_error>([&] { (void)impatient.save({"b", {}, 0, 0}); });
    CHECK(r.code.category() == claw::sqlite_category());
    CHECK((r.code.value() & 0xFF) == SQLITE_BUSY);
    CHECK(r.what.find("database is locked") != std::string::npos);
    ::sqlite3_exec(h, "ROLLBACK", nullptr, nullptr, nullptr);
    ::sqlite3_close(h);
    (void)impatient.save({"b", {}, 0, 0});
    CHECK(impatient.contains("b"));
}

TEST_CASE("sqlite_store refuses a database path holding a NUL byte, never cuts it short", "[session][sqlite]") {
    claw::test::temp_dir dir("claw-sqlite");
    // Cut at the NUL, the path would name the file "cut.db", which must never be created.
    const fs::path db = (dir.path / "cut.db").string() + std::string("\0rest", 5);
    sqlite_store store(db, claw::durability::none);
    const auto r = claw::test::refused<claw::session_error>([&] { (void)store.save({"a", {"x"}, 1, 2}); });
    CHECK(r.code == claw::errc::invalid_argument);
    CHECK(r.what.find("the database path holds a NUL byte") != std::string::npos);
    CHECK(r.what.find('\0') == std::string::npos);  // shown escaped, on one line
    const auto l = claw::test::refused<claw::session_error>([&] { (void)store.list(); });
    CHECK(l.code == claw::errc::invalid_argument);
    CHECK_FALSE(fs::exists(dir.path / "cut.db"));
}

TEST_CASE("sqlite_store: 8 processes x 200 read-modify-writes with save_if end at exactly 1600", "[session][sqlite]") {
    claw::test::temp_dir dir("claw-sqlite-cas");
    const fs::path db = dir.path / "s.db";
    {
        sqlite_store store(db, claw::durability::none);
        REQUIRE(store.save_if({"counter", {}, 0, 0}, 0) == std::optional<std::uint64_t>(1));
    }
    const int conflicts =
        claw::test::concurrent_increments([&] { return sqlite_store(db, claw::durability::none, std::chrono::seconds(30)); }, 8, 200);
    sqlite_store store(db);
    const auto v = store.load_versioned("counter");
    CHECK(v.session.input_tokens == 1600);
    CHECK(v.revision == 1601);
    WARN("sqlite_store: " << conflicts << " conflicts retried among 1600 increments");
}

TEST_CASE("sqlite_store: writers killed with SIGKILL mid-save leave a consistent database", "[session][sqlite]") {
    claw::test::temp_dir dir("claw-sqlite-kill");
    const fs::path db = dir.path / "s.db";
    std::vector<stored_session> versions;
    for (int k = 0; k < 4; ++k) {
        stored_session s{"crash", {}, k, k};
        for (int m = 0; m < (k % 2 ? 2000 : 3); ++m) s.messages.push_back(claw::test::cat("v", k, " m", m));
        versions.push_back(std::move(s));
    }
    {
        sqlite_store store(db);
        (void)store.save(versions[0]);
    }
    std::mt19937_64 rng(7);
    constexpr int kills = 30;
    for (int k = 0; k < kills; ++k) {
        const auto mode = k % 3 == 0 ? claw::durability::fsync : claw::durability::none;
        int ready[2];
        REQUIRE(::pipe(ready) == 0);
        const pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            ::close(ready[0]);
            sqlite_store child(db, mode);
            for (std::size_t i = 0;; ++i) {
                (void)child.save(versions[(i + static_cast<std::size_t>(k)) % versions.size()]);
                if (i == 0) (void)!::write(ready[1], "r", 1);  // one save committed: now kill me anywhere
            }
        }
        ::close(ready[1]);
        char byte = 0;
        REQUIRE(::read(ready[0], &byte, 1) == 1);
        ::close(ready[0]);
        std::this_thread::sleep_for(std::chrono::microseconds(rng() % 3000));
        ::kill(pid, SIGKILL);
        int status = 0;
        REQUIRE(::waitpid(pid, &status, 0) == pid);
        REQUIRE(WIFSIGNALED(status));
        sqlite_store reader(db);
        const stored_session after = reader.load("crash");
        INFO("kill " << k);
        bool known = false;
        for (const auto& v : versions) known = known || after == v;
        REQUIRE(known);
    }
    CHECK(query_one(db, "PRAGMA integrity_check") == "ok");
    sqlite_store store(db);
    CHECK(store.load_versioned("crash").revision > kills);  // every killed writer committed at least one save
}
