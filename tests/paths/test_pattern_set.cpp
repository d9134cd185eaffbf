// SPDX-License-Identifier: MIT
// Pattern sets: the indexed query must give exactly what a linear scan over the patterns gives
// (lowest matching index), for every kind of index key, with and without folding.
#include <claw/paths/pattern_set.hpp>

#include "paths_test_support.hpp"

using claw::paths::anchor_context;
using claw::paths::path_pattern;
using claw::paths::pattern_role;
using claw::paths::pattern_set;

namespace {
const anchor_context& anchors() {
    static const anchor_context a({"/w/proj", "/home/u", "/etc/claw"}, false);
    return a;
}
std::size_t linear(const pattern_set& s, std::string_view path, bool fold) {
    for (std::size_t i = 0; i < s.size(); ++i)
        if (s[i].matches(path, fold)) return i;
    return pattern_set::npos;
}
}  // namespace

TEST_CASE("pattern_set answers with the lowest matching index", "[paths]") {
    const auto s = pattern_set::compile({"*.pem", "./keys/**", "//etc/**", "~/.ssh/", "keys/a.pem"}, anchors());
    CHECK(s.size() == 5);
    CHECK(s.match("/w/proj/keys/a.pem") == 0);
    CHECK(s.match("/w/proj/keys/a.txt") == 1);
    CHECK(s.match("/etc/passwd") == 2);
    CHECK(s.match("/home/u/.ssh/id") == 3);
    CHECK(s.match("/home/u/.bashrc") == pattern_set::npos);
    CHECK(s.match("/w/proj/KEYS/a.txt") == pattern_set::npos);
    CHECK(s.match("/w/proj/KEYS/a.txt", true) == 1);
    const std::string_view both[] = {"/w/proj/keys/a.txt", "/etc/x"};
    CHECK(s.match_any(both) == 1);
    CHECK(s.match_all(both) == pattern_set::npos);  // no single pattern covers both
    const std::string_view two_keys[] = {"/w/proj/keys/a.txt", "/w/proj/keys/b/c"};
    CHECK(s.match_all(two_keys) == 1);
    CHECK(s.match_all({}) == pattern_set::npos);
    CHECK(pattern_set{}.match("/x") == pattern_set::npos);
    CHECK_FALSE(path_pattern{}.matches("/"));  // a default pattern matches nothing, alone or in a set
    CHECK(pattern_set(std::vector<path_pattern>(3)).match("/x") == pattern_set::npos);
}

TEST_CASE("pattern_set agrees with a linear scan on random sets and paths", "[paths]") {
    std::mt19937_64 rng(31337);
    const std::vector<std::string> names = {"a", "b", "src", "Src", "keys", ".env", "x.pem", "y.PEM", "lib.js", "cache",
                                            "cachefile", "id_rsa", ".ssh", "proj", "etc", "é",
                                            // several words long, and past the 63-byte length bucket of the index
                                            "LongDirectoryName.tar.gz", "a-name-that-is-longer-than-sixty-three-bytes-so-it-shares-a-bucket-X",
                                            "a-name-that-is-longer-than-sixty-three-bytes-so-it-shares-a-bucket-XY"};
    const std::vector<std::string> atoms = {"a", "b", "src", "keys", ".env", "*.pem", "*.js", "cache*", "id_*", "*",
                                            "**", "?", "[ab]", ".ssh", "[!a]*", "*a*", "lib.*", "x.*",
                                            "longdirectoryname.tar.gz", "*.gz", "LongDir*",
                                            "a-name-that-is-longer-than-sixty-three-bytes-so-it-shares-a-bucket-x"};
    const std::vector<std::string> anchors_ = {"", "./", "//", "//w/proj/", "~/", "/"};
    std::size_t queries = 0, hits = 0;
    for (int round = 0; round < 60; ++round) {
        std::vector<path_pattern> pats;
        const int count = std::uniform_int_distribution<int>(1, 120)(rng);
        const auto role = claw::test::paths::coin(rng, 50) ? pattern_role::allow : pattern_role::deny;
        for (int i = 0; i < count; ++i) {
            std::string spec = claw::test::paths::pick(rng, anchors_);
            const int k = std::uniform_int_distribution<int>(1, 3)(rng);
            for (int j = 0; j < k; ++j) spec += (j ? "/" : "") + claw::test::paths::pick(rng, atoms);
            if (claw::test::paths::coin(rng, 15)) spec += "/";
            pats.push_back(path_pattern::compile(spec, anchors(), {role}));
        }
        const pattern_set s(std::move(pats));
        for (int q = 0; q < 400; ++q) {
            std::string path = claw::test::paths::pick(rng, std::vector<std::string>{"", "/w/proj", "/home/u", "/etc/claw", "/w"});
            const int depth = std::uniform_int_distribution<int>(path.empty() ? 1 : 0, 4)(rng);
            for (int j = 0; j < depth; ++j) path += "/" + claw::test::paths::pick(rng, names);
            const bool fold = claw::test::paths::coin(rng, 50);
            const std::size_t expected = linear(s, path, fold);
            INFO("round " << round << " path " << path << " fold " << fold);
            REQUIRE(s.match(path, fold) == expected);
            ++queries;
            hits += expected != pattern_set::npos ? 1 : 0;
        }
    }
    WARN("compared " << queries << " indexed queries with a linear scan, " << hits << " of them matching");
    CHECK(hits > queries / 10);
}

TEST_CASE("index keys are what every match must contain", "[paths]") {
    using K = path_pattern::index_key::kind;
    const auto key = [](std::string_view spec) { return path_pattern::compile(spec, anchors()).index_keys(); };
    CHECK(key("./a/**/b.txt")[0].what == K::name);
    CHECK(key("./a/**/b.txt")[0].text == "b.txt");
    CHECK(key("*.PEM")[0].what == K::extension);
    CHECK(key("*.PEM")[0].text == "pem");
    CHECK(key(".env*")[0].what == K::stem);
    CHECK(key(".env*")[0].text == ".env");
    CHECK(key("**")[0].what == K::name);  // the anchor's last name
    CHECK(key("**")[0].text == "proj");
    CHECK(key("//**")[0].what == K::any);
}
