// SPDX-License-Identifier: MIT
// Symbolic-link resolution on real trees in a temporary folder: links to files and folders,
// relative and absolute targets, chains, dangling links, loops, the hop limit, '..' after a link,
// relative resolution against a folder descriptor, and a comparison with realpath(3) and
// std::filesystem::weakly_canonical on random paths.
#include <claw/paths/resolve.hpp>

#include "paths_test_support.hpp"

#include <climits>
#include <cstdlib>

#include <fcntl.h>
#include <unistd.h>

using claw::paths::path_status;
using claw::test::paths::tree;

namespace {
struct resolved {
    path_status status;
    std::string path;
    std::vector<std::string> hops;
    bool partial;
};
resolved run(std::string_view p, const claw::paths::resolve_options& o = {}) {
    auto r = claw::test::paths::new_resolution();
    const path_status st = claw::paths::resolve(p, *r, o);
    REQUIRE(st == r->status());
    resolved out{st, std::string(r->path()), {}, r->partial()};
    for (std::size_t i = 0; i < r->hop_count(); ++i) out.hops.emplace_back(r->hop(i));
    return out;
}
}  // namespace

TEST_CASE("resolve leaves a path without links as it is", "[paths]") {
    tree t("claw-resolve-plain");
    t.file("a/b/c.txt");
    const auto r = run(t.at("a/b/c.txt"));
    CHECK(r.status == path_status::ok);
    CHECK(r.path == t.at("a/b/c.txt"));
    CHECK(r.hops.empty());
    CHECK_FALSE(r.partial);
    CHECK(run(t.at("a/./b//c.txt")).path == t.at("a/b/c.txt"));
    CHECK(run("/").path == "/");
}

TEST_CASE("resolve follows a symlinked file and reports the hop", "[paths]") {
    tree t("claw-resolve-file");
    t.file("secret/key");
    t.link("ws/innocent", t.at("secret/key"));
    const auto r = run(t.at("ws/innocent"));
    CHECK(r.status == path_status::ok);
    CHECK(r.path == t.at("secret/key"));
    REQUIRE(r.hops.size() == 1);
    CHECK(r.hops[0] == t.at("secret/key"));
}

TEST_CASE("resolve follows a symlinked folder in the middle of a path (relative target)", "[paths]") {
    tree t("claw-resolve-middle");
    t.file("real/deep/f.txt");
    t.link("ws/mid", "../real/deep");
    const auto r = run(t.at("ws/mid/f.txt"));
    CHECK(r.path == t.at("real/deep/f.txt"));
    REQUIRE(r.hops.size() == 1);
    CHECK(r.hops[0] == t.at("real/deep/f.txt"));
    // a missing file below the linked folder: resolved lexically below the target
    const auto m = run(t.at("ws/mid/missing/x"));
    CHECK(m.status == path_status::ok);
    CHECK(m.path == t.at("real/deep/missing/x"));
    CHECK(m.partial);
}

TEST_CASE("resolve reports every hop of a chain, in order", "[paths]") {
    tree t("claw-resolve-chain");
    t.file("end/f");
    t.link("l1", "l2");
    t.link("l2", t.at("l3"));
    t.link("l3", "end");
    const auto r = run(t.at("l1/f"));
    CHECK(r.path == t.at("end/f"));
    REQUIRE(r.hops.size() == 3);
    CHECK(r.hops[0] == t.at("l2/f"));
    CHECK(r.hops[1] == t.at("l3/f"));
    CHECK(r.hops[2] == t.at("end/f"));
}

TEST_CASE("resolve follows a dangling link: its target is a hop and target + remainder the result", "[paths]") {
    tree t("claw-resolve-dangling");
    t.mkdir("ws");
    t.link("ws/dang", t.at("nowhere/target"));
    const auto r = run(t.at("ws/dang/rest/file"));
    CHECK(r.status == path_status::ok);
    CHECK(r.path == t.at("nowhere/target/rest/file"));
    REQUIRE(r.hops.size() == 1);
    CHECK(r.hops[0] == t.at("nowhere/target/rest/file"));
    CHECK(r.partial);
    // dangling to a relative target
    t.link("ws/dang2", "../gone");
    CHECK(run(t.at("ws/dang2")).path == t.at("gone"));
    // a dangling link that points at a secret that does not exist yet (a write would create it)
    t.mkdir("home/.ssh");
    t.link("ws/plant", t.at("home/.ssh/authorized_keys"));
    const auto p = run(t.at("ws/plant"));
    CHECK(p.path == t.at("home/.ssh/authorized_keys"));
}

TEST_CASE("resolve detects loops and stops after CLAW_PATH_MAX_HOPS links", "[paths]") {
    tree t("claw-resolve-loop");
    t.link("self", "self");
    t.link("a", "b");
    t.link("b", t.at("a"));
    t.link("dir_loop", "dir_loop/x");
    CHECK(run(t.at("self")).status == path_status::symlink_loop);
    CHECK(run(t.at("self/x/y")).status == path_status::symlink_loop);
    const auto ab = run(t.at("a/f"));
    CHECK(ab.status == path_status::symlink_loop);
    CHECK(ab.path.empty());
    CHECK(ab.hops.size() >= 1);  // the hops met before the loop closed are kept
    CHECK(ab.hops[0] == t.at("b/f"));
    const auto growing = run(t.at("dir_loop"));  // never repeats a state: grows until the limit
    CHECK((growing.status == path_status::too_many_hops || growing.status == path_status::too_long));

    // a chain of exactly max_hops links resolves; one more fails
    const std::size_t n = claw::paths::max_hops;
    t.file("chain/end");
    for (std::size_t i = 0; i < n; ++i)
        t.link(claw::test::cat("chain/c", i), i + 1 == n ? std::string("end") : claw::test::cat("c", i + 1));
    const auto ok = run(t.at("chain/c0"));
    CHECK(ok.status == path_status::ok);
    CHECK(ok.path == t.at("chain/end"));
    CHECK(ok.hops.size() == n);
    t.link("chain/c_extra", "c0");
    CHECK(run(t.at("chain/c_extra")).status == path_status::too_many_hops);
}

TEST_CASE("resolve applies '..' physically after a link, as the kernel does", "[paths]") {
    tree t("claw-resolve-dotdot");
    t.file("real/data/secret");
    t.file("ws/data/secret");  // what a lexical reading of ws/link/../data/secret would reach
    t.link("ws/link", t.at("real/data"));
    const auto r = run(t.at("ws/link/../data/secret"));
    CHECK(r.path == t.at("real/data/secret"));
    char buf[PATH_MAX];
    REQUIRE(::realpath(t.at("ws/link/../data/secret").c_str(), buf) != nullptr);
    CHECK(r.path == buf);
}

TEST_CASE("resolve reports a link leaving the workspace", "[paths]") {
    tree t("claw-resolve-leave");
    t.file("outside/passwd");
    t.mkdir("ws");
    t.link("ws/etc", "../outside");
    const auto r = run(t.at("ws/etc/passwd"));
    CHECK(r.path == t.at("outside/passwd"));
    CHECK(r.path.rfind(t.at("ws") + "/", 0) != 0);
}

TEST_CASE("resolve works relative to a folder descriptor", "[paths]") {
    tree t("claw-resolve-dirfd");
    t.file("base/real/f");
    t.link("base/l", "real");
    t.link("base/abs", t.at("base/real"));
    const int fd = ::open(t.at("base").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    REQUIRE(fd >= 0);
    claw::paths::resolve_options o;
    o.dir_fd = fd;
    const auto rel = run("l/f", o);
    CHECK(rel.status == path_status::ok);
    CHECK(rel.path == "real/f");
    REQUIRE(rel.hops.size() == 1);
    CHECK(rel.hops[0] == "real/f");
    CHECK(run("abs/f", o).path == t.at("base/real/f"));  // an absolute target leaves the descriptor
    CHECK(run(".", o).path == ".");
    CHECK(run("../base/l/f", o).path == "../base/real/f");
    CHECK(run(t.at("base/l/f"), o).path == t.at("base/real/f"));  // absolute input: descriptor ignored
    ::close(fd);
}

TEST_CASE("resolve refuses empty paths, NUL bytes and results that do not fit", "[paths]") {
    CHECK(run("").status == path_status::empty);
    CHECK(run(std::string_view("/tmp\0x", 6)).status == path_status::embedded_nul);
    CHECK(run("/" + std::string(claw::paths::path_max, 'a')).status == path_status::too_long);
    tree t("claw-resolve-long");
    // a link whose target plus the remainder exceeds the limit
    const std::string big(2000, 'b');
    t.link("l", "/" + big + "/" + big);
    CHECK(run(t.at("l/" + std::string(200, 'c'))).status == path_status::too_long);
}

TEST_CASE("resolve agrees with realpath and weakly_canonical on random paths in a linked tree", "[paths]") {
    tree t("claw-resolve-random");
    t.file("r/a/b/f1");
    t.file("r/a/c/f2");
    t.file("r/d/f3");
    t.link("r/a/up", "..");
    t.link("r/a/b/to_d", "../../d");
    t.link("r/abs_a", t.at("r/a"));
    t.link("r/d/to_f1", "../a/b/f1");
    t.link("r/d/chain", "../abs_a/b");
    // Names of folders (or links to folders) anywhere; files only last: the kernel refuses
    // "file/..", and the two oracles disagree about it.
    const std::vector<std::string> dirs = {"a", "b", "c", "d", "up", "to_d", "abs_a", "chain", ".", "..", "missing"};
    const std::vector<std::string> names = {"a", "b", "c", "d", "up", "to_d", "abs_a", "to_f1", "chain",
                                            "f1", "f2", "f3", ".", "..", "missing"};
    std::mt19937_64 rng(77);
    std::size_t existing = 0, partial = 0;
    for (int n = 0; n < 4000; ++n) {
        std::string p = t.at("r");
        const int k = std::uniform_int_distribution<int>(1, 7)(rng);
        for (int i = 0; i < k; ++i) p += "/" + claw::test::paths::pick(rng, i + 1 == k ? names : dirs);
        INFO("path " << p);
        const auto r = run(p);
        REQUIRE(r.status == path_status::ok);
        char buf[PATH_MAX];
        if (::realpath(p.c_str(), buf) != nullptr) {
            CHECK(r.path == buf);
            ++existing;
        } else {
            std::error_code ec;
            std::string w = std::filesystem::weakly_canonical(p, ec).string();
            REQUIRE_FALSE(ec);
            while (w.size() > 1 && w.back() == '/') w.pop_back();
            // weakly_canonical applies '..' lexically after the first missing name, as resolve does
            CHECK(r.path == w);
            ++partial;
        }
    }
    WARN("compared " << existing << " existing paths with realpath and " << partial << " partial ones with weakly_canonical");
    CHECK(existing > 200);
    CHECK(partial > 300);
}

TEST_CASE("resolve skips a trusted canonical prefix, but only while the path stays in it", "[paths]") {
    tree t("claw-resolve-trusted");
    t.file("real/f");
    t.mkdir("base");
    t.link("base/l", t.at("real"));
    claw::paths::resolve_options o;
    o.trusted_prefix = t.at("base").size();
    CHECK(run(t.at("base/l/f"), o).path == t.at("real/f"));  // below the prefix: examined
    // A link inside the "trusted" part is not seen: the caller's promise is taken at its word.
    o.trusted_prefix = t.at("base/l").size();
    CHECK(run(t.at("base/l/f"), o).path == t.at("base/l/f"));
    // ... but a '..' ends the trust, and a path leaving the prefix is examined again.
    CHECK(run(t.at("base/l/../l/f"), o).path == t.at("real/f"));
    o.trusted_prefix = t.at("base").size();
    CHECK(run(t.at("base/../base/l/f"), o).path == t.at("real/f"));
}
