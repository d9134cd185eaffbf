// SPDX-License-Identifier: MIT
// The inventory's substring index and the router against plain implementations written the
// obvious way: random inventories (short and long fields, newlines inside fields, invalid UTF-8,
// a small alphabet so that one- and two-byte tokens hit often), random tokens and prompts, and
// the reference's own route results (the `route` cases of cli_cases.json).
#include <claw/routing/inventory.hpp>
#include <claw/routing/router.hpp>

#include "../support/test_support.hpp"

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

using claw::inventory;
using claw::module_entry;

namespace {

// An inventory as the plain algorithms see it: each entry's fields, lowercased one by one.
struct plain_inventory {
    struct entry {
        std::string name, source_hint;
        std::string lowered[3];
    };
    std::vector<entry> entries;
    explicit plain_inventory(const inventory& inv) {
        for (const auto& e : inv)
            entries.push_back({e.name, e.source_hint,
                               {claw::text::lower(e.name), claw::text::lower(e.source_hint), claw::text::lower(e.responsibility)}});
    }
};

// Every entry one of whose lowercased fields contains `token`, by plain search.
std::vector<std::size_t> plain_containing(const plain_inventory& inv, std::string_view token) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < inv.entries.size(); ++i) {
        for (const std::string& field : inv.entries[i].lowered) {
            if (field.find(token) != std::string::npos) {
                out.push_back(i);
                break;
            }
        }
    }
    return out;
}

std::vector<std::size_t> indexed_containing(const inventory& inv, std::string_view token) {
    std::vector<std::size_t> out;
    inv.for_each_containing(token, [&](std::size_t i) { out.push_back(i); });
    return out;
}

// The reference's algorithm, written the obvious way (quadratic de-duplication included).
std::vector<std::string> plain_tokens(std::string_view prompt) {
    std::string spaced(prompt);
    for (char& c : spaced)
        if (c == '/' || c == '-') c = ' ';
    std::vector<std::string> tokens;
    claw::text::for_each_token(spaced, [&](std::string_view t) {
        std::string low = claw::text::lower(t);
        if (std::find(tokens.begin(), tokens.end(), low) == tokens.end()) tokens.push_back(std::move(low));
    });
    return tokens;
}

std::vector<claw::routed_match> plain_route(std::string_view prompt, const plain_inventory& commands,
                                            const plain_inventory& tools, int limit) {
    const auto tokens = plain_tokens(prompt);
    const auto collect = [&](const plain_inventory& inv, claw::match_kind kind) {
        std::vector<claw::routed_match> out;
        for (const auto& e : inv.entries) {
            const std::string (&hay)[3] = e.lowered;
            int score = 0;
            for (const auto& t : tokens)
                score += (hay[0].find(t) != std::string::npos || hay[1].find(t) != std::string::npos ||
                          hay[2].find(t) != std::string::npos);
            if (score > 0) out.push_back({kind, e.name, e.source_hint, score});
        }
        std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
            return a.score != b.score ? a.score > b.score : a.name < b.name;
        });
        return out;
    };
    auto c = collect(commands, claw::match_kind::command);
    auto t = collect(tools, claw::match_kind::tool);
    std::vector<claw::routed_match> selected;
    if (!c.empty()) selected.push_back(c.front());
    if (!t.empty()) selected.push_back(t.front());
    std::vector<claw::routed_match> rest;
    for (std::size_t i = 1; i < c.size(); ++i) rest.push_back(c[i]);
    for (std::size_t i = 1; i < t.size(); ++i) rest.push_back(t[i]);
    std::stable_sort(rest.begin(), rest.end(), [](const auto& a, const auto& b) {
        if (a.score != b.score) return a.score > b.score;
        if (a.kind != b.kind) return a.kind < b.kind;
        return a.name < b.name;
    });
    for (const auto& r : rest)
        if (selected.size() < static_cast<std::size_t>(limit)) selected.push_back(r);
    if (selected.size() > static_cast<std::size_t>(limit)) selected.resize(static_cast<std::size_t>(limit));
    return selected;
}

// Text over a small alphabet (so short tokens hit often), with upper case, Greek sigma, U+0130,
// newlines, and now and then an invalid byte.
std::string small_alphabet_text(std::mt19937_64& rng, std::size_t max_len) {
    static const char* const pieces[] = {"a", "b", "c", "A", "B", "ab", "ba", "abc", "\xCE\xA3", "\xCF\x83", "\xC4\xB0",
                                         "i", "\n", " ", "/", "-", "\xC3\xA9", "\xC3\x89", "\xFF", "\xCE", "z"};
    const std::size_t n = std::uniform_int_distribution<std::size_t>(0, max_len)(rng);
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s += pieces[rng() % std::size(pieces)];
    return s;
}

inventory random_inventory(std::mt19937_64& rng, std::size_t entries, std::size_t max_len) {
    std::vector<module_entry> v;
    for (std::size_t i = 0; i < entries; ++i) {
        module_entry e;
        e.name = small_alphabet_text(rng, 6);
        e.source_hint = small_alphabet_text(rng, max_len);
        e.responsibility = rng() % 3 == 0 ? claw::test::random_bytes_text(rng, max_len) : small_alphabet_text(rng, max_len);
        v.push_back(std::move(e));
    }
    return inventory(std::move(v));
}

// A token as the router would make it: lowercased, no whitespace; sometimes cut from an entry.
std::string random_token(std::mt19937_64& rng, const inventory& inv) {
    std::string t;
    if (!inv.empty() && rng() % 2 == 0) {
        const std::string_view h = inv.haystack(rng() % inv.size());
        if (!h.empty()) {
            const std::size_t at = rng() % h.size();
            const std::size_t len = 1 + rng() % 6;
            t = std::string(h.substr(at, len));
        }
    } else {
        t = claw::text::lower(small_alphabet_text(rng, 4));
    }
    std::string out;
    claw::text::for_each_token(t, [&](std::string_view piece) {
        if (out.empty()) out = std::string(piece);
    });
    return out;
}

}  // namespace

TEST_CASE("the lowercased fields equal text::lower of each field", "[routing]") {
    std::mt19937_64 rng(11);
    for (int round = 0; round < 200; ++round) {
        std::vector<module_entry> v;
        for (int i = 0; i < 5; ++i)
            v.push_back({claw::test::random_bytes_text(rng, 30), claw::test::random_text(rng, 40),
                         claw::test::random_bytes_text(rng, 30)});
        const inventory inv(v);
        for (std::size_t i = 0; i < inv.size(); ++i) {
            INFO("entry " << claw::test::visible(v[i].name));
            CHECK(inv.lowered_name(i) == claw::text::lower(v[i].name));
            CHECK(inv.lowered_hint(i) == claw::text::lower(v[i].source_hint));
            CHECK(inv.haystack(i) == claw::text::lower(v[i].name) + "\n" + claw::text::lower(v[i].source_hint) + "\n" +
                                         claw::text::lower(v[i].responsibility));
        }
    }
}

TEST_CASE("for_each_containing finds exactly the entries holding the token, in order", "[routing]") {
    std::mt19937_64 rng(2024);
    std::size_t checked = 0, by_length[5] = {};
    // Sizes cover tiny inventories, many short entries, and entries long enough (>= 4096 bytes)
    // for the index to keep their distinct sequences between its two passes.
    const std::pair<std::size_t, std::size_t> shapes[] = {{1, 3}, {7, 12}, {60, 20}, {300, 8}, {5, 3000}, {3, 9000}};
    for (const auto& [entries, max_len] : shapes) {
        for (int round = 0; round < 6; ++round) {
            const inventory inv = random_inventory(rng, entries, max_len);
            const plain_inventory plain(inv);
            for (int q = 0; q < 150; ++q) {
                const std::string token = random_token(rng, inv);
                INFO("entries " << entries << " token " << claw::test::visible(token));
                REQUIRE(indexed_containing(inv, token) == plain_containing(plain, token));
                ++checked;
                ++by_length[std::min<std::size_t>(token.size(), 4)];
            }
        }
    }
    CHECK(checked == 5400);
    // Every kind of token the index answers differently was exercised.
    for (std::size_t len = 0; len < 5; ++len) {
        INFO("tokens of length " << len << (len == 4 ? "+" : ""));
        CHECK(by_length[len] > 20);
    }
}

TEST_CASE("for_each_containing: tokens the router never makes still get the plain answer", "[routing]") {
    const inventory inv{{"a\nb", "x\ny", "z"}, {"ab", "xy", "a"}, {"q", "r", "s\nt\nu"}};
    // A token holding '\n' matches inside one field only, never across two.
    CHECK(indexed_containing(inv, "a\nb") == std::vector<std::size_t>{0});
    CHECK(indexed_containing(inv, "b\nx").empty());
    CHECK(indexed_containing(inv, "\n") == (std::vector<std::size_t>{0, 2}));
    CHECK(indexed_containing(inv, "t\nu") == std::vector<std::size_t>{2});
    CHECK(indexed_containing(inv, "") == (std::vector<std::size_t>{0, 1, 2}));
    // The separator is not a byte of any field.
    CHECK(indexed_containing(inv, "z\n").empty());
    CHECK(indexed_containing(inv, "b\nx\ny").empty());
}

TEST_CASE("short tokens at the very end of a field and of an entry are found", "[routing]") {
    const inventory inv{{"xab", "", ""}, {"", "", "yab"}, {"", "b", ""}, {"", "", ""}, {"ba", "", "b"}};
    CHECK(indexed_containing(inv, "ab") == (std::vector<std::size_t>{0, 1}));
    CHECK(indexed_containing(inv, "b") == (std::vector<std::size_t>{0, 1, 2, 4}));
    CHECK(indexed_containing(inv, "ba") == std::vector<std::size_t>{4});
    CHECK(indexed_containing(inv, "yab") == std::vector<std::size_t>{1});
    CHECK(indexed_containing(inv, "xaby").empty());
}

TEST_CASE("long tokens over repetitive text: found exactly where they occur", "[routing]") {
    const std::string run(5000, 'a');
    const inventory inv{{"x", "", run + "b"}, {"y", run, ""}, {"z", "", "b" + run}, {"w", "a", "ab"}};
    const plain_inventory plain(inv);
    for (const std::size_t n : {1u, 2u, 3u, 300u, 4999u, 5000u, 5001u}) {
        for (const std::string& token : {std::string(n, 'a'), std::string(n, 'a') + "b", "b" + std::string(n, 'a')}) {
            INFO("token of " << token.size() << " bytes");
            CHECK(indexed_containing(inv, token) == plain_containing(plain, token));
        }
    }
    CHECK(indexed_containing(inv, std::string(4000, 'a') + "b") == std::vector<std::size_t>{0});
    CHECK(indexed_containing(inv, "ab") == (std::vector<std::size_t>{0, 3}));
}

TEST_CASE("the indexed router agrees with the plain algorithm on adversarial inventories", "[routing]") {
    std::mt19937_64 rng(99);
    std::size_t compared = 0, non_empty = 0;
    const std::pair<std::size_t, std::size_t> shapes[] = {{4, 6}, {40, 16}, {200, 10}, {3, 5000}};
    for (const auto& [entries, max_len] : shapes) {
        for (int round = 0; round < 5; ++round) {
            const inventory commands = random_inventory(rng, entries, max_len);
            const inventory tools = random_inventory(rng, entries, max_len);
            const plain_inventory plain_commands(commands), plain_tools(tools);
            for (int q = 0; q < 40; ++q) {
                std::string prompt;
                const int words = 1 + static_cast<int>(rng() % 8);
                for (int w = 0; w < words; ++w) {
                    if (w) prompt += ' ';
                    prompt += random_token(rng, rng() % 2 ? commands : tools);
                }
                if (rng() % 4 == 0) prompt += small_alphabet_text(rng, 6);
                const int limit = static_cast<int>(rng() % 20);
                INFO("prompt " << claw::test::visible(prompt) << " limit " << limit);
                const auto got = claw::route_prompt(prompt, commands, tools, limit);
                REQUIRE(got == plain_route(prompt, plain_commands, plain_tools, limit));
                ++compared;
                non_empty += !got.empty();
            }
        }
    }
    CHECK(compared == 800);
    CHECK(non_empty > 400);  // the comparisons are mostly about real matches
}

TEST_CASE("prompt tokens: duplicates removed, first occurrences kept in order, as the plain algorithm", "[routing]") {
    std::mt19937_64 rng(5);
    for (int round = 0; round < 500; ++round) {
        std::string prompt;
        const int words = static_cast<int>(rng() % 40);
        for (int w = 0; w < words; ++w) prompt += small_alphabet_text(rng, 3) + (rng() % 2 ? " " : "\xE3\x80\x80");
        INFO("prompt " << claw::test::visible(prompt));
        REQUIRE(claw::prompt_tokens(prompt) == plain_tokens(prompt));
    }
    CHECK(claw::prompt_tokens("b a B A c b") == (std::vector<std::string>{"b", "a", "c"}));
    // Tokens that lowercase to the same text are duplicates.
    CHECK(claw::prompt_tokens("\xCE\xA3x \xCF\x83x \xC4\xB0 i\xCC\x87") == (std::vector<std::string>{"\xCF\x83x", "i\xCC\x87"}));
}

TEST_CASE("prompt tokens: 100,000 distinct words and as many repeats", "[routing]") {
    std::string prompt;
    // (appended piece by piece: g++ 12 -O3 warns wrongly about `"w" + std::to_string(i)`)
    for (int i = 0; i < 100000; ++i) prompt.append("w").append(std::to_string(i)).append(" ");
    for (int i = 99999; i >= 0; i -= 3) prompt.append("W").append(std::to_string(i)).append("/");
    const auto tokens = claw::prompt_tokens(prompt);
    REQUIRE(tokens.size() == 100000);
    CHECK(tokens.front() == "w0");
    CHECK(tokens[12345] == "w12345");
    CHECK(tokens.back() == "w99999");
}

TEST_CASE("routing reproduces every route result of the reference (cli_cases.json)", "[routing]") {
    const inventory tools = claw::load_inventory(claw::test::data_dir() / "inventory" / "tools.json");
    const inventory commands = claw::load_inventory(claw::test::data_dir() / "inventory" / "commands.json");
    std::size_t replayed = 0;
    const boost::json::value cases = claw::test::load_json("cli_cases.json");
    for (const auto& c : cases.as_array()) {
        const auto& args = c.at("args").as_array();
        if (claw::test::str(args.at(0)) != "route") continue;
        const std::string prompt = claw::test::str(args.at(1));
        const int limit = args.size() >= 4 && claw::test::str(args.at(2)) == "--limit" ? std::stoi(claw::test::str(args.at(3))) : 5;
        std::string out;
        for (const auto& m : claw::route_prompt(prompt, commands, tools, limit))
            out += std::string(claw::to_string(m.kind)) + "\t" + m.name + "\t" + std::to_string(m.score) + "\t" + m.source_hint + "\n";
        if (out.empty()) out = "No mirrored command/tool matches found.\n";
        INFO("prompt " << claw::test::visible(prompt) << " limit " << limit);
        CLAW_REQUIRE_SAME_BYTES(out, claw::test::str(c.at("stdout")));
        ++replayed;
    }
    CHECK(replayed == 194);
}
