// SPDX-License-Identifier: MIT
// Runs every input of the fuzz corpora (tests/fuzz/corpus/<target>/) through the fuzz targets'
// own checks in the ordinary test build. A crash input saved by scripts/fuzz.sh and copied into
// the corpus becomes a regression test this way.
#include "../support/test_support.hpp"

#include <cstdint>

extern "C" int claw_fuzz_session(const std::uint8_t*, std::size_t);
extern "C" int claw_fuzz_inventory(const std::uint8_t*, std::size_t);
extern "C" int claw_fuzz_text(const std::uint8_t*, std::size_t);
extern "C" int claw_fuzz_route(const std::uint8_t*, std::size_t);
extern "C" int claw_fuzz_shell(const std::uint8_t*, std::size_t);
extern "C" int claw_fuzz_paths(const std::uint8_t*, std::size_t);
extern "C" int claw_fuzz_url(const std::uint8_t*, std::size_t);
extern "C" int claw_fuzz_settings(const std::uint8_t*, std::size_t);
extern "C" int claw_fuzz_check(const std::uint8_t*, std::size_t);

namespace {
std::size_t replay(const std::string& target, int (*entry)(const std::uint8_t*, std::size_t)) {
    std::size_t inputs = 0;
    for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(CLAW_FUZZ_CORPUS) / target)) {
        const std::string data = claw::test::read_file(e.path());
        INFO("input " << e.path().string());
        CHECK(entry(reinterpret_cast<const std::uint8_t*>(data.data()), data.size()) == 0);  // aborts on a broken invariant
        ++inputs;
    }
    return inputs;
}
}  // namespace

TEST_CASE("every fuzz corpus input passes its target's checks", "[fuzz]") {
    CHECK(replay("session", claw_fuzz_session) >= 8);
    CHECK(replay("inventory", claw_fuzz_inventory) >= 2);
    CHECK(replay("text", claw_fuzz_text) >= 40);
    CHECK(replay("route", claw_fuzz_route) >= 10);
    CHECK(replay("shell", claw_fuzz_shell) >= 20);
    CHECK(replay("paths", claw_fuzz_paths) >= 35);
    CHECK(replay("url", claw_fuzz_url) >= 30);
    CHECK(replay("settings", claw_fuzz_settings) >= 14);
    CHECK(replay("check", claw_fuzz_check) >= 9);
}
