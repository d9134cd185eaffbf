// SPDX-License-Identifier: MIT
#include <claw/permissions/bash_gate.hpp>

#include <claw/text/lower.hpp>

#include "../support/test_support.hpp"

static_assert(claw::permission_policy<claw::bash_gate>);
static_assert(claw::bash_gate::gates("SubBASHRunner"));
static_assert(!claw::bash_gate::gates("ba sh"));
static_assert(claw::bash_gate{}.check({"BashTool"}).denied());

TEST_CASE("the bash gate denies with the reference's reason", "[permissions]") {
    const auto d = claw::bash_gate{}.check({"BashTool"});
    CHECK(d.denied());
    CHECK(d.reason == "destructive shell execution remains gated in the Python port");
    CHECK(claw::bash_gate{}.check({"FileReadTool"}) == claw::decision{});
}

TEST_CASE("the bash gate finds bash at every offset and length", "[permissions]") {
    for (std::size_t len = 0; len <= 40; ++len) {
        for (std::size_t at = 0; at + 4 <= len + 4; ++at) {
            std::string name(len, 'x');
            if (at + 4 <= len) name.replace(at, 4, (at % 2) ? "BaSh" : "bash");
            INFO("name " << name);
            CHECK(claw::bash_gate::gates(name) == (at + 4 <= len));
        }
    }
}

TEST_CASE("the bash gate agrees with lower(name).contains(\"bash\") on random names", "[permissions]") {
    std::mt19937_64 rng(99);
    std::uniform_int_distribution<int> pick(0, 11);
    const char alphabet[] = {'b', 'B', 'a', 'A', 's', 'S', 'h', 'H', 'x', '\0', '\x82', '\xE2'};
    for (int i = 0; i < 50000; ++i) {
        std::string name;
        const int n = static_cast<int>(rng() % 40);
        for (int k = 0; k < n; ++k) name.push_back(alphabet[pick(rng)]);
        const bool expected = claw::text::lower(name).find("bash") != std::string::npos;
        REQUIRE(claw::bash_gate::gates(name) == expected);
    }
}
