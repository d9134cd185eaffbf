// SPDX-License-Identifier: MIT
#include <claw/permissions/tool_permission_context.hpp>

#include "../support/test_support.hpp"

#include <list>
#include <set>

using claw::tool_permission_context;

static_assert(claw::permission_policy<tool_permission_context>);

namespace {
// The reference's rule written the obvious way, on lists lowered beforehand.
bool reference_blocks(const std::vector<std::string>& lowered_names, const std::vector<std::string>& lowered_prefixes,
                      std::string_view tool) {
    const std::string low = claw::text::lower(tool);
    for (const auto& n : lowered_names)
        if (n == low) return true;
    for (const auto& p : lowered_prefixes)
        if (low.starts_with(p)) return true;
    return false;
}

// The names of a set that equal "b", walked lazily: an input range with a sentinel end.
struct only_b {
    const std::set<std::string>& names;
    struct sentinel {};
    struct iterator {
        using value_type = std::string;
        using difference_type = std::ptrdiff_t;
        std::set<std::string>::const_iterator at, end;
        void skip() {
            while (at != end && *at != "b") ++at;
        }
        const std::string& operator*() const { return *at; }
        iterator& operator++() {
            ++at;
            skip();
            return *this;
        }
        void operator++(int) { ++*this; }
        friend bool operator==(const iterator& i, sentinel) { return i.at == i.end; }
    };
    iterator begin() const {
        iterator i{names.begin(), names.end()};
        i.skip();
        return i;
    }
    sentinel end() const { return {}; }
};
static_assert(claw::string_range<const only_b&>);

std::vector<std::string> lowered(const std::vector<std::string>& v) {
    std::vector<std::string> out;
    for (const auto& s : v) out.push_back(claw::text::lower(s));
    return out;
}
}  // namespace

TEST_CASE("every case of permission_cases.json: deny-list decision", "[permissions][vectors]") {
    const auto cases = claw::test::permission_cases();
    REQUIRE(cases.size() == 215);
    for (const auto& c : cases) {
        const auto ctx = tool_permission_context::from_iterables(c.deny_names, c.deny_prefixes);
        INFO("tool " << claw::test::visible(c.tool));
        CHECK(ctx.blocks(c.tool) == c.blocked);
        CHECK(ctx.check({c.tool}).denied() == c.blocked);
    }
}

TEST_CASE("empty prefixes and names follow the reference", "[permissions]") {
    const auto all = tool_permission_context::from_iterables({}, {""});
    CHECK(all.blocks("anything"));
    CHECK(all.blocks(""));
    const auto empty_name = tool_permission_context::from_iterables({""}, {});
    CHECK(empty_name.blocks(""));
    CHECK_FALSE(empty_name.blocks(" "));
    const tool_permission_context none;
    CHECK(none.empty());
    CHECK_FALSE(none.blocks(""));
    CHECK_FALSE(none.blocks("BashTool"));
}

TEST_CASE("the context lowercases with Python's rules on both sides", "[permissions]") {
    const auto ctx = tool_permission_context::from_iterables({"ÉDITEURTOOL", "git_status"}, {"İn", "MCP"});
    CHECK(ctx.blocks("éditeurtool"));
    CHECK(ctx.blocks("ÉditeurTool"));
    CHECK(ctx.blocks("GIT_STATUS"));
    CHECK_FALSE(ctx.blocks("git_status2"));
    CHECK(ctx.blocks("İnspectTool"));
    CHECK_FALSE(ctx.blocks("InspectTool"));  // 'i' + U+0307 is not 'i' + 'n'
    CHECK(ctx.blocks("mcp__server__tool"));
    CHECK(ctx.deny_names() == std::vector<std::string>{"git_status", "éditeurtool"});
    CHECK(ctx.deny_prefixes() == std::vector<std::string>{"i\u0307n", "mcp"});
}

TEST_CASE("check gives a reason naming the list or the prefix", "[permissions]") {
    auto ctx = tool_permission_context::from_iterables({"BashTool"}, {"mcp", "m"});
    CHECK(ctx.check({"bashtool"}) ==
          claw::decision{claw::verdict::deny, tool_permission_context::name_reason});
    CHECK(ctx.check({"McpAuthTool"}).reason == "tool name starts with denied prefix 'm'");
    CHECK(ctx.check({"FileReadTool"}).allowed());
    const auto moved = std::move(ctx);
    CHECK(moved.check({"mx"}).reason == "tool name starts with denied prefix 'm'");
}

TEST_CASE("from_iterables takes any ranges of string-like values", "[permissions]") {
    const std::set<std::string> names{"A", "b"};
    const std::list<std::string_view> prefixes{"Zz"};
    const char* const raw[] = {"cC"};
    const auto ctx1 = tool_permission_context::from_iterables(names, prefixes);
    CHECK(ctx1.blocks("a"));
    CHECK(ctx1.blocks("zZtop"));
    const auto ctx2 = tool_permission_context::from_iterables(raw, std::vector<std::string>{});
    CHECK(ctx2.blocks("Cc"));
    // A range whose end is a sentinel of another type, as views have.
    const only_b only{names};
    const auto ctx3 = tool_permission_context::from_iterables(only, std::vector<std::string>{});
    CHECK(ctx3.blocks("B"));
    CHECK_FALSE(ctx3.blocks("A"));
    // One range only: deny names, no prefixes.
    const auto ctx4 = tool_permission_context::from_iterables(std::vector<std::string>{"Grep"});
    CHECK(ctx4.blocks("GREP"));
    CHECK(ctx4.deny_prefixes().empty());
    // Braced lists mixed with ranges, either way round.
    CHECK(tool_permission_context::from_iterables({"x"}, prefixes).blocks("zzz"));
    CHECK(tool_permission_context::from_iterables(names, {"q"}).blocks("Q1"));
}

TEST_CASE("a moved-from context behaves as an empty deny list", "[permissions]") {
    auto ctx = tool_permission_context::from_iterables({"BashTool"}, {"mcp", ""});
    const auto kept = std::move(ctx);
    CHECK(kept.blocks("anything"));
    // The moved-from object is valid but unspecified in the standard's words; claw-cpp specifies
    // it: it blocks nothing, never reads past its (now empty) tree, and can be assigned again.
    CHECK_FALSE(ctx.blocks("BashTool"));  // NOLINT(bugprone-use-after-move)
    CHECK_FALSE(ctx.blocks(""));
    CHECK(ctx.check({"mcp__x"}).allowed());
    CHECK(ctx.check({std::string(300, 'm')}).allowed());  // the long-name path too
    tool_permission_context moved_again = std::move(ctx);
    CHECK_FALSE(moved_again.blocks("mcp"));
    ctx = tool_permission_context::from_iterables({"Grep"});
    CHECK(ctx.blocks("grep"));
}

TEST_CASE("large random deny lists agree with the reference rule", "[permissions]") {
    std::mt19937_64 rng(2024);
    for (int round = 0; round < 4; ++round) {
        std::vector<std::string> names, prefixes;
        const int n = round == 3 ? 10000 : 100 * (round + 1);
        for (int i = 0; i < n; ++i) {
            names.push_back(claw::test::random_text(rng, 6));
            prefixes.push_back(claw::test::random_text(rng, 3) + "Q");
        }
        const auto ctx = tool_permission_context::from_iterables(names, prefixes);
        const auto low_names = lowered(names);
        const auto low_prefixes = lowered(prefixes);
        for (int q = 0; q < 2000; ++q) {
            std::string tool;
            switch (q % 4) {
                case 0: tool = names[rng() % names.size()]; break;
                case 1: tool = prefixes[rng() % prefixes.size()] + claw::test::random_text(rng, 4); break;
                case 2: tool = claw::text::lower(names[rng() % names.size()]); break;
                default: tool = claw::test::random_bytes_text(rng, 8); break;
            }
            INFO("tool " << claw::test::visible(tool));
            REQUIRE(ctx.blocks(tool) == reference_blocks(low_names, low_prefixes, tool));
        }
    }
}
