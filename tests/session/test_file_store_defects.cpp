// SPDX-License-Identifier: MIT
// Attacks on json_file_store's edges: symlinked folders in every spelling, sizes that load would
// refuse, folder syncs, random-source failures, folders the process may search but not read,
// stale temporary files, and error messages built from hostile ids and paths.
#include <claw/session.hpp>

#include "session_support.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;
using claw::json_file_store;
using claw::stored_session;
using claw::test::refused;

namespace {
std::size_t entries_in(const fs::path& dir) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
    return n;
}
}  // namespace

TEST_CASE("a symlinked session folder is refused in every spelling", "[session][symlink]") {
    claw::test::scratch_cwd dir;
    fs::create_directories("victim");
    claw::test::write_file("victim/s.json", "precious");
    fs::create_directory_symlink(fs::absolute("victim"), "link");
    const std::vector<std::string> spellings{"link",   "link/",   "link/.",  "link//", "./link/",
                                             "link/./", "link/.//", "./link", (dir.path / "link/").string()};
    for (const std::string& spelling : spellings) {
        INFO("folder spelled " << spelling);
        json_file_store store(spelling, claw::durability::none);
        const auto s = refused<claw::session_error>([&] { (void)store.save({"s", {"x"}, 1, 1}); });
        CHECK(s.code == claw::errc::not_a_regular_file);
        CHECK(s.what.find("is a symbolic link; refusing to follow it") != std::string::npos);
        const auto l = refused<claw::session_error>([&] { (void)store.load("s"); });
        CHECK(l.code == claw::errc::not_a_regular_file);
        CHECK(l.what.find("is a symbolic link") != std::string::npos);
    }
    CHECK(claw::test::read_file("victim/s.json") == "precious");
    CHECK(entries_in("victim") == 1);
}

TEST_CASE("a symlink at a parent component of the session folder is followed (documented)", "[session][symlink]") {
    claw::test::scratch_cwd dir;
    fs::create_directories("real/sessions");
    fs::create_directory_symlink(fs::absolute("real"), "parent-link");
    for (const std::string spelling : {"parent-link/sessions", "parent-link/sessions/", "parent-link/./sessions/."}) {
        INFO("folder spelled " << spelling);
        json_file_store store(spelling, claw::durability::none);
        (void)store.save({"p", {spelling}, 1, 1});
        CHECK(json_file_store("real/sessions").load("p").messages == std::vector<std::string>{spelling});
    }
    // ".." is never a link itself: a folder named through it is the real parent.
    fs::create_directories("real/sessions/inner");
    json_file_store up("real/sessions/inner/..", claw::durability::none);
    CHECK(up.load("p").session_id == "p");
}

TEST_CASE("save refuses a session whose file load would refuse, leaving the previous file", "[session][limits]") {
    claw::test::scratch_cwd dir;
    json_file_store store(".port_sessions", claw::durability::none);
    const stored_session good{"big", {"fine"}, 1, 2};
    (void)store.save(good);
    const std::string before = claw::test::read_file(".port_sessions/big.json");
    // 12 MiB of control characters: each is written as \u00XX, six bytes, so 72 MiB on disk.
    const stored_session huge{"big", {std::string(12u << 20, '\x01')}, 1, 2};
    const auto r = refused<claw::session_error>([&] { (void)store.save(huge); });
    CHECK(r.code == claw::errc::too_large);
    CHECK(r.what.find("more than the limit of 67108864 bytes") != std::string::npos);
    CHECK(r.what.find("nothing was written") != std::string::npos);
    CHECK(claw::test::read_file(".port_sessions/big.json") == before);
    CHECK(entries_in(".port_sessions") == 1);
    // The limit is the store's own: a smaller one applies to save as it does to load.
    store.set_max_file_size(1000);
    const auto small = refused<claw::session_error>([&] { (void)store.save({"big", {std::string(200, '\x02')}, 1, 2}); });
    CHECK(small.code == claw::errc::too_large);
    CHECK(store.load("big") == good);
    (void)store.save({"big", {std::string(100, 'a')}, 1, 2});  // 100 bytes + framing fit in 1000
}

TEST_CASE("creating the session folder syncs its parent, and every new ancestor's parent", "[session][durability]") {
    claw::test::scratch_cwd dir;
    const std::string root = fs::canonical(dir.path).string();
    {
        claw::test::faults::sync_log log;
        json_file_store store("a/b/c", claw::durability::fsync);
        (void)store.save({"s", {"x"}, 1, 1});
        INFO("synced: " << Catch::Detail::stringify(log.entries()));
        CHECK(log.has("fsync:" + root + "/a/b/c"));  // the folder, after the rename
        CHECK(log.has("fsync:" + root + "/a/b"));    // the parent of the new folder
        CHECK(log.has("fsync:" + root + "/a"));      // the parents of the new ancestors
        CHECK(log.has("fsync:" + root));
    }
    {
        claw::test::faults::sync_log log;
        (void)json_file_store("a/b/c", claw::durability::fsync).save({"s", {"y"}, 1, 1});
        INFO("synced: " << Catch::Detail::stringify(log.entries()));
        CHECK_FALSE(log.has("fsync:" + root + "/a/b"));  // nothing new was created this time
    }
    {
        claw::test::faults::sync_log log;
        (void)json_file_store("d", claw::durability::none).save({"s", {"x"}, 1, 1});
        CHECK(log.entries().empty());  // durability::none syncs nothing
    }
}

TEST_CASE("a random-source failure during a save or a new id is a session_error", "[session][random]") {
    claw::test::scratch_cwd dir;
    json_file_store store(".port_sessions", claw::durability::none);
    (void)store.save({"r", {"before"}, 1, 1});
    claw::test::faults::getrandom_errno = ENOSYS;
    const auto s = refused<claw::session_error>([&] { (void)store.save({"r", {"after"}, 1, 1}); });
    const auto n = refused<claw::session_error>([] { (void)claw::new_session_id(); });
    claw::test::faults::getrandom_errno = 0;
    CHECK(s.code == std::errc::function_not_supported);
    CHECK(s.what.starts_with("session .port_sessions/r.json: "));
    CHECK(s.what.find("random") != std::string::npos);
    CHECK(n.code == std::errc::function_not_supported);
    CHECK(n.what.find("random") != std::string::npos);
    CHECK(store.load("r").messages == std::vector<std::string>{"before"});
    CHECK(entries_in(".port_sessions") == 1);
}

TEST_CASE("error messages quote hostile ids and paths on one line", "[session][messages]") {
    claw::test::scratch_cwd dir;
    const std::string hostile = "ab\ncd\x1b[31m";
    std::vector<claw::test::refusal> seen;
    json_file_store plain;
    seen.push_back(refused<claw::session_error>([&] { (void)plain.load(hostile); }));
    seen.push_back(refused<claw::session_error>([&] { (void)plain.save({hostile, {}, 0, 0}); }));
    seen.push_back(refused<claw::session_error>([&] { (void)plain.load("missing"); }));
    // A folder whose own name is hostile, in every failure the store can name it in.
    const std::string folder = "dir\n\x1b[2Jx";
    claw::test::write_file(folder, "a file, not a folder");
    json_file_store odd(folder, claw::durability::none);
    seen.push_back(refused<claw::session_error>([&] { (void)odd.save({"s", {}, 0, 0}); }));
    seen.push_back(refused<claw::session_error>([&] { (void)odd.load("s"); }));
    seen.push_back(refused<claw::session_error>([&] { (void)odd.load(hostile); }));
    const std::string linked = "link\r\x07";
    fs::create_directories("target");
    fs::create_directory_symlink(fs::absolute("target"), linked);
    json_file_store via_link(linked, claw::durability::none);
    seen.push_back(refused<claw::session_error>([&] { (void)via_link.save({"s", {}, 0, 0}); }));
    const std::string real = "real\t\x1b";
    fs::create_directories(real);
    claw::test::write_file(real + "/bad.json", "{\"session_id\": \"bad\", \"messages\": [}");
    json_file_store real_store(real, claw::durability::none);
    seen.push_back(refused<claw::session_error>([&] { (void)real_store.load("bad"); }));
    seen.push_back(refused<claw::session_error>([&] { (void)real_store.save({"u", {"\xFF"}, 0, 0}); }));
    seen.push_back(refused<claw::session_error>([&] { (void)real_store.save({"u", {}, -1, 0}); }));
    claw::memory_store memory;
    seen.push_back(refused<claw::session_error>([&] { (void)memory.load(hostile); }));
    seen.push_back(refused<claw::session_error>([&] { (void)memory.save({hostile, {}, 0, 0}); }));
    for (const auto& r : seen) {
        INFO(claw::test::visible(r.what));
        CHECK(claw::test::one_clean_line(r.what));
    }
    CHECK(seen[0].what ==
          "session '.port_sessions/ab\\ncd\\x1b[31m.json': invalid session id 'ab\\ncd\\x1b[31m': only A-Z, a-z, 0-9, "
          "'_' and '-' are allowed");
    CHECK(seen[2].what == "session .port_sessions/missing.json: no such session file");  // plain paths stay plain
    CHECK(seen[3].what.find("'dir\\n\\x1b[2Jx'") != std::string::npos);
    CHECK(seen[6].what.find("'link\\r\\x07'") != std::string::npos);
}

TEST_CASE("a failed folder sync after a successful rename is reported as not durable, not as a failed save",
          "[session][durability]") {
    claw::test::scratch_cwd dir;
    json_file_store store("durable", claw::durability::fsync);
    (void)store.save({"d", {"v1"}, 1, 1});
    claw::test::faults::fail_folder_fsync_suffix = "/durable";
    std::error_code code, cause;
    std::string what;
    try {
        (void)store.save({"d", {"v2"}, 2, 2});
    } catch (const claw::session_durability_error& e) {
        code = e.code();
        cause = e.cause();
        what = e.what();
    } catch (...) {
    }
    claw::test::faults::fail_folder_fsync_suffix.clear();
    INFO(what);
    CHECK(code == claw::errc::not_durable);
    CHECK(cause == std::errc::io_error);
    CHECK(what.starts_with("session durable/d.json: saved, but syncing the folder failed"));
    CHECK(store.load("d") == stored_session{"d", {"v2"}, 2, 2});  // the save is complete
    CHECK(entries_in("durable") == 1);
    // Without the fault the same save succeeds quietly.
    (void)store.save({"d", {"v3"}, 3, 3});
}

namespace {
// Runs `check` in a child as an unprivileged user: `nobody` when running as root (root ignores
// permission bits), or the current user otherwise. Returns the child's verdict; "unprivileged
// user unavailable" when root could not drop its privileges.
std::string as_unprivileged(const fs::path& owned_dir, const std::function<std::string()>& check) {
    const bool root = ::geteuid() == 0;
    constexpr uid_t nobody = 65534;
    if (root && ::chown(owned_dir.c_str(), nobody, nobody) != 0) return "cannot chown the test folder";
    return claw::test::run_in_child([&]() -> std::string {
        if (root && (::setgid(nobody) != 0 || ::setuid(nobody) != 0)) return "unprivileged user unavailable";
        if (::geteuid() == 0) return "still root";
        return check();
    });
}
}  // namespace

TEST_CASE("a folder with search but not read permission (0300, 0100) works for load and save",
          "[session][permissions]") {
    claw::test::temp_dir dir("claw-xonly");
    const std::string verdict = as_unprivileged(dir.path, [&]() -> std::string {
        const fs::path folder = dir.path / "sessions";
        const json_file_store store(folder, claw::durability::fsync);
        (void)store.save({"x", {"v1"}, 1, 1});
        if (::chmod(folder.c_str(), 0300) != 0) return "chmod 0300 failed";
        {
            claw::test::faults::sync_log log;
            (void)store.save({"x", {"v2"}, 2, 2});
            bool committed = false;
            for (const auto& e : log.entries()) committed = committed || e.starts_with("syncfs:");
            if (!committed) return "0300: a durable save did not commit the file system: " +
                                   Catch::Detail::stringify(log.entries());
        }
        if (!(store.load("x") == stored_session{"x", {"v2"}, 2, 2})) return "0300: load returned another session";
        try {
            (void)store.sweep_temporaries();
            return "0300: sweep_temporaries listed an unreadable folder";
        } catch (const claw::session_error& e) {
            if (std::string(e.what()).find("cannot list the session folder") == std::string::npos)
                return std::string("0300: sweep error: ") + e.what();
        }
        if (::chmod(folder.c_str(), 0100) != 0) return "chmod 0100 failed";
        if (!(store.load("x") == stored_session{"x", {"v2"}, 2, 2})) return "0100: load returned another session";
        try {
            (void)store.save({"x", {"v3"}, 3, 3});
            return "0100: save succeeded in a folder without write permission";
        } catch (const claw::session_error& e) {
            if (e.code() != std::errc::permission_denied) return std::string("0100: unexpected error: ") + e.what();
        }
        try {
            (void)store.load("missing");
            return "0100: load of a missing id succeeded";
        } catch (const claw::session_error& e) {
            if (e.code() != claw::errc::not_found) return std::string("0100: missing id: ") + e.what();
        }
        ::chmod(folder.c_str(), 0700);
        return "";
    });
    if (verdict == "unprivileged user unavailable") {
        WARN("running as root without the right to become 'nobody': the permission-bit check did not run");
        return;
    }
    CHECK(verdict == "");
}

TEST_CASE("sweep_temporaries removes only old temporary files of the exact form", "[session][sweep]") {
    claw::test::scratch_cwd dir;
    json_file_store store("d", claw::durability::fsync);
    CHECK(store.sweep_temporaries() == 0);  // no folder yet: nothing to do, nothing created
    CHECK_FALSE(fs::exists("d"));
    (void)store.save({"s", {"kept"}, 1, 1});
    const auto old_time = fs::file_time_type::clock::now() - std::chrono::hours(3);
    const std::vector<std::string> stale{".s.json.0123456789abcdef.tmp", ".other-id_2.json.fedcba9876543210.tmp"};
    const std::vector<std::string> kept{
        ".s.json.0123456789ABCDEF.tmp",      // upper-case hex: not ours
        ".s.json.0123456789abcde.tmp",       // 15 digits
        ".s.json.0123456789abcdef.tmp.bak",  // suffix after
        "s.json.0123456789abcdef.tmp",       // not hidden
        ".bad id.json.0123456789abcdef.tmp", // invalid id
        "..json.0123456789abcdef.tmp",       // empty id
        ".s.jsn.0123456789abcdef.tmp",       // not .json
        "notes.txt",
    };
    for (const auto& n : stale) claw::test::write_file(fs::path("d") / n, "partial");
    for (const auto& n : kept) claw::test::write_file(fs::path("d") / n, "other");
    const std::string young = ".s.json.aaaaaaaaaaaaaaaa.tmp";  // a live writer's file
    claw::test::write_file(fs::path("d") / young, "in progress");
    const std::string folder = ".s.json.bbbbbbbbbbbbbbbb.tmp";  // a folder with the form: never removed
    fs::create_directory(fs::path("d") / folder);
    const std::string link = ".s.json.cccccccccccccccc.tmp";  // a link with the form: not a regular file
    fs::create_symlink(fs::absolute("d/s.json"), fs::path("d") / link);
    for (const auto& n : stale) fs::last_write_time(fs::path("d") / n, old_time);
    for (const auto& n : kept) fs::last_write_time(fs::path("d") / n, old_time);
    fs::last_write_time(fs::path("d") / folder, old_time);

    claw::test::faults::sync_log log;
    CHECK(store.sweep_temporaries(std::chrono::hours(1)) == stale.size());
    CHECK(log.has("fsync:" + fs::canonical("d").string()));
    for (const auto& n : stale) CHECK_FALSE(fs::exists(fs::path("d") / n));
    for (const auto& n : kept) CHECK(fs::exists(fs::path("d") / n));
    CHECK(fs::exists(fs::path("d") / young));
    CHECK(fs::is_directory(fs::path("d") / folder));
    CHECK(fs::is_symlink(fs::path("d") / link));
    CHECK(store.load("s").messages == std::vector<std::string>{"kept"});
    CHECK(store.sweep_temporaries(std::chrono::hours(1)) == 0);
    // A zero age removes every temporary file, the young one included.
    CHECK(store.sweep_temporaries(std::chrono::seconds(-1)) == 1);
    CHECK_FALSE(fs::exists(fs::path("d") / young));
    CHECK(json_file_store::is_temporary_name(".a.json.0123456789abcdef.tmp"));
    CHECK_FALSE(json_file_store::is_temporary_name(".a.json.0123456789abcdef"));
}

TEST_CASE("a session folder holding a NUL byte is refused, never cut short", "[session][messages]") {
    claw::test::scratch_cwd dir;
    // Cut at the NUL, the path would name the folder "cut", which must stay untouched.
    const std::string folder = std::string("cut\0rest", 8);
    json_file_store store(folder, claw::durability::none);
    const auto check = [&](const claw::test::refusal& r) {
        CHECK(r.code == claw::errc::invalid_argument);
        CHECK(r.what.find("holds a NUL byte") != std::string::npos);
        CHECK(r.what.find("\\x00") != std::string::npos);  // the path is shown escaped, on one line
        CHECK(r.what.find('\0') == std::string::npos);
    };
    check(refused<claw::session_error>([&] { (void)store.save({"s", {"x"}, 1, 1}); }));
    check(refused<claw::session_error>([&] { (void)store.load("s"); }));
    check(refused<claw::session_error>([&] { (void)store.list(); }));
    check(refused<claw::session_error>([&] { (void)store.contains("s"); }));
    check(refused<claw::session_error>([&] { (void)store.remove("s"); }));
    check(refused<claw::session_error>([&] { (void)store.sweep_temporaries(); }));
    CHECK_FALSE(fs::exists("cut"));
}
