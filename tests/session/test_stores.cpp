// SPDX-License-Identifier: MIT
#include <claw/session.hpp>

#include "session_support.hpp"

#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;
using claw::json_file_store;
using claw::stored_session;

static_assert(claw::session_store<json_file_store>);
static_assert(claw::session_store<claw::memory_store>);

namespace {
// A fresh folder, made the working directory for the test's lifetime.
struct scratch_dir : claw::test::temp_dir {
    fs::path previous = fs::current_path();
    scratch_dir() : temp_dir("claw-store-test") { fs::current_path(path); }
    ~scratch_dir() { fs::current_path(previous); }
};

unsigned mode_of(const fs::path& p) {
    struct stat st {};
    REQUIRE(::lstat(p.c_str(), &st) == 0);
    return st.st_mode & 0777;
}

claw::errc save_error(json_file_store& store, const stored_session& s) {
    try {
        (void)store.save(s);
    } catch (const claw::session_error& e) {
        INFO(e.what());
        return static_cast<claw::errc>(e.code().value());
    }
    FAIL("no error");
    return {};
}
}  // namespace

TEST_CASE("the default store writes .port_sessions/<id>.json byte-identical to the reference", "[session]") {
    scratch_dir dir;
    json_file_store store;
    const auto index = claw::test::load_json("session_files.json").as_array();
    for (const auto& entry : index) {
        stored_session s;
        s.session_id = claw::test::str(entry.at("session_id"));
        for (const auto& m : entry.at("messages").as_array()) s.messages.push_back(claw::test::str(m));
        s.input_tokens = entry.at("input_tokens").as_int64();
        s.output_tokens = entry.at("output_tokens").as_int64();
        const std::string where = store.save(s);
        CHECK(where == ".port_sessions/" + s.session_id + ".json");
        const std::string golden =
            claw::test::read_file(claw::test::data_dir() / "session_files" / claw::test::str(entry.at("file")));
        CLAW_REQUIRE_SAME_BYTES(claw::test::read_file(where), golden);
        CHECK(store.load(s.session_id) == s);
    }
    CHECK(mode_of(".port_sessions") == 0700);
    CHECK(mode_of(".port_sessions/" + claw::test::str(index[0].at("session_id")) + ".json") == 0600);
    // No temporary files are left behind.
    std::size_t files = 0;
    for (const auto& e : fs::directory_iterator(".port_sessions")) files += e.path().extension() == ".json" ? 1 : 100;
    CHECK(files == index.size());
}

TEST_CASE("files written by the reference load unchanged", "[session]") {
    scratch_dir dir;
    fs::create_directories("old");
    for (const auto& e : fs::directory_iterator(claw::test::data_dir() / "session_files"))
        fs::copy_file(e.path(), fs::path("old") / e.path().filename());
    json_file_store store("old", claw::durability::none);
    for (const auto& e : fs::directory_iterator("old")) {
        const std::string id = e.path().stem().string();
        const stored_session s = store.load(id);
        CHECK(s.session_id == id);
        CLAW_REQUIRE_SAME_BYTES(claw::to_python_json(s), claw::test::read_file(e.path()));
    }
}

TEST_CASE("unsafe ids are rejected before any file-system call", "[session]") {
    scratch_dir dir;
    json_file_store store("sessions");
    const std::vector<std::string> ids{"../escape", "..", "", "a/b", std::string("a\0b", 3), "é", std::string(129, 'a')};
    for (const std::string& id : ids) {
        CHECK(save_error(store, {id, {}, 0, 0}) == claw::errc::invalid_session_id);
        CHECK_THROWS_AS(store.load(id), claw::session_error);
    }
    CHECK_FALSE(fs::exists("sessions"));
    CHECK_FALSE(fs::exists("escape.json"));
}

TEST_CASE("a rejected save leaves the previous file intact", "[session]") {
    scratch_dir dir;
    json_file_store store;
    const stored_session good{"s1", {"hello"}, 1, 2};
    store.save(good);
    const std::string before = claw::test::read_file(".port_sessions/s1.json");
    CHECK(save_error(store, {"s1", {"ok", "bad\xC3"}, 1, 2}) == claw::errc::invalid_utf8);
    CHECK(save_error(store, {"s1", {}, -1, 2}) == claw::errc::out_of_range);
    CHECK(claw::test::read_file(".port_sessions/s1.json") == before);
    CHECK(store.load("s1") == good);
}

TEST_CASE("a planted symlink is replaced, never followed", "[session]") {
    scratch_dir dir;
    fs::create_directories(".port_sessions");
    claw::test::write_file("victim.txt", "precious");
    fs::create_symlink(fs::absolute("victim.txt"), ".port_sessions/s2.json");
    json_file_store store;
    CHECK_THROWS_WITH(store.load("s2"), Catch::Contains("symbolic link"));
    store.save({"s2", {"x"}, 1, 1});
    CHECK(claw::test::read_file("victim.txt") == "precious");
    CHECK_FALSE(fs::is_symlink(".port_sessions/s2.json"));
    CHECK(store.load("s2").messages == std::vector<std::string>{"x"});
}

TEST_CASE("load errors name the file and the cause", "[session]") {
    scratch_dir dir;
    json_file_store store;
    try {
        (void)store.load("missing");
        FAIL("no error");
    } catch (const claw::session_error& e) {
        CHECK(std::string(e.what()) == "session .port_sessions/missing.json: no such session file");
        CHECK(e.code() == claw::errc::not_found);
    }
    fs::create_directories(".port_sessions/folder.json");
    CHECK_THROWS_WITH(store.load("folder"), Catch::Contains("not a regular file"));
    claw::test::write_file(".port_sessions/big.json", std::string(2048, ' '));
    store.set_max_file_size(1024);
    const auto big = claw::test::refused<claw::session_error>([&] { (void)store.load("big"); });
    CHECK(big.code == claw::errc::too_large);
    CHECK(big.what.find("2048 bytes, more than the limit of 1024") != std::string::npos);
    claw::test::write_file(".port_sessions/trunc.json", "{\"session_id\": \"trunc\", \"mess");
    CHECK_THROWS_WITH(store.load("trunc"), Catch::StartsWith("session .port_sessions/trunc.json: malformed JSON"));
}

TEST_CASE("stale temporary files never confuse load", "[session]") {
    scratch_dir dir;
    json_file_store store("d", claw::durability::none);
    store.save({"s3", {"v1"}, 1, 1});
    claw::test::write_file("d/.s3.json.0123456789abcdef.tmp", "{\"session_id\": \"s3\", \"mes");
    CHECK(store.load("s3").messages == std::vector<std::string>{"v1"});
    store.save({"s3", {"v2"}, 1, 1});
    CHECK(store.load("s3").messages == std::vector<std::string>{"v2"});
}

TEST_CASE("nested folders are created and the locator keeps the folder as given", "[session]") {
    scratch_dir dir;
    json_file_store store("a/b/c");
    CHECK(store.save({"s4", {}, 0, 0}) == "a/b/c/s4.json");
    CHECK(mode_of("a/b/c") == 0700);
}

TEST_CASE("memory_store keeps sessions and applies the same checks", "[session]") {
    claw::memory_store store;
    CHECK(store.save({"m1", {"a"}, 1, 2}) == "memory:m1");
    CHECK(store.load("m1") == stored_session{"m1", {"a"}, 1, 2});
    CHECK(store.contains("m1"));
    CHECK(store.size() == 1);
    CHECK_THROWS_AS(store.save({"../m", {}, 0, 0}), claw::session_error);
    CHECK_THROWS_AS(store.save({"m2", {"\xFF"}, 0, 0}), claw::session_error);
    try {
        (void)store.load("nope");
        FAIL("no error");
    } catch (const claw::session_error& e) {
        CHECK(e.code() == claw::errc::not_found);
        CHECK(std::string(e.what()) == "session memory:nope: no such session in this memory store");
    }
}

TEST_CASE("a planted symlink in place of the session folder is refused, its target untouched", "[session]") {
    scratch_dir dir;
    fs::create_directories("victim");
    claw::test::write_file("victim/s5.json", "precious");
    fs::create_directory_symlink(fs::absolute("victim"), ".port_sessions");
    json_file_store store;
    const auto r = claw::test::refused<claw::session_error>([&] { (void)store.save({"s5", {"x"}, 1, 1}); });
    CHECK(r.what ==
          "session .port_sessions/s5.json: the session folder .port_sessions is a symbolic link; refusing to follow it");
    CHECK_THROWS_WITH(store.load("s5"), Catch::Contains("is a symbolic link"));
    CHECK(claw::test::read_file("victim/s5.json") == "precious");
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator("victim")) ++files;
    CHECK(files == 1);
    // A folder reached through a symlinked parent is fine.
    fs::create_directories("real/sessions");
    fs::create_directory_symlink(fs::absolute("real"), "link");
    json_file_store through_parent("link/sessions");
    through_parent.save({"s6", {"y"}, 1, 1});
    CHECK(json_file_store("real/sessions").load("s6").messages == std::vector<std::string>{"y"});
}

TEST_CASE("a session folder that is a file gives a clear error", "[session]") {
    scratch_dir dir;
    claw::test::write_file("not-a-folder", "x");
    json_file_store store("not-a-folder");
    CHECK_THROWS_WITH(store.save({"s7", {}, 0, 0}), Catch::Contains("is not a folder"));
    CHECK_THROWS_WITH(store.load("s7"), Catch::Contains("is not a folder"));
    CHECK_THROWS_WITH(json_file_store("missing-folder").load("s7"), Catch::EndsWith("no such session file"));
}

static_assert(claw::listable_session_store<json_file_store>);
static_assert(claw::removable_session_store<json_file_store>);
static_assert(claw::probing_session_store<json_file_store>);
static_assert(!claw::versioned_session_store<json_file_store>);
static_assert(!claw::searchable_session_store<json_file_store>);
static_assert(claw::listable_session_store<claw::memory_store>);
static_assert(claw::removable_session_store<claw::memory_store>);
static_assert(claw::probing_session_store<claw::memory_store>);
static_assert(claw::versioned_session_store<claw::memory_store>);
static_assert(claw::searchable_session_store<claw::memory_store>);
static_assert(claw::listable_session_store<claw::memory_store&>);

TEST_CASE("json_file_store lists by mtime without parsing, reading counters from the tail", "[session][list]") {
    scratch_dir dir;
    json_file_store store("d", claw::durability::none);
    CHECK(store.list().empty());  // no folder yet
    CHECK_FALSE(fs::exists("d"));
    (void)store.save({"old", {"a", "b"}, 3, 13});
    (void)store.save({"new", {}, 0, 9223372036854775807}); 
    (void)store.save({"mid", {"x"}, 7, 8});
    const auto base = fs::file_time_type::clock::now();
    fs::last_write_time("d/old.json", base - std::chrono::hours(2));
    fs::last_write_time("d/mid.json", base - std::chrono::hours(1));
    // Things that are not sessions: a temporary file, a link, a folder, an invalid id, other names.
    claw::test::write_file("d/.new.json.0123456789abcdef.tmp", "partial");
    fs::create_symlink(fs::absolute("d/mid.json"), "d/link.json");
    fs::create_directory("d/folder.json");
    claw::test::write_file("d/bad id.json", "{}");
    claw::test::write_file("d/notes.txt", "x");
    // A valid file in another layout: listed, counters unknown. A file the tail reader cannot
    // parse is still listed; list never reads the transcript.
    claw::test::write_file("d/compact.json", R"({"session_id":"compact","messages":[],"input_tokens":1,"output_tokens":2})");
    fs::last_write_time("d/compact.json", base - std::chrono::hours(3));
    claw::test::write_file("d/garbage.json", "not json at all");
    fs::last_write_time("d/garbage.json", base - std::chrono::hours(4));

    const auto all = store.list();
    REQUIRE(all.size() == 5);
    CHECK(all[0].session_id == "new");
    CHECK(all[1].session_id == "mid");
    CHECK(all[2].session_id == "old");
    CHECK(all[3].session_id == "compact");
    CHECK(all[4].session_id == "garbage");
    CHECK(all[0].input_tokens == 0);
    CHECK(all[0].output_tokens == 9223372036854775807);
    CHECK(all[1].input_tokens == 7);
    CHECK(all[1].output_tokens == 8);
    CHECK(all[2].input_tokens == 3);
    CHECK(all[2].output_tokens == 13);
    CHECK_FALSE(all[3].input_tokens.has_value());
    CHECK_FALSE(all[4].output_tokens.has_value());
    for (const auto& s : all) {
        CHECK_FALSE(s.message_count.has_value());
        CHECK(s.revision == 0);
    }
    CHECK(all[1].updated_at < all[0].updated_at);
    CHECK(claw::latest_session_id(store) == std::optional<std::string>("new"));
}

TEST_CASE("json_file_store remove and contains", "[session][list]") {
    scratch_dir dir;
    json_file_store store("d", claw::durability::fsync);
    CHECK_FALSE(store.contains("a"));  // no folder
    CHECK_FALSE(store.remove("a"));
    (void)store.save({"a", {"x"}, 1, 1});
    CHECK(store.contains("a"));
    CHECK(claw::session_exists(store, "a"));
    fs::create_symlink(fs::absolute("d/a.json"), "d/l.json");
    CHECK_FALSE(store.contains("l"));  // a link is not a session (load refuses it)
    {
        claw::test::faults::sync_log log;
        CHECK(store.remove("a"));
        CHECK(log.has("fsync:" + fs::canonical("d").string()));
    }
    CHECK_FALSE(store.remove("a"));
    CHECK_FALSE(store.contains("a"));
    CHECK(fs::exists("d/l.json") == false);  // the dangling link stays a link...
    CHECK(fs::is_symlink("d/l.json"));       // ...untouched
    CHECK(claw::test::refused<claw::session_error>([&] { (void)store.remove("../x"); }).code ==
          claw::errc::invalid_session_id);
    CHECK(claw::test::refused<claw::session_error>([&] { (void)store.contains("a/b"); }).code ==
          claw::errc::invalid_session_id);
}

TEST_CASE("prune_sessions removes old sessions but keeps the newest, reporting each", "[session][list]") {
    claw::memory_store store;
    for (const char* id : {"a", "b", "c", "d"}) (void)store.save({id, {}, 0, 0});
    const auto future = std::chrono::system_clock::now() + std::chrono::hours(1);
    std::vector<std::string> logged;
    CHECK(claw::prune_sessions(store, future, 1, [&](const claw::session_summary& s) { logged.push_back(s.session_id); }) == 3);
    CHECK(store.size() == 1);
    CHECK(store.contains("d"));  // the newest
    CHECK(logged == std::vector<std::string>{"c", "b", "a"});
    CHECK(claw::prune_sessions(store, std::chrono::system_clock::now() - std::chrono::hours(1)) == 0);
    CHECK(claw::prune_sessions(store, future) == 1);
    CHECK(store.size() == 0);
    CHECK(claw::latest_session_id(store) == std::nullopt);
}
