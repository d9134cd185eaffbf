// SPDX-License-Identifier: MIT
// The bad-input corpus (tests/data/bad): every malformed session and inventory file is refused
// with the expected error type, a message that names the file and the cause, and no crash.
#include <claw/routing/inventory.hpp>
#include <claw/session.hpp>

#include "../support/test_support.hpp"

namespace fs = std::filesystem;

namespace {
claw::errc errc_named(const std::string& name) {
    static const std::map<std::string, claw::errc> names{
        {"invalid_utf8", claw::errc::invalid_utf8}, {"malformed_json", claw::errc::malformed_json},
        {"missing_field", claw::errc::missing_field}, {"wrong_type", claw::errc::wrong_type},
        {"out_of_range", claw::errc::out_of_range},   {"duplicate_key", claw::errc::duplicate_key},
        {"too_deep", claw::errc::too_deep}};
    return names.at(name);
}
}  // namespace

TEST_CASE("every file of the bad-input corpus is refused with the right error, naming file and cause",
          "[session][routing][bad-input]") {
    const auto cases = claw::test::load_json("bad/expected.json").as_array();
    REQUIRE(cases.size() >= 40);
    const fs::path bad = claw::test::data_dir() / "bad";
    for (const auto& c : cases) {
        const std::string file = claw::test::str(c.at("file"));
        const std::string cause = claw::test::str(c.at("cause"));
        const claw::errc expected = errc_named(claw::test::str(c.at("errc")));
        INFO("file " << file);
        const fs::path path = bad / file;
        const bool session = claw::test::str(c.at("kind")) == "session";
        const claw::test::refusal r =
            session ? claw::test::refused<claw::session_error>([&] {
                          (void)claw::json_file_store(path.parent_path(), claw::durability::none).load(path.stem().string());
                      })
                    : claw::test::refused<claw::inventory_error>([&] { (void)claw::load_inventory(path); });
        INFO(r.what);
        CHECK(r.code == expected);
        CHECK(r.what.starts_with((session ? "session " : "inventory ") + path.string() + ": "));
        CHECK(r.what.find(cause) != std::string::npos);
    }
}

TEST_CASE("a file above the size limit is refused before it is read", "[session][bad-input]") {
    const fs::path dir = fs::temp_directory_path() / ("claw-big-" + claw::new_session_id());
    fs::create_directories(dir);
    claw::json_file_store store(dir);
    CHECK(store.max_file_size() == 64ull << 20);
    {
        // A sparse 65 MiB file: large to the store, cheap to make.
        std::ofstream f(dir / "huge.json", std::ios::binary);
        f.seekp((65ll << 20) - 1);
        f.put('}');
    }
    const auto r = claw::test::refused<claw::session_error>([&] { (void)store.load("huge"); });
    CHECK(r.code == claw::errc::too_large);
    CHECK(r.what.find("more than the limit of 67108864 bytes") != std::string::npos);
    fs::remove_all(dir);
}
