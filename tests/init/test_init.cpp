// SPDX-License-Identifier: MIT
#include <claw/init.hpp>

#include "../support/test_support.hpp"

#include <claw/session/id.hpp>

namespace fs = std::filesystem;

namespace {
struct plugins_only_when_trusted {
    claw::deferred_init_result run(claw::trust t) {
        const bool trusted = t == claw::trust::trusted;
        return {trusted, trusted, false, false, false};
    }
};
struct not_an_init {
    int run(claw::trust) { return 0; }
};
struct takes_a_bool {  // the old signature: a bool is not a trust
    claw::deferred_init_result run(bool) { return {}; }
};
}  // namespace

static_assert(claw::init_policy<claw::trust_gated_init>);
static_assert(claw::init_policy<claw::no_deferred_init>);
static_assert(claw::init_policy<plugins_only_when_trusted>);
static_assert(!claw::init_policy<not_an_init>);
static_assert(!claw::init_policy<takes_a_bool>);
static_assert(claw::trust_gated_init{}.run(claw::trust::trusted) == claw::deferred_init_result{true, true, true, true, true});
static_assert(claw::trust_gated_init{}.run(claw::trust::untrusted) == claw::deferred_init_result{false, false, false, false, false});

TEST_CASE("deferred init renders the reference's lines", "[init]") {
    const auto on = claw::deferred_init_lines(claw::trust_gated_init{}.run(claw::trust::trusted));
    CHECK(on == std::array<std::string, 4>{"- plugin_init=True", "- skill_init=True", "- mcp_prefetch=True",
                                           "- session_hooks=True"});
    const auto off = claw::deferred_init_lines(claw::trust_gated_init{}.run(claw::trust::untrusted));
    CHECK(off == std::array<std::string, 4>{"- plugin_init=False", "- skill_init=False", "- mcp_prefetch=False",
                                            "- session_hooks=False"});
    const auto none = claw::no_deferred_init{}.run(claw::trust::trusted);
    CHECK(none.trusted);
    CHECK_FALSE(none.plugin_init);
}

TEST_CASE("the three prefetch steps and the setup report lines", "[init]") {
    const fs::path root = fs::temp_directory_path() / ("claw-init-test-" + claw::new_session_id());
    fs::create_directories(root / "sub" / "deeper");
    claw::test::write_file(root / "a.txt", "a");
    claw::test::write_file(root / "sub" / "b.txt", "b");
    claw::test::write_file(root / "sub" / "deeper" / "c.txt", "c");
    fs::create_symlink(root / "a.txt", root / "link.txt");

    const claw::setup_report report = claw::run_setup(root, claw::trust::untrusted);
    REQUIRE(report.prefetches.size() == 3);
    CHECK(report.prefetches[2].files_scanned == 3);  // the link is not counted
    CHECK_FALSE(report.prefetches[2].scan_truncated);
    CHECK_FALSE(report.trusted);
    CHECK(report.deferred_init == claw::deferred_init_result{});
    const std::vector<std::string> expected{
        "Prefetches:",
        "- mdm_raw_read: Simulated MDM raw-read prefetch for workspace bootstrap",
        "- keychain_prefetch: Simulated keychain prefetch for trusted startup path",
        "- project_scan: Scanned project root " + root.string(),
        "",
        "Deferred init:",
        "- plugin_init=False",
        "- skill_init=False",
        "- mcp_prefetch=False",
        "- session_hooks=False"};
    CHECK(report.lines() == expected);

    const auto trusted = claw::run_setup(root, claw::trust::trusted, plugins_only_when_trusted{});
    CHECK(trusted.deferred_init == claw::deferred_init_result{true, true, false, false, false});
    fs::remove_all(root);
}

TEST_CASE("a missing project root scans nothing and does not throw", "[init]") {
    const auto r = claw::start_project_scan("/nonexistent/claw/root");
    CHECK(r.started);
    CHECK(r.files_scanned == 0);
    CHECK(r.detail == "Scanned project root /nonexistent/claw/root");
}

TEST_CASE("a project root holding a NUL byte scans nothing, never the folder before the NUL", "[init]") {
    const claw::test::temp_dir dir("claw-scan-nul");
    fs::create_directories(dir.path / "cut");
    claw::test::write_file(dir.path / "cut" / "a.txt", "x");
    REQUIRE(claw::start_project_scan(dir.path / "cut").files_scanned == 1);
    const fs::path with_nul = (dir.path / "cut").string() + std::string("\0more", 5);
    const auto r = claw::start_project_scan(with_nul);
    CHECK(r.started);
    CHECK(r.files_scanned == 0);
    CHECK_FALSE(r.scan_truncated);
}

TEST_CASE("the project scan is bounded: it stops at its limit and says so", "[init]") {
    const claw::test::temp_dir dir("claw-scan-bound");
    for (int d = 0; d < 10; ++d) {
        fs::create_directories(dir.path / claw::test::cat("d", d));
        for (int f = 0; f < 30; ++f) claw::test::write_file(dir.path / claw::test::cat("d", d) / claw::test::cat("f", f), "x");
    }
    // 310 entries in all (10 folders, 300 files).
    const auto all = claw::start_project_scan(dir.path, 310);
    CHECK(all.files_scanned == 300);
    CHECK_FALSE(all.scan_truncated);
    const auto cut = claw::start_project_scan(dir.path, 100);
    CHECK(cut.scan_truncated);
    CHECK(cut.files_scanned < 100);
    CHECK(cut.files_scanned >= 90);  // at most the 10 folders are not files
    const auto none = claw::start_project_scan(dir.path, 0);
    CHECK(none.scan_truncated);
    CHECK(none.files_scanned == 0);
    CHECK(none.detail == "Scanned project root " + dir.path.string());  // the reference's text either way

    // From the file-system root the default limit keeps the walk short; the count is what the
    // limit allowed, never more.
    const auto root = claw::start_project_scan("/");
    CHECK(root.scan_truncated);
    CHECK(root.files_scanned <= CLAW_PROJECT_SCAN_MAX_ENTRIES);

    claw::project_scan_options off;
    off.enabled = false;
    const auto disabled = claw::start_project_scan(dir.path, off);
    CHECK_FALSE(disabled.started);
    CHECK(disabled.files_scanned == 0);
    CHECK(disabled.detail == "Project scan disabled by the application");

    claw::project_scan_options elsewhere;
    elsewhere.root = dir.path / "d3";
    const auto report = claw::run_setup("/nonexistent", claw::trust::trusted, claw::trust_gated_init{}, elsewhere);
    CHECK(report.cwd == dir.path / "d3");
    CHECK(report.prefetches[2].files_scanned == 30);
}
