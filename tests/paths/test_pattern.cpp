// SPDX-License-Identifier: MIT
// Path patterns: anchors (S8.1), gitignore semantics, the allow/deny difference (S8.2), case
// folding (S8.4), canonicalised anchors, refused patterns, and comparisons with fnmatch(3) and a
// recursive reference matcher on random patterns.
#include <claw/paths/pattern.hpp>

#include "paths_test_support.hpp"

#include <functional>

using claw::paths::anchor_context;
using claw::paths::path_pattern;
using claw::paths::path_pattern_error;
using claw::paths::pattern_role;

namespace {
const anchor_context& fixed_anchors() {  // no file system: canonicalisation off
    static const anchor_context a({"/w/proj", "/home/u", "/home/u/.claw"}, false);
    return a;
}
bool m(std::string_view spec, std::string_view path, pattern_role role = pattern_role::deny, bool fold = false) {
    return path_pattern::compile(spec, fixed_anchors(), {role}).matches(path, fold);
}
std::string refusal(std::string_view spec, pattern_role role = pattern_role::deny) {
    return claw::test::refused<path_pattern_error>([&] { (void)path_pattern::compile(spec, fixed_anchors(), {role}); }).what;
}
}  // namespace

TEST_CASE("pattern anchors: //abs, ~/, /settings, ./ and bare names (S8.1)", "[paths]") {
    CHECK(m("//etc/passwd", "/etc/passwd"));
    CHECK_FALSE(m("//etc/passwd", "/w/proj/etc/passwd"));
    CHECK(m("~/.zshrc", "/home/u/.zshrc"));
    CHECK_FALSE(m("~/.zshrc", "/home/u/sub/.zshrc"));  // anchored: a '/' follows the anchor syntax
    CHECK(m("/docs/**", "/home/u/.claw/docs/a.md"));
    CHECK_FALSE(m("/docs/**", "/docs/a.md"));
    CHECK_FALSE(m("/docs/**", "/w/proj/docs/a.md"));
    CHECK(m("./.env", "/w/proj/.env"));
    CHECK_FALSE(m("./.env", "/w/proj/sub/.env"));  // './x' is anchored at the working directory
    CHECK(m(".env", "/w/proj/.env"));
    CHECK(m(".env", "/w/proj/a/b/.env"));  // a bare name: any depth below the anchor
    CHECK_FALSE(m(".env", "/w/.env"));      // nothing above the anchor (rules case 101)
    CHECK_FALSE(m(".env", "/elsewhere/.env"));
    CHECK(m("a/b", "/w/proj/a/b"));
    CHECK_FALSE(m("a/b", "/w/proj/x/a/b"));  // a '/' in the middle anchors
}

TEST_CASE("an anchor with nothing after it covers the anchor and everything below", "[paths]") {
    CHECK(m("//", "/"));
    CHECK(m("//", "/any/thing"));
    CHECK(m("~/", "/home/u"));
    CHECK(m("~/", "/home/u/x/y"));
    CHECK_FALSE(m("~/", "/home/uv"));
    CHECK(m("./", "/w/proj/x"));
    CHECK_FALSE(m("./", "/w/projx"));
}

TEST_CASE("matches happen at component boundaries: /proj never covers /proj-evil (B.2)", "[paths]") {
    CHECK(m("//w/proj/**", "/w/proj/a", pattern_role::allow));
    CHECK_FALSE(m("//w/proj/**", "/w/proj-evil/a", pattern_role::allow));
    CHECK_FALSE(m("//w/proj", "/w/proj-evil"));
    CHECK_FALSE(m("./src/**", "/w/project/src/a", pattern_role::allow));
    CHECK_FALSE(m("**", "/w/proj2/x"));
}

TEST_CASE("gitignore wildcards: *, ?, [...], ** and escapes", "[paths]") {
    CHECK(m("*.pem", "/w/proj/k/server.pem"));
    CHECK(m("*.pem", "/w/proj/.pem"));  // '*' also matches an empty run and a leading '.'
    CHECK_FALSE(m("*.pem", "/w/proj/k/server.pem.bak"));
    CHECK(m("./*/x", "/w/proj/a/x"));
    CHECK_FALSE(m("./*/x", "/w/proj/a/b/x"));  // '*' stays within one name
    CHECK(m("./a?c", "/w/proj/abc"));
    CHECK_FALSE(m("./a?c", "/w/proj/a/c"));  // '?' never matches '/'
    CHECK(m("./a?c", "/w/proj/a\xc3\xa9""c"));  // '?' is one code point
    CHECK_FALSE(m("./a??c", "/w/proj/a\xc3\xa9""c"));
    CHECK(m("./[a-c]x", "/w/proj/bx"));
    CHECK_FALSE(m("./[a-c]x", "/w/proj/dx"));
    CHECK(m("./[!a-c]x", "/w/proj/dx"));
    CHECK(m("./[^a-c]x", "/w/proj/dx"));
    CHECK_FALSE(m("./[!a-c]x", "/w/proj/ax"));
    CHECK(m("./[]]x", "/w/proj/]x"));
    CHECK(m("./[!]]x", "/w/proj/ax"));
    CHECK(m("./[a-]x", "/w/proj/-x"));
    CHECK(m("./[[:digit:]]x", "/w/proj/7x"));
    CHECK_FALSE(m("./[[:digit:]]x", "/w/proj/ax"));
    CHECK(m("./[\xc3\xa9\xc3\xa8]x", "/w/proj/\xc3\xa8x"));  // non-ASCII members
    CHECK(m("./[\xc3\xa0-\xc3\xbf]x", "/w/proj/\xc3\xa9x"));
    CHECK_FALSE(m("./[!\xc3\xa9]x", "/w/proj/\xc3\xa9x"));
    CHECK(m("./\\*x", "/w/proj/*x"));
    CHECK_FALSE(m("./\\*x", "/w/proj/ax"));
    CHECK(m("./\\[x", "/w/proj/[x"));
    CHECK(m("./a\\ b", "/w/proj/a b"));
    CHECK(m("\\!important", "/w/proj/!important"));
    CHECK(m("#notacomment", "/w/proj/#notacomment"));
    // '**'
    CHECK(m("**/x", "/w/proj/x"));
    CHECK(m("**/x", "/w/proj/a/b/x"));
    CHECK(m("./a/**/b", "/w/proj/a/b"));
    CHECK(m("./a/**/b", "/w/proj/a/x/y/b"));
    CHECK_FALSE(m("./a/**/b", "/w/proj/a/x/y/bb"));
    CHECK(m("./a/**", "/w/proj/a/x"));
    CHECK(m("./a/**", "/w/proj/a/x/y"));
    CHECK_FALSE(m("./a/**", "/w/proj/a"));  // a trailing '/**' is what is inside, not the folder
    CHECK(m("./a**b", "/w/proj/aXYb"));     // '**' inside a name is '*'
    CHECK_FALSE(m("./a**b", "/w/proj/a/b"));
    CHECK(m("**", "/w/proj/x/y"));
    CHECK_FALSE(m("**", "/w/proj"));
    CHECK(m("./**/*.c", "/w/proj/main.c"));
    CHECK(m("./**/*.c", "/w/proj/a/b/main.c"));
}

TEST_CASE("a trailing '/' means the folder and everything below it", "[paths]") {
    CHECK(m("secrets/", "/w/proj/secrets"));
    CHECK(m("secrets/", "/w/proj/secrets/key"));
    CHECK(m("secrets/", "/w/proj/a/secrets/b/key"));  // bare, deny: any depth
    CHECK_FALSE(m("secrets/", "/w/proj/secretsx/key"));
    CHECK(m("//etc/ssh/", "/etc/ssh/sshd_config"));
    CHECK(m("//etc/ssh/", "/etc/ssh"));
    CHECK(m("./a/*/", "/w/proj/a/b/c"));
}

TEST_CASE("single-segment folder patterns: allow stays at the working directory, deny reaches any depth (S8.2)", "[paths]") {
    CHECK(m("src/**", "/w/proj/src/main.c", pattern_role::allow));
    CHECK_FALSE(m("src/**", "/w/proj/vendor/pkg/src/lib.js", pattern_role::allow));
    CHECK(m("src/**", "/w/proj/src/main.c", pattern_role::deny));
    CHECK(m("src/**", "/w/proj/vendor/pkg/src/lib.js", pattern_role::deny));  // rules case 105
    CHECK_FALSE(m("src/**", "/w/vendor/src/lib.js", pattern_role::deny));     // never above the anchor
    CHECK(m("src/", "/w/proj/src/a", pattern_role::allow));
    CHECK_FALSE(m("src/", "/w/proj/x/src/a", pattern_role::allow));
    CHECK(m("src/", "/w/proj/x/src/a", pattern_role::deny));
    // explicitly anchored or multi-segment patterns are the same in both roles
    CHECK_FALSE(m("./src/**", "/w/proj/x/src/a", pattern_role::deny));
    CHECK_FALSE(m("a/src/**", "/w/proj/x/a/src/b", pattern_role::deny));
    // a bare file name reaches any depth in both roles (gitignore)
    CHECK(m("README.md", "/w/proj/docs/README.md", pattern_role::allow));
    CHECK(path_pattern::compile("src/**", fixed_anchors(), {pattern_role::deny}).any_depth());
    CHECK_FALSE(path_pattern::compile("src/**", fixed_anchors(), {pattern_role::allow}).any_depth());
}

TEST_CASE("ASCII case folding is per call and applies to both sides (S8.4)", "[paths]") {
    CHECK_FALSE(m("~/.ssh/**", "/home/u/.SSH/id_rsa"));
    CHECK(m("~/.ssh/**", "/home/u/.SSH/id_rsa", pattern_role::deny, true));
    CHECK(m("~/.ssh/**", "/HOME/U/.ssh/id_rsa", pattern_role::deny, true));  // the anchor folds too
    CHECK(m("*.PEM", "/w/proj/a.pem", pattern_role::deny, true));
    CHECK(m("./[A-C]x", "/w/proj/bx", pattern_role::deny, true));
    CHECK_FALSE(m("./[A-C]x", "/w/proj/bx", pattern_role::deny, false));
    // folding means "some spelling matches": it only adds matches, negated brackets included
    CHECK(m("./[!a]x", "/w/proj/Ax", pattern_role::deny, true));
    CHECK(m("./[!A]x", "/w/proj/ax", pattern_role::deny, false));
    CHECK(m("./[!A]x", "/w/proj/ax", pattern_role::deny, true));
    CHECK_FALSE(m("./[!aA]x", "/w/proj/ax", pattern_role::deny, true));
    CHECK(m("./[[:upper:]]x", "/w/proj/qx", pattern_role::deny, true));
    CHECK_FALSE(m("./\xc3\xa9", "/w/proj/\xc3\x89", pattern_role::deny, true));  // only ASCII folds
}

TEST_CASE("refused patterns name the pattern and the cause", "[paths]") {
    CHECK(refusal("") == "path pattern '': empty pattern");
    CHECK(refusal("~").find("'~' alone") != std::string::npos);
    CHECK(refusal("~root/x").find("another user's home") != std::string::npos);
    CHECK(refusal("!x").find("negation") != std::string::npos);
    CHECK(refusal("../x").find("'..'") != std::string::npos);
    CHECK(refusal("./a/../b").find("'..'") != std::string::npos);
    CHECK(refusal("a/./b").find("'.'") != std::string::npos);
    CHECK(refusal("./[ab").find("unterminated bracket") != std::string::npos);
    CHECK(refusal("./[z-a]").find("reversed range") != std::string::npos);
    CHECK(refusal("./[[:word:]]").find("unknown character class") != std::string::npos);
    CHECK(refusal("./[a/b]").find("'/' inside a bracket") != std::string::npos);
    CHECK(refusal("./x\\").find("trailing '\\'") != std::string::npos);
    CHECK(refusal(std::string_view("./a\0b", 5)) == "path pattern './a\\x00b': NUL byte in pattern");
    const auto e = claw::test::refused<path_pattern_error>([] { (void)path_pattern::compile("./[ab", fixed_anchors()); });
    CHECK(e.code == claw::errc::invalid_argument);
    try {
        (void)path_pattern::compile("./[ab", fixed_anchors());
    } catch (const path_pattern_error& x) {
        CHECK(x.pattern() == "./[ab");
        CHECK(x.cause() == "unterminated bracket expression '[...'");
    }
    // a missing anchor is a compile error, not a pattern that never matches
    const anchor_context no_home({"/w/proj", "", ""}, false);
    CHECK(claw::test::refused<path_pattern_error>([&] { (void)path_pattern::compile("~/.ssh/**", no_home); }).what.find("home directory, which was not given") != std::string::npos);
    CHECK(claw::test::refused<path_pattern_error>([&] { (void)path_pattern::compile("/x", no_home); }).what.find("settings directory") != std::string::npos);
    CHECK(claw::test::refused<path_pattern_error>([] { anchor_context bad({"relative", "", ""}); }).what ==
          "path pattern anchor: working directory 'relative' is not absolute");
    claw::test::paths::tree t("claw-pattern-anchor-loop");
    t.link("loop", "loop");
    const std::string looping = t.at("loop");
    CHECK(claw::test::refused<path_pattern_error>([&] { anchor_context bad({looping, "", ""}); }).what ==
          "path pattern anchor: working directory '" + looping + "' cannot be resolved: symbolic link loop");
}

TEST_CASE("anchors are canonicalised; a symlinked working directory matches both spellings", "[paths]") {
    claw::test::paths::tree t("claw-pattern-anchor");
    t.file("data/proj/src/a.c");
    t.link("w", t.at("data"));  // t/w/proj is t/data/proj through a link
    const std::string cwd = t.at("w/proj");
    const anchor_context a({cwd, t.at("home"), ""});
    CHECK(a.lexical(anchor_context::anchor::cwd) == cwd);
    CHECK(a.canonical(anchor_context::anchor::cwd) == t.at("data/proj"));
    const auto allow = path_pattern::compile("./src/**", a, {pattern_role::allow});
    REQUIRE(allow.prefix_count() == 2);
    CHECK(allow.matches(t.at("w/proj/src/a.c")));     // the lexical spelling
    CHECK(allow.matches(t.at("data/proj/src/a.c")));  // the resolved one
    CHECK_FALSE(allow.matches(t.at("w/src/a.c")));
}

TEST_CASE("deny patterns canonicalise their literal path; allow patterns do not", "[paths]") {
    claw::test::paths::tree t("claw-pattern-literal");
    t.file("secure/shadow");
    t.file("home/.ssh/id_rsa");
    t.mkdir("etc");
    t.link("etc/shadow", t.at("secure/shadow"));
    t.mkdir("proj");
    t.link("proj/project", t.at("home/.ssh"));
    const anchor_context a({t.at("proj"), t.at("home"), ""});
    // deny //T/etc/shadow also denies the file the link points to, by its own name
    const auto deny = path_pattern::compile("/" + t.at("etc/shadow"), a, {pattern_role::deny});
    CHECK(deny.matches(t.at("etc/shadow")));
    CHECK(deny.matches(t.at("secure/shadow")));
    // allow ./project/** does not reach the link's target: the link does not widen the allow
    const auto allow = path_pattern::compile("./project/**", a, {pattern_role::allow});
    CHECK(allow.matches(t.at("proj/project/id_rsa")));
    CHECK_FALSE(allow.matches(t.at("home/.ssh/id_rsa")));
}

TEST_CASE("single-name globs agree with fnmatch(3) on random ASCII patterns", "[paths]") {
    std::mt19937_64 rng(99);
    const std::vector<std::string> atoms = {"a", "b", "c", "A", ".", "-", "*", "?", "[ab]", "[!a]", "[a-c]", "[^b]",
                                            "[]a]", "\\*", "\\?", "[[:upper:]]", "[[:digit:]]", "1", "**"};
    const std::vector<std::string> chars = {"a", "b", "c", "A", "B", ".", "-", "*", "?", "1", "]"};
    std::size_t compared = 0, matched = 0;
    for (int n = 0; n < 30000; ++n) {
        std::string pat;
        const int k = std::uniform_int_distribution<int>(1, 5)(rng);
        for (int i = 0; i < k; ++i) pat += claw::test::paths::pick(rng, atoms);
        if (pat == "**" || pat == "." || pat == "..") continue;  // a globstar (tested elsewhere), or refused
        std::string name;
        const int l = std::uniform_int_distribution<int>(1, 6)(rng);
        for (int i = 0; i < l; ++i) name += claw::test::paths::pick(rng, chars);
        bool fold = claw::test::paths::coin(rng, 30);
        // glibc folds only the name against [:upper:]; git's wildmatch (and this module) let
        // [[:upper:]] match 'a' when folding: not compared.
        if (pat.find("[:upper:]") != std::string::npos) fold = false;
        // glibc folds a negated set's member and the name to one case; here folding means "some
        // spelling of the name matches" (a superset, so deny checks only gain): not compared.
        if (pat.find("[!") != std::string::npos || pat.find("[^") != std::string::npos) fold = false;
        const auto p = path_pattern::compile("//x/" + pat, fixed_anchors());
        const bool ours = p.matches("/x/" + name, fold);
        const bool theirs = ::fnmatch(pat.c_str(), name.c_str(), fold ? FNM_CASEFOLD : 0) == 0;
        INFO("pattern '" << pat << "' name '" << name << "' fold " << fold);
        REQUIRE(ours == theirs);
        ++compared;
        matched += ours ? 1 : 0;
    }
    WARN("compared " << compared << " glob matches with fnmatch(3), " << matched << " of them matching");
    CHECK(matched > 1000);
}

TEST_CASE("multi-name patterns with ** agree with a recursive reference matcher", "[paths]") {
    std::mt19937_64 rng(4242);
    const std::vector<std::string> seg_atoms = {"a", "b", "*", "?", "**", "a*", "[ab]", "x"};
    const std::vector<std::string> name_atoms = {"a", "b", "x", "ab", "ba", "xx"};
    std::size_t compared = 0, matched = 0;
    for (int n = 0; n < 20000; ++n) {
        std::vector<std::string> segs;
        const int k = std::uniform_int_distribution<int>(1, 5)(rng);
        std::string pat;
        for (int i = 0; i < k; ++i) {
            segs.push_back(claw::test::paths::pick(rng, seg_atoms));
            pat += (i ? "/" : "") + segs.back();
        }
        std::vector<std::string> names;
        const int l = std::uniform_int_distribution<int>(0, 6)(rng);
        std::string path = "/r";
        for (int i = 0; i < l; ++i) {
            names.push_back(claw::test::paths::pick(rng, name_atoms));
            path += "/" + names.back();
        }
        const auto p = path_pattern::compile("//r/" + pat, fixed_anchors());
        const bool ours = p.matches(path);
        // The reference is plain gitignore on the body: a trailing '**' needs at least one name.
        std::vector<std::string> ref = segs;
        if (ref.back() == "**") {
            ref.back() = "*";
            ref.push_back("**");
        }
        const bool theirs = claw::test::paths::reference_match(ref, 0, names, 0, false);
        INFO("pattern '" << pat << "' path '" << path << "'");
        REQUIRE(ours == theirs);
        ++compared;
        matched += ours ? 1 : 0;
    }
    WARN("compared " << compared << " multi-name matches with the reference, " << matched << " matching");
    CHECK(matched > 1000);
}

TEST_CASE("matching is linear: adversarial globs finish quickly", "[paths]") {
    // Classic exponential cases for backtracking matchers: many stars against a near miss.
    const auto p = path_pattern::compile("./" + std::string(30, '*') + "b", fixed_anchors());
    CHECK_FALSE(p.matches("/w/proj/" + std::string(3000, 'a')));
    std::string many;
    for (int i = 0; i < 30; ++i) many += "**/a/";
    const auto q = path_pattern::compile("./" + many + "b", fixed_anchors());
    std::string deep = "/w/proj";
    for (int i = 0; i < 1000; ++i) deep += "/a";
    CHECK_FALSE(q.matches(deep));
    CHECK(q.matches(deep + "/b"));
}

TEST_CASE("a path known only by its end fires rules whose last name is literal (S8.7)", "[paths]") {
    const auto sfx = [](std::string_view spec, std::string_view suffix, bool fold = false) {
        return path_pattern::compile(spec, fixed_anchors()).matches_suffix(suffix, fold);
    };
    CHECK(sfx(".env", ".env"));  // cat "$D/.env" vs Read(.env)
    CHECK(sfx(".env", "/.env"));
    CHECK(sfx(".env", "a/b/.env"));
    CHECK(sfx("./.env", ".env"));  // anchored rules too: $D may be the working directory
    CHECK(sfx("./.env", "proj/.env"));
    CHECK_FALSE(sfx("./.env", "x/.env"));  // the name before '.env' must be the anchor's
    CHECK(sfx("//etc/shadow", "shadow"));
    CHECK(sfx("//etc/shadow", "etc/shadow"));
    CHECK_FALSE(sfx("//etc/shadow", "x/etc/shadow"));  // nothing comes before the root
    CHECK(sfx("./config/*/key.pem", "prod/key.pem"));
    CHECK(sfx("**/id_rsa", "id_rsa"));
    // a last name that is not literal fires only when the suffix starts with one of the
    // pattern's literal names (`$PWD/secrets/key`); otherwise the path stays unknown (the caller asks)
    CHECK(sfx("~/.ssh/**", ".ssh/id_rsa"));
    CHECK(sfx("./secrets/**", "secrets/key"));
    CHECK(sfx("./secrets/**", "proj/secrets/a/b"));
    CHECK(sfx("secrets/", "secrets/key"));
    CHECK(sfx("**/secrets/*", "secrets/key"));
    CHECK_FALSE(sfx("~/.ssh/**", "id_rsa"));
    CHECK_FALSE(sfx("./secrets/**", "key"));
    CHECK_FALSE(sfx("./secrets/**", "x/secrets/key"));  // the name before 'secrets' must be the anchor's
    CHECK_FALSE(sfx("./secrets/**", "secrets"));        // the folder itself is not below it
    CHECK_FALSE(sfx("*.pem", "a.pem"));
    CHECK_FALSE(sfx("//", "x"));
    CHECK_FALSE(sfx(".env", "env"));
    CHECK_FALSE(sfx("./.env", ".env/x"));
    CHECK(sfx(".env", ".ENV", true));
    CHECK_FALSE(sfx(".env", ".ENV", false));
    CHECK_FALSE(sfx(".env", ""));
    CHECK_FALSE(sfx(".env", "../.env"));
    CHECK_FALSE(sfx(".env", "a//.env"));
    const auto set = claw::paths::pattern_set::compile({"*.pem", "~/.ssh/**", "id_rsa", ".env"}, fixed_anchors());
    CHECK(set.match_suffix(".env") == 3);
    CHECK(set.match_suffix(".ssh/id_rsa") == 1);
    CHECK(set.match_suffix("x/id_rsa") == 2);
    CHECK(set.match_suffix("README") == claw::paths::pattern_set::npos);
}

TEST_CASE("matches_suffix is exact: it agrees with trying every path that ends with the suffix", "[paths]") {
    // For random patterns ending in a literal name and random suffixes, matches_suffix must be
    // true exactly when some path of up to five names from the worlds' alphabet, followed by the
    // suffix, matches (the alphabet holds every name the patterns need). For patterns ending in
    // a wildcard it may say false where a path matches (the suffix does not start at a literal
    // name), never true where none does.
    std::mt19937_64 rng(8080);
    const std::vector<std::string> atoms = {"a", "b", "*", "**", "[ab]", "w", "proj"};
    const std::vector<std::string> last = {"a", "b", "w", "proj", "**", "*"};
    const std::vector<std::string> names = {"a", "b", "w", "proj", "u", "home"};
    const std::vector<std::string> anchors_ = {"", "./", "//", "//w/", "~/"};
    std::size_t checked = 0, positive = 0, wild_fired = 0;
    for (int n = 0; n < 900; ++n) {
        std::string spec = claw::test::paths::pick(rng, anchors_);
        const int k = std::uniform_int_distribution<int>(0, 2)(rng);
        for (int j = 0; j < k; ++j) spec += claw::test::paths::pick(rng, atoms) + "/";
        spec += claw::test::paths::pick(rng, last);
        const auto p = path_pattern::compile(spec, fixed_anchors());
        std::string suffix;
        const int l = std::uniform_int_distribution<int>(1, 2)(rng);
        for (int j = 0; j < l; ++j) suffix += (j ? "/" : "") + claw::test::paths::pick(rng, names);
        if (claw::test::paths::coin(rng, 50)) suffix.append("/").append(spec.substr(spec.rfind('/') + 1));  // often the same last name
        bool some = false;
        std::string prefix;
        const std::function<void(int)> walk = [&](int depth) {
            if (some) return;
            if (p.matches(prefix + "/" + suffix)) some = true;
            if (depth == 5) return;
            for (const auto& x : names) {
                const std::size_t keep = prefix.size();
                prefix += "/" + x;
                walk(depth + 1);
                prefix.resize(keep);
            }
        };
        walk(0);
        INFO("pattern '" << spec << "' suffix '" << suffix << "'");
        if (p.ends_with_literal()) {
            REQUIRE(p.matches_suffix(suffix) == some);
            ++checked;
            positive += some ? 1 : 0;
        } else {
            REQUIRE((!p.matches_suffix(suffix) || some));
            wild_fired += p.matches_suffix(suffix) ? 1 : 0;
        }
    }
    WARN("checked matches_suffix against " << checked << " exhaustive small worlds, " << positive << " matching");
    CHECK(positive > 100);
    CHECK(checked - positive > 100);
    CHECK(wild_fired > 20);
}
