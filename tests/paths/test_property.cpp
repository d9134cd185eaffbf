// SPDX-License-Identifier: MIT
// The property behind S8.3: whether some candidate of a path matches a deny pattern set must not
// depend on how the path is spelled. Random spellings of one file (absolute or relative, '.',
// '..', '//', routes through symlinked folders, chains and file links, Windows separators, ASCII
// case variants when folding) must all give the answer of its plain spelling: a match for the
// denied file, no match for its neighbour.
#include <claw/paths.hpp>

#include "paths_test_support.hpp"

using claw::paths::anchor_context;
using claw::paths::pattern_role;
using claw::paths::pattern_set;
using claw::test::paths::coin;
using claw::test::paths::pick;

namespace {

struct spelling_tree {
    claw::test::paths::tree t{"claw-property"};
    spelling_tree() {
        t.file("real/data/secret.txt");
        t.file("real/data/public.txt");
        t.mkdir("real/other");
        t.mkdir("ws/sub");
        t.link("ws/link_data", "../real/data");
        t.link("ws/abs_real", t.at("real"));
        t.link("ws/chain1", "chain2");
        t.link("ws/chain2", t.at("real/data"));
        t.link("ws/sub/up", "..");
        t.link("ws/secret_link", t.at("real/data/secret.txt"));
        t.link("ws/public_link", "../real/data/public.txt");
    }
};

/** One way to reach a file: its names from a base (the root, or the working directory T/ws). */
struct route {
    bool from_cwd;
    std::vector<std::string> names;
    std::size_t last_link;  // names after this index are plain (no link used after them); npos: none
};

constexpr std::size_t none = static_cast<std::size_t>(-1);

std::vector<route> routes_to(const spelling_tree& s, const std::string& file, const std::string& file_link) {
    std::vector<std::string> root_names = claw::test::paths::names_of(std::string_view(s.t.root).substr(1));
    const auto abs = [&](std::vector<std::string> tail) {
        std::vector<std::string> v = root_names;
        v.insert(v.end(), tail.begin(), tail.end());
        return v;
    };
    const std::size_t r = root_names.size();
    return {
        {false, abs({"real", "data", file}), none},
        {false, abs({"ws", "link_data", file}), r + 1},
        {false, abs({"ws", "abs_real", "data", file}), r + 1},
        {false, abs({"ws", "chain1", file}), r + 1},
        {false, abs({"ws", "sub", "up", "link_data", file}), r + 3},
        {false, abs({"ws", file_link}), r + 1},
        {true, {"link_data", file}, 0},
        {true, {"abs_real", "data", file}, 0},
        {true, {"chain1", file}, 0},
        {true, {"sub", "up", "link_data", file}, 2},
        {true, {"..", "real", "data", file}, none},
        {true, {"sub", "..", "link_data", file}, 2},
        {true, {file_link}, 0},
    };
}

std::string flip_case(std::mt19937_64& rng, std::string s) {
    for (auto& c : s)
        if (claw::paths::is_ascii_alpha(c) && coin(rng, 50))
            c = claw::paths::ascii_lower(c) == c ? claw::paths::ascii_upper(c) : claw::paths::ascii_lower(c);
    return s;
}

/** A random spelling of a route. `fold`: case variants allowed (only after the last link). */
std::string spell(std::mt19937_64& rng, const route& r, bool fold, bool windows) {
    std::string out;
    std::string sep = "/";
    const auto put_sep = [&] {
        const bool back = windows && coin(rng, 50);
        out += back ? "\\" : "/";
        if (coin(rng, 10)) out += back ? "\\" : "/";  // '//'
    };
    if (!r.from_cwd) {
        out += "/";
    } else if (coin(rng, 30)) {
        out += pick(rng, std::vector<std::string>{".", "sub/..", "zz/..", "sub/up", "./sub/../."});
        put_sep();
    }
    for (std::size_t i = 0; i < r.names.size(); ++i) {
        if (coin(rng, 15)) {
            out += ".";
            put_sep();
        }
        if (coin(rng, 10)) {
            out += "zz";  // missing, then undone
            put_sep();
            out += "..";
            put_sep();
        }
        std::string name = r.names[i];
        const bool after_links = r.last_link == none || i > r.last_link;
        if (fold && after_links && name != ".." && coin(rng, 40)) name = flip_case(rng, name);
        out += name;
        if (i + 1 < r.names.size()) put_sep();
    }
    if (coin(rng, 5)) out += "/.";
    return out;
}

struct property_run {
    std::size_t spellings = 0, matched = 0;
};

property_run check_set(const spelling_tree& s, const pattern_set& deny, std::size_t expected_for_secret, bool fold,
                       std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    auto c = claw::test::paths::new_candidates();
    const std::string cwd = s.t.at("ws"), home = s.t.at("real");
    claw::paths::candidate_options o;
    o.cwd = cwd;
    o.home = home;
    const auto secret_routes = routes_to(s, "secret.txt", "secret_link");
    const auto public_routes = routes_to(s, "public.txt", "public_link");
    property_run run;
    // the plain spellings fix the expected answers
    claw::paths::build_candidates(s.t.at("real/data/secret.txt"), o, *c);
    REQUIRE(claw::paths::first_match_any_candidate(*c, deny, fold) == expected_for_secret);
    claw::paths::build_candidates(s.t.at("real/data/public.txt"), o, *c);
    REQUIRE(claw::paths::first_match_any_candidate(*c, deny, fold) == pattern_set::npos);
    for (int n = 0; n < 1500; ++n) {
        const bool secret = coin(rng, 50);
        const route& r = pick(rng, secret ? secret_routes : public_routes);
        const bool windows = coin(rng, 25);
        const std::string p = spell(rng, r, fold, windows);
        const auto st = claw::paths::build_candidates(p, o, *c);
        INFO("spelling '" << p << "' status " << claw::paths::to_string(st));
        REQUIRE(st == claw::paths::path_status::ok);
        const std::size_t got = claw::paths::first_match_any_candidate(*c, deny, fold);
        // Whether the set matches is the property; which pattern comes first may differ (the
        // POSIX reading of "a\b" is one name, which an earlier '*' pattern may match).
        REQUIRE((got != pattern_set::npos) == secret);
        if (!windows) REQUIRE(got == (secret ? expected_for_secret : pattern_set::npos));
        ++run.spellings;
        run.matched += got != pattern_set::npos ? 1 : 0;
    }
    return run;
}

}  // namespace

TEST_CASE("property: a deny match never depends on the spelling of the path", "[paths][property]") {
    const spelling_tree s;
    const std::string T = s.t.root;
    // Patterns are anchored at T (cwd anchor) and T/real (home anchor); decoys come first.
    const anchor_context a({T, T + "/real", T});
    const std::vector<std::vector<std::string>> sets = {
        {"*.pem", "/" + T + "/real/other/**", "/" + T + "/real/data/secret.txt"},
        {"*.pem", "secret.txt"},
        {"/" + T + "/real/other/", "/" + T + "/real/data/s*"},
        {"**/data/secret.*"},
        {"cache/", "/" + T + "/real/*/secret.txt"},
        {"~/data/secret.txt"},
        {"/real/data/secret.txt"},  // settings-directory anchor
        {"secret.t[a-z]t"},
        {"*/secret.txt", "secret?txt"},
    };
    std::size_t total = 0, matched = 0, sets_run = 0;
    std::uint64_t seed = 1;
    for (const auto& specs : sets) {
        const auto deny = pattern_set::compile(specs, a, {pattern_role::deny});
        for (const bool fold : {false, true}) {
            INFO("set starting with '" << specs.front() << "', last '" << specs.back() << "', fold " << fold);
            const auto r = check_set(s, deny, specs.size() - 1, fold, seed++);
            total += r.spellings;
            matched += r.matched;
            ++sets_run;
        }
    }
    WARN("property held for " << total << " random spellings over " << sets_run << " deny sets (" << matched
                              << " denied, " << total - matched << " not)");
    CHECK(total >= 20000);
    CHECK(matched > total / 3);
    CHECK(total - matched > total / 3);
}
