// SPDX-License-Identifier: MIT
// Lexical normalisation: POSIX joins and dot removal, Windows spellings, `~`, limits, and a
// comparison with a plain reference implementation on random inputs.
#include <claw/paths/normalize.hpp>

#include "paths_test_support.hpp"

#include <random>

using claw::paths::normalize_options;
using claw::paths::path_status;
using claw::paths::path_syntax;
using claw::test::paths::norm;

namespace {
normalize_options posix(std::string_view cwd = "/w/proj", std::string_view home = "/home/u") {
    normalize_options o;
    o.cwd = cwd;
    o.home = home;
    return o;
}
normalize_options windows() {
    normalize_options o = posix();
    o.syntax = path_syntax::windows;
    return o;
}
}  // namespace

TEST_CASE("normalize joins relative paths and removes '.', '..' and '//'", "[paths]") {
    const auto o = posix();
    CHECK(norm("a/b", o) == "/w/proj/a/b");
    CHECK(norm("./a/./b/", o) == "/w/proj/a/b");
    CHECK(norm("a/../b", o) == "/w/proj/b");
    CHECK(norm("../x", o) == "/w/x");
    CHECK(norm("../../../../../x", o) == "/x");  // never above the root
    CHECK(norm(".", o) == "/w/proj");
    CHECK(norm("/", o) == "/");
    CHECK(norm("//", o) == "/");
    CHECK(norm("/etc//passwd", o) == "/etc/passwd");
    CHECK(norm("/etc/./passwd", o) == "/etc/passwd");
    CHECK(norm("/tmp/../etc/passwd", o) == "/etc/passwd");
    CHECK(norm("/..", o) == "/");
    CHECK(norm("/a/b/c/../../d", o) == "/a/d");
    CHECK(norm("...", o) == "/w/proj/...");  // only '.' and '..' are special
    CHECK(norm("a\\b", o) == "/w/proj/a\\b");   // POSIX: a backslash is part of the name
    CHECK(norm("C:\\x", o) == "/w/proj/C:\\x");
}

TEST_CASE("normalize normalises the working directory too and needs it absolute", "[paths]") {
    CHECK(norm("x", posix("/a/./b/../c//")) == "/a/c/x");
    CHECK(norm("x", posix("relative/dir")) == "!relative path without an absolute working directory");
    CHECK(norm("x", posix("")) == "!relative path without an absolute working directory");
    CHECK(norm("/abs", posix("")) == "/abs");  // an absolute input needs no cwd
}

TEST_CASE("normalize expands '~' with the given home and refuses '~name'", "[paths]") {
    const auto o = posix();
    CHECK(norm("~", o) == "/home/u");
    CHECK(norm("~/", o) == "/home/u");
    CHECK(norm("~/.ssh/id_rsa", o) == "/home/u/.ssh/id_rsa");
    CHECK(norm("~/../v", o) == "/home/v");
    CHECK(norm("~root/x", o) == "!'~name' path (other users' homes are not resolved)");
    CHECK(norm("a/~/x", o) == "/w/proj/a/~/x");  // only a leading '~'
    CHECK(norm("~/x", posix("/w", "")) == "!'~' path without an absolute home directory");
    auto literal = o;
    literal.expand_tilde = false;
    CHECK(norm("~/x", literal) == "/w/proj/~/x");
}

TEST_CASE("normalize reports what it found besides the path", "[paths]") {
    claw::paths::path_buffer b;
    CHECK(claw::paths::normalize("a/", posix(), b).trailing_slash);
    CHECK(claw::paths::normalize("a/.", posix(), b).trailing_slash);
    CHECK(claw::paths::normalize("a/..", posix(), b).trailing_slash);
    CHECK_FALSE(claw::paths::normalize("a", posix(), b).trailing_slash);
    CHECK(claw::paths::normalize("", posix(), b).status == path_status::empty);
    CHECK(claw::paths::normalize(std::string_view("/etc/passwd\0.txt", 16), posix(), b).status == path_status::embedded_nul);
    CHECK(b.view().empty());  // nothing usable after a failure
}

TEST_CASE("normalize reads Windows spellings in windows syntax (S8.5)", "[paths]") {
    const auto o = windows();
    struct row {
        const char* in;
        const char* out;
        bool unc;
    };
    const row rows[] = {
        {"C:\\a\\b", "/c/a/b", false},
        {"c:/a/b", "/c/a/b", false},
        {"C:", "/c", false},
        {"C:\\", "/c", false},
        {"D:\\x\\..\\y", "/d/y", false},
        {"\\\\?\\C:\\Windows\\System32", "/c/Windows/System32", false},
        {"\\??\\C:\\x", "/c/x", false},
        {"//?/C:/x", "/c/x", false},
        {"\\\\.\\C:\\x", "/c/x", false},
        {"\\\\server\\share\\dir\\f", "/server/share/dir/f", true},
        {"//server/share/f", "/server/share/f", true},
        {"\\\\?\\UNC\\server\\share\\f", "/server/share/f", true},
        {"\\??\\UNC\\server\\share", "/server/share", true},
        {"\\\\.\\pipe\\name", "/pipe/name", true},
        {"\\\\?\\Volume{1234}\\x", "/Volume{1234}/x", true},
        {"\\rooted\\x", "/rooted/x", false},
        {"rel\\x", "/w/proj/rel/x", false},
        {"mixed/a\\b/../c", "/w/proj/mixed/a/c", false},
        {"~\\.ssh\\id", "/home/u/.ssh/id", false},
        {"C:name", "/w/proj/C:name", false},  // relative to drive C's own cwd: not read as a drive
    };
    for (const auto& r : rows) {
        INFO(r.in);
        claw::paths::path_buffer b;
        const auto res = claw::paths::normalize(r.in, o, b);
        REQUIRE(res.ok());
        CHECK(b.view() == r.out);
        CHECK(res.unc == r.unc);
    }
    CHECK(claw::paths::has_windows_form("C:\\x"));
    CHECK(claw::paths::has_windows_form("c:/x"));
    CHECK(claw::paths::has_windows_form("C:"));
    CHECK(claw::paths::has_windows_form("a\\b"));
    CHECK_FALSE(claw::paths::has_windows_form("C:name"));
    CHECK_FALSE(claw::paths::has_windows_form("/etc/passwd"));
    CHECK_FALSE(claw::paths::has_windows_form("1:/x"));
}

TEST_CASE("normalize fails on results longer than CLAW_PATH_MAX - 1 and never truncates", "[paths]") {
    const std::size_t cap = claw::paths::path_buffer::capacity();
    CHECK(cap == CLAW_PATH_MAX - 1);
    const std::string fits = "/" + std::string(cap - 1, 'a');
    CHECK(norm(fits, posix()) == fits);
    CHECK(norm(fits + "b", posix()) == "!path too long");
    CHECK(norm(fits + "/..", posix()) == "/");  // the input may be longer than the result
    const std::string rel(cap - 7, 'r');      // "/w/proj/" + rel is one byte too long
    CHECK(norm(rel, posix()) == "!path too long");
    CHECK(norm(rel.substr(1), posix()).size() == cap);
    CHECK(norm("~/" + std::string(cap, 'h'), posix()) == "!path too long");
    // Long but collapsing inputs are fine: only the result counts.
    std::string deep;
    for (int i = 0; i < 3000; ++i) deep += "a/../";
    CHECK(norm(deep + "x", posix()) == "/w/proj/x");
}

TEST_CASE("normalize keeps '..' with keep_dot_dot", "[paths]") {
    auto o = posix();
    o.keep_dot_dot = true;
    CHECK(norm("a/../b", o) == "/w/proj/a/../b");
    CHECK(norm("/../x", o) == "/x");  // a '..' right below the root is still dropped
    CHECK(norm("/a/./b//..", o) == "/a/b/..");
}

TEST_CASE("normalize agrees with a reference implementation and is idempotent on random paths", "[paths]") {
    std::mt19937_64 rng(20240611);
    const std::vector<std::string> parts = {"a", "b", ".", "..", "", "ccc", "...", ".x", "x.", "~", "A", "é", "\\", "C:"};
    std::size_t cases = 0, windows_cases = 0;
    for (int n = 0; n < 20000; ++n) {
        std::string in;
        const int k = std::uniform_int_distribution<int>(0, 8)(rng);
        if (claw::test::paths::coin(rng, 50)) in.push_back('/');  // not `= "/"`: GCC 12 -Wrestrict at -O3
        for (int i = 0; i < k; ++i) {
            in += claw::test::paths::pick(rng, parts);
            if (i + 1 < k || claw::test::paths::coin(rng, 20)) in += claw::test::paths::coin(rng, 10) ? "//" : "/";
        }
        if (in.empty()) continue;
        auto o = posix();
        o.expand_tilde = false;
        const std::string got = norm(in, o);
        INFO("input '" << in << "'");
        REQUIRE(got == claw::test::paths::reference_normalize(in, "/w/proj"));
        CHECK(claw::paths::is_normalized(got));
        CHECK(norm(got, o) == got);
        auto w = windows();
        w.expand_tilde = false;
        const std::string wgot = norm(in, w);
        if (wgot[0] == '/') {
            CHECK(claw::paths::is_normalized(wgot));
            CHECK(norm(wgot, w) == wgot);
            CHECK(wgot.find('\\') == std::string::npos);
            ++windows_cases;
        }
        ++cases;
    }
    WARN("normalised " << cases << " random paths against the reference (" << windows_cases << " also in windows syntax)");
    CHECK(cases > 15000);
}

TEST_CASE("is_normalized recognises exactly the normal form", "[paths]") {
    CHECK(claw::paths::is_normalized("/"));
    CHECK(claw::paths::is_normalized("/a/b"));
    CHECK_FALSE(claw::paths::is_normalized(""));
    CHECK_FALSE(claw::paths::is_normalized("a/b"));
    CHECK_FALSE(claw::paths::is_normalized("/a/"));
    CHECK_FALSE(claw::paths::is_normalized("/a//b"));
    CHECK_FALSE(claw::paths::is_normalized("/a/./b"));
    CHECK_FALSE(claw::paths::is_normalized("/a/../b"));
}
