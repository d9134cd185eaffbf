// SPDX-License-Identifier: MIT
// Candidate paths (S8.3) and the one-call deny/allow helpers, attacked with every path bypass
// of RULES.md appendix B.2 (each test names its row), on real trees with symbolic links.
#include <claw/paths/candidates.hpp>

#include "paths_test_support.hpp"

using claw::paths::anchor_context;
using claw::paths::candidate_kind;
using claw::paths::candidate_options;
using claw::paths::path_pattern;
using claw::paths::path_status;
using claw::paths::pattern_role;
using claw::paths::pattern_set;
using claw::test::paths::tree;

namespace {
/** A workspace T/w/proj, a home T/home/u, and helpers to ask deny/allow questions. */
struct workspace {
    tree t{"claw-candidates"};
    std::string proj = t.at("w/proj"), home = t.at("home/u");
    std::unique_ptr<claw::paths::candidate_set> c = claw::test::paths::new_candidates();

    workspace() {
        t.mkdir("w/proj");
        t.mkdir("home/u");
    }
    anchor_context anchors() const { return anchor_context({proj, home, proj}); }
    candidate_options options(std::string_view cwd = {}) const {
        candidate_options o;
        o.cwd = cwd.empty() ? std::string_view(proj) : cwd;
        o.home = home;
        return o;
    }
    const claw::paths::candidate_set& build(std::string_view input, std::string_view cwd = {}) {
        claw::paths::build_candidates(input, options(cwd), *c);
        return *c;
    }
    /** Deny question: does any candidate of `input` match `spec` (deny role, folding as S8.4 asks)? */
    bool denied(std::string_view spec, std::string_view input, std::string_view cwd = {}) {
        const auto p = path_pattern::compile(spec, anchors(), {pattern_role::deny});
        return claw::paths::any_candidate_matches(build(input, cwd), p, true);
    }
    /** Allow question: do the lexical and resolved forms all match `spec` (allow role, no folding)? */
    bool allowed(std::string_view spec, std::string_view input, std::string_view cwd = {}) {
        const auto p = path_pattern::compile(spec, anchors(), {pattern_role::allow});
        return claw::paths::lexical_and_resolved_match(build(input, cwd), p, false);
    }
    /** Inside the workspace root: lexical and resolved both below it (the Clarifications' rule). */
    bool inside(std::string_view input, std::string_view cwd = {}) { return allowed("./", input, cwd); }
};
}  // namespace

TEST_CASE("candidates: lexical, resolved and hops of a linked path", "[paths]") {
    workspace w;
    w.t.file("real/data/f");
    w.t.link("w/proj/l1", "l2");
    w.t.link("w/proj/l2", w.t.at("real/data"));
    const auto& c = w.build("l1/f");
    REQUIRE(c.ok());
    CHECK(c.lexical() == w.proj + "/l1/f");
    std::vector<std::string> hops, resolved;
    for (std::size_t i = 0; i < c.size(); ++i) {
        if (c[i].kind == candidate_kind::hop) hops.emplace_back(c[i].path);
        if (c[i].kind == candidate_kind::resolved) resolved.emplace_back(c[i].path);
    }
    CHECK(hops == std::vector<std::string>{w.proj + "/l2/f", w.t.at("real/data/f")});
    CHECK(resolved == std::vector<std::string>{w.t.at("real/data/f")});
    CHECK(c.lexical_and_resolved().size() == 2);
    CHECK(c.all().size() == 4);
}

TEST_CASE("candidates: '..' through a link gives both the lexical and the physical reading", "[paths]") {
    workspace w;
    w.t.file("outside/secret");
    w.t.file("w/proj/secret");
    w.t.link("w/proj/link", w.t.at("outside/sub"));
    w.t.mkdir("outside/sub");
    const auto& c = w.build("link/../secret");
    REQUIRE(c.ok());
    std::vector<std::string> all(c.all().begin(), c.all().end());
    CHECK(std::find(all.begin(), all.end(), w.proj + "/secret") != all.end());   // lexical
    CHECK(std::find(all.begin(), all.end(), w.t.at("outside/secret")) != all.end());  // what the kernel opens
    CHECK(w.denied(claw::test::cat("/", w.t.at("outside/secret")), "link/../secret"));
    CHECK_FALSE(w.inside("link/../secret"));  // the physical reading is outside
}

TEST_CASE("candidates: failures are reported and allow refuses an unknown path", "[paths]") {
    workspace w;
    w.t.link("w/proj/loop", "loop");
    const auto& c = w.build("loop/x");
    CHECK(c.status() == path_status::symlink_loop);
    CHECK_FALSE(c.ok());
    CHECK(c.lexical() == w.proj + "/loop/x");  // still there for deny checks
    CHECK(c.lexical_and_resolved().empty());
    CHECK(w.denied("loop/**", "loop/x"));
    CHECK_FALSE(w.allowed("./**", "loop/x"));
    CHECK(w.build("").status() == path_status::empty);
    CHECK(w.build("~bob/x").status() == path_status::tilde_user);
    CHECK(w.build(std::string_view("a\0b", 3)).status() == path_status::embedded_nul);
    CHECK(w.build("/" + std::string(5000, 'x')).status() == path_status::too_long);
}

TEST_CASE("candidates: resolution can be turned off for virtual paths", "[paths]") {
    workspace w;
    w.t.file("real/f");
    w.t.link("w/proj/l", w.t.at("real"));
    auto o = w.options();
    o.resolve = false;
    claw::paths::build_candidates("l/f", o, *w.c);
    REQUIRE(w.c->ok());
    CHECK(w.c->size() == 1);
    CHECK(w.c->lexical() == w.proj + "/l/f");
}

TEST_CASE("candidates: a canonical directory is not examined again, what is below it is", "[paths]") {
    workspace w;
    w.t.file("real/f");
    w.t.link("w/proj/l", w.t.at("real"));
    const std::vector<std::string> canonical{w.proj};
    auto o = w.options();
    o.canonical_dirs = canonical;
    // The link below the canonical directory is followed as without it, by either spelling.
    for (const std::string_view input : {"l/f", "./l/f", "sub/../l/f"}) {
        claw::paths::build_candidates(input, o, *w.c);
        REQUIRE(w.c->ok());
        const auto must = w.c->lexical_and_resolved();
        CHECK(std::find(must.begin(), must.end(), w.t.at("real/f")) != must.end());
    }
    // The caller's word is taken for the directory itself: a link in it would not be seen ...
    const std::vector<std::string> lie{w.proj + "/l"};
    o.canonical_dirs = lie;
    claw::paths::build_candidates("l/f", o, *w.c);
    REQUIRE(w.c->ok());
    CHECK(w.c->size() == 1);
    // ... until a '..' leaves it, or the path is outside it (a sibling with the same prefix too).
    claw::paths::build_candidates("l/../l/f", o, *w.c);
    CHECK(std::find(w.c->all().begin(), w.c->all().end(), w.t.at("real/f")) != w.c->all().end());
    w.t.link("w/proj/l2", w.t.at("real"));
    claw::paths::build_candidates("l2/f", o, *w.c);
    CHECK(std::find(w.c->all().begin(), w.c->all().end(), w.t.at("real/f")) != w.c->all().end());
    CHECK(claw::paths::canonical_prefix(w.proj + "/l2/f", lie) == 0);
    CHECK(claw::paths::canonical_prefix(w.proj + "/l", lie) == lie[0].size());
    CHECK(claw::paths::canonical_prefix(w.proj + "/l/x", canonical) == w.proj.size());
}

TEST_CASE("candidate_set helpers on pattern sets give the lowest index", "[paths]") {
    workspace w;
    w.t.file("home/u/.ssh/id_rsa");
    w.t.link("w/proj/key", w.t.at("home/u/.ssh/id_rsa"));
    const auto deny = pattern_set::compile({"*.pem", "~/.ssh/**", "key"}, w.anchors(), {pattern_role::deny});
    const auto allow = pattern_set::compile({"./docs/**", "./**"}, w.anchors(), {pattern_role::allow});
    const auto& c = w.build("key");
    CHECK(claw::paths::first_match_any_candidate(c, deny, true) == 1);  // via the resolved path, before 'key'
    CHECK(claw::paths::first_match_lexical_and_resolved(c, allow, false) == pattern_set::npos);
    w.t.file("w/proj/docs/a.md");
    CHECK(claw::paths::first_match_lexical_and_resolved(w.build("docs/a.md"), allow, false) == 0);
}

// ---- RULES.md appendix B.2, one test per row ----

TEST_CASE("B.2 deny rules not enforced through symlinks (CWE-61, CVE-2026-25724)", "[paths][bypass]") {
    workspace w;
    w.t.file("home/u/.ssh/id_rsa");
    w.t.mkdir("w/proj/project");
    w.t.link("w/proj/project/key", w.t.at("home/u/.ssh/id_rsa"));  // rules case 106
    CHECK(w.denied("~/.ssh/**", w.proj + "/project/key"));
    CHECK(w.denied("~/.ssh/**", "project/key"));
    CHECK_FALSE(w.allowed("./project/**", "project/key"));  // allow needs the resolved path too
    // a symlinked folder in the middle, and a chain of links
    w.t.link("w/proj/sshdir", w.t.at("home/u/.ssh"));
    w.t.link("w/proj/hop1", "sshdir");
    CHECK(w.denied("~/.ssh/id_rsa", "hop1/id_rsa"));
    CHECK(w.denied("~/.ssh/**", "sshdir/id_rsa"));
    // the deny names the link itself: denied whatever spelling reaches the target
    w.t.file("w/proj/.env");
    w.t.link("w/proj/innocent", ".env");
    CHECK(w.denied("./.env", "innocent"));
    // a chain through a denied name: only the hop '.env' names it (lexical 'innocent2', resolved
    // 'vault/real.env' do not), so deny must look at every hop
    w.t.file("vault/real.env");
    w.t.link("w/proj/sub/.env", w.t.at("vault/real.env"));
    w.t.link("w/proj/innocent2", "sub/.env");
    CHECK(w.denied(".env", "innocent2"));
    CHECK_FALSE(w.denied(".env", w.t.at("vault/real.env")));  // the target by its own name is another name
    // a link created after the deny pattern was compiled is caught by the hop as well
    const auto late = path_pattern::compile("./config/**", w.anchors(), {pattern_role::deny});
    w.t.file("etc-app/settings");
    w.t.link("w/proj/config", w.t.at("etc-app"));
    w.t.link("w/proj/alias", "config");
    CHECK(claw::paths::any_candidate_matches(w.build("alias/settings"), late, true));
    // a dangling link planted for a later write still hits the deny
    w.t.link("w/proj/plant", w.t.at("home/u/.ssh/authorized_keys"));
    CHECK(w.denied("~/.ssh/**", "plant"));
}

TEST_CASE("B.2 absolute path not matched by Read(./.env) / Read(**/.env*)", "[paths][bypass]") {
    workspace w;
    CHECK(w.denied("./.env", w.proj + "/.env"));  // rules case 98
    CHECK(w.denied("**/.env*", w.proj + "/.env"));
    CHECK(w.denied("**/.env*", w.proj + "/sub/.env.local"));
    CHECK(w.denied("./.env", w.proj + "/src/../.env"));  // rules case 99
    CHECK(w.denied("./.env", w.proj + "//.env"));
    CHECK(w.denied("./.env", w.proj + "/./.env"));
}

TEST_CASE("B.2 Read(./.env) denied, but 'cat .env' via Bash: a relative path fact matches the same rule", "[paths][bypass]") {
    workspace w;
    CHECK(w.denied("./.env", ".env"));
    CHECK(w.denied("./.env", "./.env"));
    CHECK(w.denied(".env", "sub/dir/.env"));
}

TEST_CASE("B.2 Bash auto-loads .env despite deny: a path read from another working directory", "[paths][bypass]") {
    workspace w;
    w.t.mkdir("w/proj/sub");
    CHECK(w.denied("./.env", "../.env", w.proj + "/sub"));  // effective cwd after 'cd sub'
    CHECK(w.denied("./.env", "./../sub/../.env", w.proj + "/sub"));
}

TEST_CASE("B.2 writes via Bash bypass Edit/Write restrictions: redirect targets are path facts too", "[paths][bypass]") {
    workspace w;
    CHECK(w.denied("./secrets/**", "secrets/key.txt"));  // rules case 58
    CHECK(w.denied("./secrets/**", "secrets//key.txt"));
    CHECK(w.denied("./secrets/**", "x/../secrets/key.txt"));
}

TEST_CASE("B.2 @../path attachment bypassing deny rules outside the workspace", "[paths][bypass]") {
    workspace w;
    w.t.file("w/other/secret");
    CHECK_FALSE(w.inside("../other/secret"));
    CHECK(w.denied(claw::test::cat("/", w.t.at("w/other/**")), "../other/secret"));
    CHECK_FALSE(w.allowed("./**", "../other/secret"));
    CHECK_FALSE(w.allowed("**", "../other/secret"));
}

TEST_CASE("B.2 symlinked parent directory escaping the working directory (acceptEdits)", "[paths][bypass]") {
    workspace w;
    w.t.mkdir("outside");
    w.t.link("w/proj/sub", w.t.at("outside"));
    CHECK_FALSE(w.inside("sub/file"));  // lexically inside, resolved outside
    CHECK_FALSE(w.allowed("./**", "sub/file"));
    CHECK_FALSE(w.allowed("./sub/**", "sub/file"));  // allow does not canonicalise its literal path
    // ... while a symlinked ancestor of the working directory itself is no escape
    tree t2("claw-candidates-ancestor");
    t2.mkdir("data/proj/src");
    t2.link("w", t2.at("data"));
    const std::string cwd = t2.at("w/proj");
    const anchor_context a({cwd, "/nonexistent-home", cwd});
    auto c = claw::test::paths::new_candidates();
    candidate_options o;
    o.cwd = cwd;
    claw::paths::build_candidates("src/a.c", o, *c);
    REQUIRE(c->ok());
    CHECK(claw::paths::lexical_and_resolved_match(*c, path_pattern::compile("./", a, {pattern_role::allow}), false));
    CHECK(claw::paths::lexical_and_resolved_match(*c, path_pattern::compile("./src/**", a, {pattern_role::allow}), false));
    CHECK(claw::paths::any_candidate_matches(*c, path_pattern::compile("src/**", a, {pattern_role::deny}), true));
}

TEST_CASE("B.2 Windows: backslash and case-variant paths, the \\??\\ prefix and UNC paths", "[paths][bypass]") {
    workspace w;
    CHECK(w.denied("./secrets/**", "secrets\\key.txt"));
    CHECK(w.denied("./secrets/**", "SECRETS\\KEY.TXT"));
    CHECK(w.denied("./secrets/**", ".\\x\\..\\secrets\\k"));
    CHECK_FALSE(w.allowed("./**", "secrets\\..\\..\\..\\etc\\passwd"));  // the Windows reading leaves
    const auto& c = w.build("\\??\\UNC\\server\\share\\f");
    CHECK(c.unc());
    CHECK(c.has_windows_reading());
    CHECK(w.denied("//c/windows/**", "\\??\\C:\\Windows\\System32\\config"));
    CHECK(w.denied("//c/windows/**", "\\\\?\\c:\\WINDOWS\\x"));
    CHECK(w.build("C:\\x").has_windows_reading());
    CHECK_FALSE(w.build("/etc/passwd").has_windows_reading());
    CHECK(w.build("\\\\server\\share").unc());
    // 'only' reads Windows spellings alone (a Windows host); 'ignore' never does
    auto o = w.options();
    o.windows = claw::paths::windows_spellings::ignore;
    claw::paths::build_candidates("a\\b", o, *w.c);
    CHECK(w.c->size() >= 1);
    CHECK_FALSE(w.c->has_windows_reading());
    o.windows = claw::paths::windows_spellings::only;
    o.resolve = false;
    claw::paths::build_candidates("a\\b", o, *w.c);
    REQUIRE(w.c->size() == 1);
    CHECK(w.c->lexical() == w.proj + "/a/b");
}

TEST_CASE("B.2 sandbox deny entries with a trailing slash", "[paths][bypass]") {
    workspace w;
    CHECK(w.denied("secrets/", "secrets/key"));
    CHECK(w.denied("secrets/", "secrets"));
    CHECK(w.denied("secrets/", "secrets/"));
    CHECK(w.denied("secrets/", "a/secrets/b/c"));
    CHECK(w.denied("./secrets/", "secrets/key"));
    CHECK(w.denied("/" + w.proj + "/secrets/", "secrets/key"));
    CHECK(w.denied("./secrets/**", "secrets/key/"));  // a trailing slash on the input is no escape
}

TEST_CASE("B.2 path prefix without separator (/proj vs /proj-evil)", "[paths][bypass]") {
    workspace w;
    w.t.mkdir("w/proj-evil");
    CHECK_FALSE(w.inside("../proj-evil/x"));
    CHECK_FALSE(w.allowed("/" + w.proj + "/**", w.proj + "-evil/x"));
    CHECK_FALSE(w.denied("/" + w.proj, w.proj + "-evil"));
    CHECK(w.denied("/" + w.proj + "/**", w.proj + "/x"));
}

TEST_CASE("B.2 case-variant spellings on case-insensitive volumes (~/.SSH/id_rsa)", "[paths][bypass]") {
    workspace w;
    CHECK(w.denied("~/.ssh/**", "~/.SSH/id_rsa"));
    CHECK(w.denied("~/.ssh/id_rsa", w.home + "/.Ssh/ID_RSA"));
    CHECK(w.denied(".env", ".ENV"));
    // allow does not fold on a case-sensitive volume (S8.4)
    CHECK_FALSE(w.allowed("./docs/**", "DOCS/a"));
}

TEST_CASE("B.2 permissions.read.deny (wrong schema) silently accepted: a bad pattern is refused, never inert", "[paths][bypass]") {
    workspace w;
    const auto a = w.anchors();
    for (const char* bad : {"", "./[", "~", "../x", "!x"}) {
        INFO(bad);
        CHECK_THROWS_AS(path_pattern::compile(bad, a), claw::paths::path_pattern_error);
    }
}

TEST_CASE("B.2 Write/NotebookEdit/Glob path rules never consulted: one pattern works for every tool's path", "[paths][bypass]") {
    workspace w;
    // The module has no notion of tools: a Glob 'path', a NotebookEdit 'notebook_path' and a
    // Write 'file_path' are all input paths, checked against the same compiled patterns (S8.9).
    w.t.mkdir("w/proj/secrets");
    CHECK(w.denied("./secrets/**", "secrets/nb.ipynb"));  // NotebookEdit
    CHECK(w.denied("./secrets/", "secrets"));             // Glob on the folder itself
    CHECK(w.denied("./secrets/**", "secrets/new.txt"));   // Write of a new file
}

TEST_CASE("B.2 '..' traversal, '//', '.' not normalised (claw-code C5, C8)", "[paths][bypass]") {
    workspace w;
    for (const char* p : {"/etc/passwd", "/etc//passwd", "/etc/./passwd", "/tmp/../etc/passwd", "//etc/passwd",
                          "/etc/passwd/.", "/../etc/passwd"}) {
        INFO(p);
        CHECK(w.denied("//etc/passwd", p));
    }
    CHECK_FALSE(w.inside(w.proj + "/../../etc/passwd"));
    CHECK_FALSE(w.inside("../etc/passwd"));
    CHECK(w.inside(w.proj + "/a/../b"));
}
