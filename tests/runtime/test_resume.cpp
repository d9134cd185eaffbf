// SPDX-License-Identifier: MIT
// Sessions at scale in the engine and the runtime: compare-and-set persistence with versioned
// stores (a second writer gets errc::conflict, never a silent overwrite), last-writer-wins with
// the file store, and resume_latest on the memory, file and SQLite stores.
#include <claw/runtime.hpp>
#include <claw/session.hpp>
#if CLAW_TEST_HAVE_SQLITE
#include <claw/session/sqlite_store.hpp>
#endif

#include "../support/reference_inventory.hpp"
#include "../support/test_support.hpp"

#include <chrono>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>

using claw::basic_query_engine;

using claw::test::reference_commands;
using claw::test::reference_tools;

namespace {

// What a caller of persist_session sees when it lost the race.
struct refusal {
    std::error_code code;
    std::string what;
};
template <class F>
refusal refused(F&& f) {
    try {
        f();
    } catch (const claw::session_error& e) {
        return {e.code(), e.what()};
    }
    FAIL("no claw::session_error was thrown");
    return {};
}

// Two engines load the same session; the first to persist wins, the second is refused with a
// message that names the session and says what to do, and nothing of it is written.
template <class Store>
void check_lost_update_is_refused(Store& store, const std::string& expected_locator) {
    REQUIRE(store.save({"shared", {"first"}, 1, 1}).size() > 0);
    auto a = basic_query_engine<Store&>::from_saved_session("shared", store);
    auto b = basic_query_engine<Store&>::from_saved_session("shared", store);
    CHECK(a.revision() == 1);
    CHECK(b.revision() == 1);
    (void)a.submit_message("from a");
    CHECK(a.persist_session() == expected_locator);
    CHECK(a.revision() == 2);
    (void)b.submit_message("from b");
    const refusal r = refused([&] { (void)b.persist_session(); });
    CHECK(r.code == claw::errc::conflict);
    INFO(r.what);
    CHECK(r.what.find("session shared: ") == 0);
    CHECK(r.what.find("someone else saved this session first") != std::string::npos);
    CHECK(r.what.find("reload it and retry") != std::string::npos);
    CHECK(store.load("shared").messages == std::vector<std::string>{"first", "from a"});
    // The same engine persists again and again: its revision follows its own saves.
    (void)a.submit_message("again");
    CHECK(a.persist_session() == expected_locator);
    CHECK(a.revision() == 3);
    // Reload and retry: the retry lands.
    auto retry = basic_query_engine<Store&>::from_saved_session("shared", store);
    (void)retry.submit_message("from b");
    (void)retry.persist_session();
    CHECK(store.load("shared").messages == std::vector<std::string>{"first", "from a", "again", "from b"});
    // A new engine is create-only: naming an existing session does not overwrite it.
    basic_query_engine<Store&> fresh(store);
    fresh.set_session_id("shared");
    (void)fresh.submit_message("intruder");
    const refusal n = refused([&] { (void)fresh.persist_session(); });
    CHECK(n.code == claw::errc::conflict);
    CHECK(n.what.find("saved by someone else already") != std::string::npos);
    CHECK(store.load("shared").messages.size() == 4);
    // set_session_id on a loaded engine makes a new session: create-only again.
    auto copy = basic_query_engine<Store&>::from_saved_session("shared", store);
    copy.set_session_id("shared-copy");
    CHECK(copy.revision() == 0);
    (void)copy.persist_session();
    CHECK(store.load("shared-copy").messages.size() == 4);
}

// Sets a session file's modification time, the only order a JSON folder has.
void set_mtime(const std::filesystem::path& file, std::int64_t seconds) {
    const timespec times[2] = {{seconds, 0}, {seconds, 0}};
    REQUIRE(::utimensat(AT_FDCWD, file.c_str(), times, 0) == 0);
}

// resume_latest on a runtime whose store holds `older` and `newer` (newer saved last).
template <class Runtime>
void check_resume_latest(Runtime& rt, const std::string& older, const std::string& newer) {
    const auto s = rt.resume_latest("review MCP tool", 5);
    CHECK(s.session_id == newer);
    CHECK(rt.store().load(newer).messages == std::vector<std::string>{"newer", "review MCP tool"});
    CHECK(rt.store().load(older).messages == std::vector<std::string>{"older"});
    CHECK(s.as_markdown().find("# Runtime Session") == 0);
}
}  // namespace

TEST_CASE("engine: with memory_store a second writer of the same session gets errc::conflict", "[engine][resume]") {
    claw::memory_store store;
    check_lost_update_is_refused(store, "memory:shared");
}

#if CLAW_TEST_HAVE_SQLITE
TEST_CASE("engine: with sqlite_store a second writer of the same session gets errc::conflict", "[engine][resume]") {
    const claw::test::temp_dir dir("claw-engine-cas");
    claw::sqlite_store store(dir.path / "s.db", claw::durability::none);
    check_lost_update_is_refused(store, "sqlite:" + (dir.path / "s.db").string() + "#shared");
}
#endif

TEST_CASE("engine: with json_file_store (no revisions) the last writer still wins", "[engine][resume]") {
    const claw::test::temp_dir dir("claw-engine-lww");
    claw::json_file_store store(dir.path, claw::durability::none);
    (void)store.save({"shared", {"first"}, 1, 1});
    auto a = basic_query_engine<claw::json_file_store&>::from_saved_session("shared", store);
    auto b = basic_query_engine<claw::json_file_store&>::from_saved_session("shared", store);
    (void)a.submit_message("from a");
    (void)a.persist_session();
    (void)b.submit_message("from b");
    CHECK(b.persist_session() == (dir.path / "shared.json").string());
    CHECK(b.revision() == 0);
    CHECK(store.load("shared").messages == std::vector<std::string>{"first", "from b"});
}

TEST_CASE("runtime: resume_latest on an empty store is errc::not_found", "[runtime][resume]") {
    claw::ephemeral_runtime rt(reference_commands(), reference_tools());
    const refusal r = refused([&] { (void)rt.resume_latest("hello"); });
    CHECK(r.code == claw::errc::not_found);
    CHECK(r.what == "session latest: there is no session to resume: the store holds none");
    CHECK(rt.store().size() == 0);
}

TEST_CASE("runtime: resume_latest on memory_store resumes the newest session", "[runtime][resume]") {
    claw::ephemeral_runtime rt(reference_commands(), reference_tools());
    (void)rt.store().save({"older", {"older"}, 1, 1});
    (void)rt.store().save({"newer", {"newer"}, 1, 1});
    check_resume_latest(rt, "older", "newer");
    // Resuming the older one by id makes it the newest.
    (void)rt.resume_session("older", "bash");
    CHECK(rt.resume_latest("third").session_id == "older");
    CHECK(rt.store().load("older").messages == std::vector<std::string>{"older", "bash", "third"});
}

TEST_CASE("runtime: resume_latest on json_file_store follows the files' modification times", "[runtime][resume]") {
    const claw::test::temp_dir dir("claw-runtime-resume");
    using file_runtime = claw::basic_runtime<claw::default_permissions, claw::json_file_store>;
    file_runtime rt(reference_commands(), reference_tools(), {}, claw::json_file_store(dir.path, claw::durability::none));
    // "aaa" sorts before "zzz": only the times can make it the newest.
    (void)rt.store().save({"zzz", {"older"}, 1, 1});
    (void)rt.store().save({"aaa", {"newer"}, 1, 1});
    set_mtime(dir.path / "zzz.json", 1'000'000'000);
    set_mtime(dir.path / "aaa.json", 1'000'000'100);
    check_resume_latest(rt, "zzz", "aaa");
    CHECK(claw::session_from_json(claw::test::read_file(dir.path / "aaa.json")).messages.size() == 2);
}

#if CLAW_TEST_HAVE_SQLITE
TEST_CASE("runtime: resume_latest on sqlite_store resumes the newest session, with compare-and-set", "[runtime][resume]") {
    const claw::test::temp_dir dir("claw-runtime-resume-sqlite");
    using db_runtime = claw::basic_runtime<claw::default_permissions, claw::sqlite_store>;
    db_runtime rt(reference_commands(), reference_tools(), {}, claw::sqlite_store(dir.path / "s.db", claw::durability::none));
    const refusal empty = refused([&] { (void)rt.resume_latest("hello"); });
    CHECK(empty.code == claw::errc::not_found);
    (void)rt.store().save({"zzz", {"older"}, 1, 1});
    std::this_thread::sleep_for(std::chrono::milliseconds(5));  // the store's clock counts milliseconds
    (void)rt.store().save({"aaa", {"newer"}, 1, 1});
    check_resume_latest(rt, "zzz", "aaa");
    CHECK(rt.store().load_versioned("aaa").revision == 2);
    const auto s = rt.resume_latest("third");
    CHECK(s.persisted_session_path == "sqlite:" + (dir.path / "s.db").string() + "#aaa");
    CHECK(rt.store().load_versioned("aaa").revision == 3);
}
#endif
