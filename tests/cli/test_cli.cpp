// SPDX-License-Identifier: MIT
// claw-port, run as a user runs it: every reference CLI case, plus the behaviour claw-cpp adds.
#include <claw/session.hpp>

#include "../support/process.hpp"
#include "../support/rules_cases.hpp"
#include "../support/test_support.hpp"

#include <regex>
#include <sys/stat.h>

namespace fs = std::filesystem;
using claw::test::process_result;

namespace {

// An empty folder for one run, removed afterwards.
struct run_dir : claw::test::temp_dir {
    run_dir() : temp_dir("claw-cli-test") {}
};

process_result claw_port(const std::vector<std::string>& args, const fs::path& cwd, bool reference_inventory = true) {
    std::vector<std::string> full;
    if (reference_inventory) {
        const auto inv = claw::test::data_dir() / "inventory";
        full = {"--tools-file", (inv / "tools.json").string(), "--commands-file", (inv / "commands.json").string()};
    }
    full.insert(full.end(), args.begin(), args.end());
    return claw::test::run_process(CLAW_PORT_EXE, full, cwd);
}

std::string mask_ids(const std::string& s) {
    static const std::regex hex32("[0-9a-f]{32}");
    return std::regex_replace(s, hex32, "<SESSION_ID>");
}

std::size_t count_lines(const std::string& s) {
    return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}

}  // namespace

TEST_CASE("every case of cli_cases.json: exact stdout and exit code", "[cli][vectors]") {
    const auto cases = claw::test::load_json("cli_cases.json").as_array();
    REQUIRE(cases.size() == 347);
    for (const auto& c : cases) {
        std::vector<std::string> args;
        std::string shown;
        for (const auto& a : c.at("args").as_array()) {
            args.push_back(claw::test::str(a));
            shown += ' ';
            shown += claw::test::repr_arg(args.back());
        }
        INFO("claw-port" << shown);
        run_dir dir;
        const process_result r = claw_port(args, dir.path);
        CLAW_REQUIRE_SAME_BYTES(mask_ids(r.out), claw::test::str(c.at("stdout")));
        REQUIRE(r.exit_code == c.at("exit_code").as_int64());
        if (c.as_object().contains("note") && args[0] == "exec-tool") {
            // The gated tool is not executed: the denial names it and gives the reason, on stderr.
            CHECK(r.err.find("'BashTool'") != std::string::npos);
            CHECK(r.err.find("destructive shell execution remains gated in the Python port") != std::string::npos);
        }
    }
}

TEST_CASE("flush-transcript writes the reference's file and load-session reads it", "[cli]") {
    run_dir dir;
    const auto flushed = claw_port({"flush-transcript", "hello   world café"}, dir.path);
    REQUIRE(flushed.exit_code == 0);
    const std::string path = flushed.out.substr(0, flushed.out.find('\n'));
    REQUIRE(path.starts_with(".port_sessions/"));
    const std::string id = path.substr(15, 32);
    const std::string expected = claw::to_python_json({id, {"hello   world café"}, 3, 13});
    CLAW_REQUIRE_SAME_BYTES(claw::test::read_file(dir.path / path), expected);
    struct stat st {};
    REQUIRE(::stat((dir.path / ".port_sessions").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
    const auto loaded = claw_port({"load-session", id}, dir.path);
    CHECK(loaded.exit_code == 0);
    CHECK(loaded.out == id + "\n1 messages\nin=3 out=13\n");
}

TEST_CASE("load-session reads a file written by the reference", "[cli]") {
    run_dir dir;
    fs::create_directories(dir.path / "sessions");
    const std::string id = "4a23d5962217beaddbc496cb8e81973e";
    fs::copy_file(claw::test::data_dir() / "session_files" / (id + ".json"), dir.path / "sessions" / (id + ".json"));
    const auto r = claw_port({"--session-dir", "sessions", "load-session", id}, dir.path);
    CHECK(r.exit_code == 0);
    const auto s = claw::session_from_json(claw::test::read_file(dir.path / "sessions" / (id + ".json")));
    CHECK(r.out == id + "\n" + std::to_string(s.messages.size()) + " messages\nin=" + std::to_string(s.input_tokens) +
                       " out=" + std::to_string(s.output_tokens) + "\n");
}

TEST_CASE("bad input is one clear line on stderr and exit 1, never a crash", "[cli]") {
    run_dir dir;
    auto r = claw_port({"load-session", "../../etc/passwd"}, dir.path);
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    CHECK(r.err.find("invalid session id") != std::string::npos);
    r = claw_port({"load-session", "missing"}, dir.path);
    CHECK(r.exit_code == 1);
    CHECK(r.err == "claw-port: session .port_sessions/missing.json: no such session file\n");
    claw::test::write_file(dir.path / "bad.json", "[{\"name\": \"x\", \"source_hint\": 3}]");
    r = claw::test::run_process(CLAW_PORT_EXE, {"--tools-file", "bad.json", "tools"}, dir.path);
    CHECK(r.exit_code == 1);
    CHECK(r.err == "claw-port: inventory bad.json: entry 0 field 'source_hint' must be a string\n");
    r = claw::test::run_process(CLAW_PORT_EXE, {"--commands-file", "nope.json", "commands"}, dir.path);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("inventory nope.json: cannot read") != std::string::npos);
}

TEST_CASE("usage errors exit 2 with a one-line reason", "[cli]") {
    run_dir dir;
    const std::vector<std::vector<std::string>> bad{
        {},
        {"frobnicate"},
        {"route"},
        {"route", "x", "--limit", "many"},
        {"route", "x", "--limit", "-1"},
        {"route", "x", "--bogus"},
        {"route", "x", "y"},
        {"exec-tool", "only-name"},
        {"tools", "--query"},
        {"bootstrap", "x", "--untrusted=yes"},
    };
    for (const auto& args : bad) {
        const auto r = claw_port(args, dir.path);
        INFO("args: " << args.size());
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        CHECK(count_lines(r.err) == 1);
        CHECK(r.err.starts_with("claw-port: error: "));
    }
}

TEST_CASE("--help works for the program and every subcommand", "[cli]") {
    run_dir dir;
    const auto top = claw_port({"--help"}, dir.path, false);
    CHECK(top.exit_code == 0);
    for (const std::string cmd : {"commands", "tools", "route", "bootstrap", "turn-loop", "flush-transcript",
                                  "load-session", "show-command", "show-tool", "exec-command", "exec-tool",
                                  "setup-report", "command-graph", "tool-pool", "bootstrap-graph", "summary"}) {
        INFO(cmd);
        CHECK(top.out.find("  " + cmd + " ") != std::string::npos);
        const auto sub = claw_port({cmd, "--help"}, dir.path, false);
        CHECK(sub.exit_code == 0);
        CHECK(sub.out.starts_with("usage: claw-port " + cmd));
    }
}

TEST_CASE("bootstrap reports, persists once, and honours --untrusted", "[cli]") {
    run_dir dir;
    const auto r = claw_port({"bootstrap", "run bash to list files"}, dir.path);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.starts_with("# Runtime Session\n"));
    for (const std::string title : {"## Context", "## Setup", "## Startup Steps", "## System Init",
                                    "## Routed Matches", "## Command Execution", "## Tool Execution",
                                    "## Permission Denials", "## Stream Events", "## Turn Result",
                                    "Persisted session path: .port_sessions/", "# Session History"})
        CHECK(r.out.find("\n" + title) != std::string::npos);
    CHECK(r.out.find("- BashTool: destructive shell execution remains gated in the Python port") != std::string::npos);
    CHECK(r.out.find("Mirrored tool 'BashTool'") == std::string::npos);  // denied, never executed
    CHECK(r.out.find("Mirrored tool 'GlobTool'") != std::string::npos);
    std::size_t starts = 0;
    for (std::size_t at = 0; (at = r.out.find("- message_start: ", at)) != std::string::npos; ++at) ++starts;
    CHECK(starts == 1);
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.path / ".port_sessions")) ++files;
    CHECK(files == 1);

    const auto u = claw_port({"bootstrap", "review MCP tool", "--untrusted"}, dir.path);
    REQUIRE(u.exit_code == 0);
    for (const std::string flag : {"plugin_init", "skill_init", "mcp_prefetch", "session_hooks"})
        CHECK(u.out.find("- " + flag + "=False") != std::string::npos);
    CHECK(u.out.find("Trusted: False") != std::string::npos);
}

TEST_CASE("the deny list also applies to tools --query", "[cli]") {
    run_dir dir;
    const auto r = claw_port({"tools", "--query", "mcp", "--deny-prefix", "mcp"}, dir.path);
    CHECK(r.exit_code == 0);
    CHECK(r.out == "Tool entries: 27\n\nFiltered by: mcp\n\n- ListMcpResourcesTool \u2014 "
                   "tools/ListMcpResourcesTool/ListMcpResourcesTool.ts\n- ResourceReader \u2014 "
                   "services/mcp/resourceReader.ts\n");
}

TEST_CASE("the remaining report commands run on the built-in inventory", "[cli]") {
    run_dir dir;
    const auto graph = claw_port({"command-graph"}, dir.path, false);
    CHECK(graph.exit_code == 0);
    CHECK(graph.out.starts_with("# Command Graph\n\nBuiltins: "));
    const auto pool = claw_port({"tool-pool"}, dir.path, false);
    CHECK(pool.out.starts_with("# Tool Pool\n\nSimple mode: False\nInclude MCP: True\nTool count: "));
    CHECK(count_lines(pool.out) == 5 + 15);
    const auto stages = claw_port({"bootstrap-graph"}, dir.path, false);
    CHECK(count_lines(stages.out) == 2 + 7);
    const auto setup = claw_port({"setup-report"}, dir.path, false);
    CHECK(setup.out.find("- project_scan: Scanned project root ") != std::string::npos);
    CHECK(setup.out.find("- plugin_init=True") != std::string::npos);
    const auto summary = claw_port({"summary"}, dir.path, false);
    CHECK(summary.out.find("Transcript flushed: False") != std::string::npos);
    const auto route = claw_port({"route", "review the bash history"}, dir.path, false);
    CHECK(route.out.find("tool\tBashTool\t") != std::string::npos);
}

TEST_CASE("arguments are read the way argparse reads them", "[cli]") {
    run_dir dir;
    const auto same = [&](const std::vector<std::string>& a, const std::vector<std::string>& b) {
        const auto ra = claw_port(a, dir.path);
        const auto rb = claw_port(b, dir.path);
        INFO(ra.err << rb.err);
        CHECK(ra.exit_code == 0);
        CHECK(ra.out == rb.out);
    };
    same({"route", "review", "--lim", "2"}, {"route", "review", "--limit", "2"});  // unique prefix
    same({"route", "--limit=2", "review"}, {"route", "review", "--limit", "2"});
    same({"route", "-review x"}, {"route", "--", "-review x"});  // '-' and a space: a value
    CHECK(claw_port({"route", "-5"}, dir.path).exit_code == 0);                   // a negative number is a value
    CHECK(claw_port({"route", "-review"}, dir.path).exit_code == 2);              // an unknown option is not
    CHECK(claw_port({"tools", "--limit", "-3"}, dir.path).out ==
          claw_port({"tools", "--limit", "24"}, dir.path).out);  // Python slicing: all but the last three
    // Python's int() has no size limit and allows single underscores.
    same({"tools", "--limit", "123456789012345678901234567890"}, {"tools", "--limit", "1_000"});
    const auto loop = claw_port({"turn-loop", "review MCP tool", "--max-turns", "99999999999"}, dir.path);
    CHECK(loop.exit_code == 0);
    CHECK(loop.out.ends_with("stop_reason=max_budget_reached\n"));  // the token budget ends the loop
}

TEST_CASE("claw-port reports every file of the bad-input corpus on stderr and exits 1", "[cli][bad-input]") {
    run_dir dir;
    const auto cases = claw::test::load_json("bad/expected.json").as_array();
    const fs::path bad = claw::test::data_dir() / "bad";
    for (const auto& c : cases) {
        const fs::path path = bad / claw::test::str(c.at("file"));
        const std::string cause = claw::test::str(c.at("cause"));
        INFO("file " << path.string());
        const bool session = claw::test::str(c.at("kind")) == "session";
        const auto r = session ? claw::test::run_process(CLAW_PORT_EXE,
                                                         {"--session-dir", path.parent_path().string(), "load-session",
                                                          path.stem().string()},
                                                         dir.path)
                               : claw::test::run_process(CLAW_PORT_EXE, {"--tools-file", path.string(), "tools"}, dir.path);
        INFO(r.err);
        CHECK(r.exit_code == 1);
        CHECK(r.out.empty());
        CHECK(count_lines(r.err) == 1);
        CHECK(r.err.starts_with(std::string("claw-port: ") + (session ? "session " : "inventory ") + path.string()));
        CHECK(r.err.find(cause) != std::string::npos);
    }
}

TEST_CASE("output that cannot be written is an error, not a silent success", "[cli]") {
    run_dir dir;
    const std::string exe = CLAW_PORT_EXE;
    // A full disk: every byte is refused. flush-transcript saves the session, but the path it prints
    // is lost, so the run must fail and say why.
    auto r = claw::test::run_process("/bin/sh", {"-c", "exec \"$0\" flush-transcript hello > /dev/full", exe}, dir.path);
    CHECK(r.exit_code == 1);
    CHECK(r.err == "claw-port: cannot write to standard output: No space left on device\n");
    r = claw::test::run_process("/bin/sh", {"-c", "exec \"$0\" route review > /dev/full", exe}, dir.path);
    CHECK(r.exit_code == 1);
    // A closed standard output: nothing the program opens may take its place, and the run fails.
    r = claw::test::run_process("/bin/sh", {"-c", "exec \"$0\" flush-transcript hello >&-", exe}, dir.path);
    CHECK(r.exit_code == 1);
    CHECK(r.err == "claw-port: cannot write to standard output: it is closed\n");
    const auto saved = fs::directory_iterator(dir.path / ".port_sessions");
    REQUIRE(saved != fs::directory_iterator());
    CHECK(claw::session_from_json(claw::test::read_file(saved->path())).messages ==
          std::vector<std::string>{"hello"});  // the session file is whole: stdout did not land in it
    // Usage errors still exit 2 when standard output is full.
    r = claw::test::run_process("/bin/sh", {"-c", "exec \"$0\" route > /dev/full", exe}, dir.path);
    CHECK(r.exit_code == 2);
    // Help on a full disk fails too.
    r = claw::test::run_process("/bin/sh", {"-c", "exec \"$0\" --help > /dev/full", exe}, dir.path);
    CHECK(r.exit_code == 1);
}

TEST_CASE("error messages quote what they show and stay on one line", "[cli]") {
    run_dir dir;
    const std::vector<std::vector<std::string>> hostile{
        {"load-session", "ab\ncd\x1b[31m"},
        {"load-session", "x\r\ny"},
        {"fro\x1b]0;owned\x07"},
        {"route", "x", "--limit", "1\n2"},
        {"route", "x", "extra\narg"},
        {"--tools-file", "no\nsuch\x1b[2J.json", "tools"},
        {"load-session", "\xc2\x9b" "31m"},  // C1 CSI, a terminal escape on its own
    };
    for (const auto& args : hostile) {
        const auto r = claw_port(args, dir.path, false);
        INFO("args: " << claw::test::visible(args.back()));
        CHECK(r.exit_code != 0);
        CHECK(count_lines(r.err) == 1);
        CHECK(r.err.back() == '\n');
        for (const char c : r.err.substr(0, r.err.size() - 1)) {
            const auto b = static_cast<unsigned char>(c);
            CHECK((b >= 0x20 && b != 0x7F));
        }
        CHECK(r.err.find("\xc2\x9b") == std::string::npos);
    }
}

TEST_CASE("turn-loop needs at least one turn", "[cli]") {
    run_dir dir;
    for (const std::string turns : {"0", "-1", "-9999999999999999999999"}) {
        const auto r = claw_port({"turn-loop", "review", "--max-turns", turns}, dir.path);
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        CHECK(r.err.starts_with("claw-port: error: argument --max-turns: must be at least 1"));
    }
    const auto one = claw_port({"turn-loop", "review", "--max-turns", "1"}, dir.path);
    CHECK(one.exit_code == 0);
    CHECK(one.out.starts_with("## Turn 1\n"));
    CHECK(one.out.find("## Turn 2") == std::string::npos);
}

TEST_CASE("every case of rules_cases.json through claw-port check", "[cli][rules][vectors]") {
    const auto cases = claw::test::rules_case_objects();
    REQUIRE(cases.size() == 86);
    std::size_t passed = 0;
    for (const auto& obj : cases) {
        const claw::test::temp_dir dir("claw-cli-rules");
        const auto c = claw::test::materialise_rules_case(obj, dir.path);
        std::vector<std::string> args{"check", "--cwd", c.cwd.string(), "--home", c.home.string(), "--managed-settings", "",
                                      "--mode", c.mode};
        if (!c.trusted) args.push_back("--untrusted");
        if (!c.override_verdict.empty()) args.insert(args.end(), {"--override", c.override_verdict});
        if (c.input_json) args.push_back("--input-json");
        args.insert(args.end(), {"--", c.tool, c.input});
        const auto r = claw::test::run_process(CLAW_PORT_EXE, args, dir.path);
        INFO("case " << c.id << ": " << c.tool << " " << claw::test::visible(c.input) << " (" << c.mode << ") expects "
                     << c.expected << " — " << c.why << "\nstdout: " << r.out << "stderr: " << r.err);
        bool ok = false;
        if (r.exit_code == 0) {
            CHECK(count_lines(r.out) == 1);
            ok = r.out.starts_with(c.expected + ": ");
        } else {
            // A configuration that cannot be loaded: exit 1, one line naming the cause, never a verdict.
            CHECK(r.exit_code == 1);
            CHECK(r.out.empty());
            CHECK(count_lines(r.err) == 1);
            ok = c.expected == "deny";
        }
        CHECK(ok);
        passed += ok ? 1 : 0;
    }
    std::printf("rules_cases.json through claw-port check: %zu of %zu cases pass\n", passed, cases.size());
}
