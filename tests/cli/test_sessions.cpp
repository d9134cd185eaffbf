// SPDX-License-Identifier: MIT
// claw-port's stores and `sessions` commands, run as a user runs them: every subcommand on the
// file, memory, SQLite and PostgreSQL stores, bootstrap --resume, a migration file -> SQLite ->
// PostgreSQL -> file compared byte for byte with the reference's files, usage errors for bad
// store URLs, and a password that never reaches the output.
//
// Every test whose name contains "postgres" runs as the ctest test cli.postgres, inside the
// PostgreSQL fixture; it fails when no server is reachable and CLAW_REQUIRE_POSTGRES=1, and
// otherwise exits 77 (skipped) after saying why.
#include <claw/session.hpp>
#include <claw/text/split.hpp>

#include "../support/process.hpp"
#include "../support/test_support.hpp"

#include <chrono>
#include <ctime>
#include <regex>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>

namespace fs = std::filesystem;
using claw::test::process_result;

namespace {

process_result port(const std::vector<std::string>& args, const fs::path& cwd) {
    return claw::test::run_process(CLAW_PORT_EXE, args, cwd);
}

std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

std::vector<std::string> lines_of(const std::string& s) {
    std::vector<std::string> out;
    std::size_t at = 0;
    while (at < s.size()) {
        const std::size_t nl = s.find('\n', at);
        out.push_back(s.substr(at, nl - at));
        if (nl == std::string::npos) break;
        at = nl + 1;
    }
    return out;
}

std::vector<std::string> fields(const std::string& line) {
    std::vector<std::string> out;
    std::size_t at = 0;
    for (;;) {
        const std::size_t tab = line.find('\t', at);
        out.push_back(line.substr(at, tab - at));
        if (tab == std::string::npos) return out;
        at = tab + 1;
    }
}

bool one_line(const std::string& err) {
    return !err.empty() && err.back() == '\n' && std::count(err.begin(), err.end(), '\n') == 1;
}

// The session id in a locator: the last 32 hex digits (`sessions/<id>.json`, `sqlite:s.db#<id>`,
// `postgres:postgres/cli-<hex>#<id>`, whose scope holds hex digits too).
std::string id_in(const std::string& locator) {
    static const std::regex hex32("[0-9a-f]{32}");
    std::string last;
    for (auto it = std::sregex_iterator(locator.begin(), locator.end(), hex32); it != std::sregex_iterator(); ++it)
        last = it->str();
    REQUIRE_FALSE(last.empty());
    return last;
}

// Seconds since the epoch of `2025-06-01T12:00:00.250Z`; -1 when the text has another shape.
long long parse_utc(const std::string& s) {
    static const std::regex iso("([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})\\.[0-9]{3}Z");
    std::smatch m;
    if (!std::regex_match(s, m, iso)) return -1;
    std::tm t{};
    t.tm_year = std::stoi(m[1]) - 1900;
    t.tm_mon = std::stoi(m[2]) - 1;
    t.tm_mday = std::stoi(m[3]);
    t.tm_hour = std::stoi(m[4]);
    t.tm_min = std::stoi(m[5]);
    t.tm_sec = std::stoi(m[6]);
    return static_cast<long long>(::timegm(&t));
}

long long now_seconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

bool postgres_required() {
    const char* v = std::getenv("CLAW_REQUIRE_POSTGRES");
    return v && std::string_view(v) == "1";
}

// A fresh scope: a PostgreSQL store that starts empty.
std::string fresh_scope() { return "cli-" + claw::new_session_id(); }

// Fails (required) or exits 77 (not required) unless claw-port can reach a PostgreSQL server.
void require_postgres(const fs::path& cwd) {
    std::string why;
#if CLAW_TEST_HAVE_POSTGRES
    const auto r = port({"--store", "postgres:", "--scope", fresh_scope(), "sessions", "list"}, cwd);
    if (r.exit_code == 0) return;
    why = r.err;
#else
    (void)cwd;
    why = "claw-port was built without libpq";
#endif
    if (postgres_required()) FAIL("CLAW_REQUIRE_POSTGRES=1 but claw-port cannot use PostgreSQL: " << why);
    std::fprintf(stderr, "skipping the PostgreSQL CLI tests: %s (run them through ctest: cli.postgres)\n", why.c_str());
    std::fflush(stderr);
    std::_Exit(77);
}

// A store as the command line names it.
struct store_kind {
    std::string name;
    std::vector<std::string> global;  // --store URL [--scope S]
    bool counts_messages = true;      // a file: store never counts messages ('-')
};

// Creates a session with one message through flush-transcript and returns its id.
std::string flushed_session(const store_kind& k, const fs::path& cwd, const std::string& prompt) {
    const auto r = port(with(k.global, {"flush-transcript", prompt}), cwd);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto out = lines_of(r.out);
    REQUIRE(out.size() == 2);
    CHECK(out[1] == "flushed=True");
    return id_in(out[0]);
}

std::vector<std::string> listed_ids(const store_kind& k, const fs::path& cwd) {
    const auto r = port(with(k.global, {"sessions", "list"}), cwd);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    std::vector<std::string> ids;
    for (const auto& line : lines_of(r.out)) ids.push_back(fields(line).at(0));
    return ids;
}

// Every sessions subcommand, load-session and bootstrap --resume on one persistent store.
void check_every_subcommand(const store_kind& k, const fs::path& cwd) {
    INFO("store " << k.name);
    // An empty store lists nothing, and has nothing to resume.
    auto r = port(with(k.global, {"sessions", "list"}), cwd);
    CHECK(r.exit_code == 0);
    CHECK(r.out.empty());
    r = port(with(k.global, {"bootstrap", "review MCP tool", "--resume", "latest"}), cwd);
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    CHECK(r.err == "claw-port: session latest: there is no session to resume: the store holds none\n");

    // Three sessions, created in order (the pauses let every store's clock tell them apart).
    std::vector<std::string> ids;
    const std::vector<std::string> prompts{"first prompt", "second one here", "third"};
    for (const auto& p : prompts) {
        ids.push_back(flushed_session(k, cwd, p));
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
    }

    // list: newest first; id, messages, tokens, time (UTC ISO 8601, now).
    r = port(with(k.global, {"sessions", "list"}), cwd);
    REQUIRE(r.exit_code == 0);
    const auto listed = lines_of(r.out);
    REQUIRE(listed.size() == 3);
    long long previous = now_seconds() + 600;
    for (std::size_t i = 0; i < 3; ++i) {
        const std::string& id = ids[2 - i];
        const auto f = fields(listed[i]);
        INFO(listed[i]);
        REQUIRE(f.size() == 4);
        CHECK(f[0] == id);
        CHECK(f[1] == (k.counts_messages ? "1" : "-"));
        const auto saved = claw::stored_session{id, {prompts[2 - i]}, 0, 0};
        const std::int64_t in = static_cast<std::int64_t>(claw::text::token_count(saved.messages[0]));
        CHECK(f[2].starts_with("in=" + std::to_string(in) + " out="));
        const long long t = parse_utc(f[3]);
        CHECK(t > 0);
        CHECK(std::llabs(t - now_seconds()) < 600);
        CHECK(t <= previous);
        previous = t;
    }

    // show: the reference's bytes exactly, as load-session reads them.
    r = port(with(k.global, {"load-session", ids[0]}), cwd);
    REQUIRE(r.exit_code == 0);
    const auto loaded = lines_of(r.out);
    REQUIRE(loaded.size() == 3);
    CHECK(loaded[1] == "1 messages");
    const std::string in_out = loaded[2];  // "in=N out=M"
    const auto sp = in_out.find(' ');
    const claw::stored_session first{ids[0], {prompts[0]}, std::stoll(in_out.substr(3, sp - 3)),
                                     std::stoll(in_out.substr(sp + 5))};
    r = port(with(k.global, {"sessions", "show", ids[0]}), cwd);
    CHECK(r.exit_code == 0);
    CLAW_REQUIRE_SAME_BYTES(r.out, claw::to_python_json(first));
    r = port(with(k.global, {"sessions", "show", "no-such-session"}), cwd);
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    CHECK(one_line(r.err));
    CHECK(r.err.find("no-such-session") != std::string::npos);

    // bootstrap --resume latest: the newest session gets the prompt as its next message.
    r = port(with(k.global, {"bootstrap", "review MCP tool", "--resume", "latest"}), cwd);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.starts_with("# Runtime Session\n"));
    const auto persisted = r.out.find("Persisted session path: ");
    REQUIRE(persisted != std::string::npos);
    CHECK(id_in(r.out.substr(persisted, r.out.find('\n', persisted) - persisted)) == ids[2]);
    r = port(with(k.global, {"load-session", ids[2]}), cwd);
    CHECK(lines_of(r.out).at(1) == "2 messages");
    // bootstrap --resume ID: the oldest one, which then becomes the newest.
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    r = port(with(k.global, {"bootstrap", "bash", "--resume", ids[0]}), cwd);
    REQUIRE(r.exit_code == 0);
    CHECK(listed_ids(k, cwd) == (std::vector<std::string>{ids[0], ids[2], ids[1]}));
    r = port(with(k.global, {"sessions", "show", ids[0]}), cwd);
    CHECK(claw::session_from_json(r.out).messages == (std::vector<std::string>{prompts[0], "bash"}));
    r = port(with(k.global, {"bootstrap", "x", "--resume", "../escape"}), cwd);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("invalid session id") != std::string::npos);
    r = port(with(k.global, {"bootstrap", "x", "--resume", "absent"}), cwd);
    CHECK(r.exit_code == 1);
    CHECK(one_line(r.err));

    // rm: removes what exists, names what does not (exit 1), changes nothing for an invalid id.
    r = port(with(k.global, {"sessions", "rm", ids[1], "not-there"}), cwd);
    CHECK(r.exit_code == 1);
    CHECK(r.out == "removed " + ids[1] + "\n");
    CHECK(one_line(r.err));
    CHECK(r.err.starts_with("claw-port: sessions rm: no session 'not-there' in "));
    r = port(with(k.global, {"sessions", "rm", ids[0], "bad/id"}), cwd);
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    CHECK(r.err.find("invalid session id 'bad/id'") != std::string::npos);
    CHECK(listed_ids(k, cwd) == (std::vector<std::string>{ids[0], ids[2]}));

    // prune: nothing is a day old; with --older-than 0 all but the --keep newest go.
    r = port(with(k.global, {"sessions", "prune", "--older-than", "1"}), cwd);
    CHECK(r.exit_code == 0);
    CHECK(r.out == "pruned 0 sessions\n");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    r = port(with(k.global, {"sessions", "prune", "--older-than", "0", "--keep", "1"}), cwd);
    CHECK(r.exit_code == 0);
    const auto pruned = lines_of(r.out);
    REQUIRE(pruned.size() == 2);
    CHECK(pruned[0].starts_with("removed " + ids[2] + "\t"));
    CHECK(parse_utc(fields(pruned[0]).at(1)) > 0);
    CHECK(pruned[1] == "pruned 1 session");
    CHECK(listed_ids(k, cwd) == std::vector<std::string>{ids[0]});
    r = port(with(k.global, {"sessions", "prune", "--older-than", "0"}), cwd);
    CHECK(r.out == "removed " + ids[0] + "\t" + fields(lines_of(r.out).at(0)).at(1) + "\npruned 1 session\n");
    CHECK(listed_ids(k, cwd).empty());
}

// The eight reference files, copied into `dir`.
void reference_folder(const fs::path& dir) {
    fs::create_directories(dir);
    for (const auto& e : fs::directory_iterator(claw::test::data_dir() / "session_files"))
        fs::copy_file(e.path(), dir / e.path().filename());
}

std::vector<std::string> reference_ids() {
    std::vector<std::string> ids;
    for (const auto& e : fs::directory_iterator(claw::test::data_dir() / "session_files"))
        ids.push_back(e.path().stem().string());
    std::sort(ids.begin(), ids.end());
    REQUIRE(ids.size() == 8);
    return ids;
}

// Compares every reference file with its copy in `got`, except `absent` (which must be missing).
[[maybe_unused]] void check_same_files(const fs::path& got, const std::string& absent = {}) {
    for (const auto& id : reference_ids()) {
        INFO(id);
        if (id == absent) {
            CHECK_FALSE(fs::exists(got / (id + ".json")));
            continue;
        }
        CLAW_REQUIRE_SAME_BYTES(claw::test::read_file(got / (id + ".json")),
                                claw::test::read_file(claw::test::data_dir() / "session_files" / (id + ".json")));
    }
}

// The reference file holding U+0000, which PostgreSQL cannot store.
[[maybe_unused]] std::string session_with_nul() {
    std::string found;
    for (const auto& id : reference_ids())
        if (claw::test::read_file(claw::test::data_dir() / "session_files" / (id + ".json")).find("\\u0000") !=
            std::string::npos) {
            REQUIRE(found.empty());
            found = id;
        }
    REQUIRE_FALSE(found.empty());
    return found;
}

void set_mtime(const fs::path& file, long long seconds) {
    const timespec times[2] = {{static_cast<time_t>(seconds), 0}, {static_cast<time_t>(seconds), 0}};
    REQUIRE(::utimensat(AT_FDCWD, file.c_str(), times, 0) == 0);
}

}  // namespace

TEST_CASE("sessions: every subcommand and bootstrap --resume on a file: store", "[cli][sessions]") {
    const claw::test::temp_dir dir("claw-cli-sessions");
    check_every_subcommand({"file", {"--store", "file:sessions"}, false}, dir.path);
    // --session-dir is the same store.
    const std::string id = flushed_session({"file", {"--session-dir", "sessions"}, false}, dir.path, "hello");
    CHECK(listed_ids({"file", {"--store", "file:sessions"}, false}, dir.path) == std::vector<std::string>{id});
    CHECK(fs::exists(dir.path / "sessions" / (id + ".json")));
}

TEST_CASE("sessions: the default store is the reference's .port_sessions folder", "[cli][sessions]") {
    const claw::test::temp_dir dir("claw-cli-sessions");
    const store_kind plain{"default", {}, false};
    const std::string id = flushed_session(plain, dir.path, "hello");
    CHECK(fs::exists(dir.path / ".port_sessions" / (id + ".json")));
    CHECK(listed_ids(plain, dir.path) == std::vector<std::string>{id});
    const auto r = port({"bootstrap", "again", "--resume", "latest"}, dir.path);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("Persisted session path: .port_sessions/" + id + ".json") != std::string::npos);
}

TEST_CASE("sessions prune on a file: store goes by the store's update time", "[cli][sessions]") {
    const claw::test::temp_dir dir("claw-cli-sessions");
    const store_kind k{"file", {"--store", "file:s"}, false};
    reference_folder(dir.path / "s");
    const auto ids = reference_ids();
    // Ages 0, 10, 20, ... 70 days.
    for (std::size_t i = 0; i < ids.size(); ++i)
        set_mtime(dir.path / "s" / (ids[i] + ".json"), now_seconds() - static_cast<long long>(i) * 10 * 86400 - 60);
    CHECK(listed_ids(k, dir.path) == ids);  // newest first
    auto r = port(with(k.global, {"sessions", "list"}), dir.path);
    for (const auto& line : lines_of(r.out)) {
        const auto f = fields(line);
        const auto s = claw::session_from_json(claw::test::read_file(dir.path / "s" / (f[0] + ".json")));
        CHECK(f[1] == "-");  // files are never parsed to list them
        CHECK(f[2] == "in=" + std::to_string(s.input_tokens) + " out=" + std::to_string(s.output_tokens));
    }
    // Older than 35 days: the four oldest (40..70 days), unless kept by --keep.
    r = port(with(k.global, {"sessions", "prune", "--older-than", "35", "--keep", "6"}), dir.path);
    CHECK(r.exit_code == 0);
    const auto out = lines_of(r.out);
    REQUIRE(out.size() == 3);
    CHECK(out[0].starts_with("removed " + ids[6] + "\t"));
    CHECK(out[1].starts_with("removed " + ids[7] + "\t"));
    CHECK(out[2] == "pruned 2 sessions");
    r = port(with(k.global, {"sessions", "prune", "--older-than", "35"}), dir.path);
    CHECK(r.out.ends_with("pruned 2 sessions\n"));
    CHECK(listed_ids(k, dir.path) == std::vector<std::string>(ids.begin(), ids.begin() + 4));
    // A huge number of days removes nothing (and does not overflow the clock).
    r = port(with(k.global, {"sessions", "prune", "--older-than", "99999999999999999999"}), dir.path);
    CHECK(r.exit_code == 0);
    CHECK(r.out == "pruned 0 sessions\n");
}

TEST_CASE("sessions: the memory: store lives for one run", "[cli][sessions]") {
    const claw::test::temp_dir dir("claw-cli-sessions");
    const std::vector<std::string> m{"--store", "memory:"};
    auto r = port(with(m, {"flush-transcript", "hello"}), dir.path);
    CHECK(r.exit_code == 0);
    CHECK(r.out.starts_with("memory:"));
    CHECK(r.out.ends_with("\nflushed=True\n"));
    const std::string id = id_in(r.out);
    r = port(with(m, {"sessions", "list"}), dir.path);
    CHECK(r.exit_code == 0);
    CHECK(r.out.empty());  // a new process, a new store
    r = port(with(m, {"load-session", id}), dir.path);
    CHECK(r.exit_code == 1);
    CHECK(r.err == "claw-port: session memory:" + id + ": no such session in this memory store\n");
    r = port(with(m, {"sessions", "show", id}), dir.path);
    CHECK(r.exit_code == 1);
    r = port(with(m, {"sessions", "rm", id}), dir.path);
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    CHECK(r.err == "claw-port: sessions rm: no session '" + id + "' in memory:\n");
    r = port(with(m, {"sessions", "prune", "--older-than", "0"}), dir.path);
    CHECK(r.exit_code == 0);
    CHECK(r.out == "pruned 0 sessions\n");
    r = port(with(m, {"sessions", "copy", "--to", "file:out"}), dir.path);
    CHECK(r.exit_code == 0);
    CHECK(r.out == "copied 0 of 0 sessions to file:out\n");
    CHECK_FALSE(fs::exists(dir.path / "out"));
    r = port(with(m, {"bootstrap", "review", "--resume", "latest"}), dir.path);
    CHECK(r.exit_code == 1);
    CHECK(r.err == "claw-port: session latest: there is no session to resume: the store holds none\n");
    r = port(with(m, {"bootstrap", "review"}), dir.path);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("Persisted session path: memory:") != std::string::npos);
    CHECK_FALSE(fs::exists(dir.path / ".port_sessions"));  // nothing touched the default folder
}

TEST_CASE("sessions copy: folder -> folder keeps the reference's bytes", "[cli][sessions][migration]") {
    const claw::test::temp_dir dir("claw-cli-migrate");
    reference_folder(dir.path / "from");
    const auto r = port({"--session-dir", "from", "sessions", "copy", "--to", "file:to"}, dir.path);
    CHECK(r.exit_code == 0);
    CHECK(r.out.ends_with("copied 8 of 8 sessions to file:to\n"));
    check_same_files(dir.path / "to");
    for (const auto& id : reference_ids()) {
        const auto shown = port({"--store", "file:from", "sessions", "show", id}, dir.path);
        CLAW_REQUIRE_SAME_BYTES(shown.out, claw::test::read_file(claw::test::data_dir() / "session_files" / (id + ".json")));
    }
}

#if CLAW_TEST_HAVE_SQLITE
TEST_CASE("sessions: every subcommand and bootstrap --resume on a sqlite: store", "[cli][sessions]") {
    const claw::test::temp_dir dir("claw-cli-sessions");
    check_every_subcommand({"sqlite", {"--store", "sqlite:db/sessions.db"}}, dir.path);
    struct stat st {};
    REQUIRE(::stat((dir.path / "db" / "sessions.db").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    const auto r = port({"--store", "sqlite:db/sessions.db", "flush-transcript", "x"}, dir.path);
    CHECK(r.out.starts_with("sqlite:db/sessions.db#"));
}

TEST_CASE("sessions copy: file -> sqlite -> file keeps the reference's bytes", "[cli][sessions][migration]") {
    const claw::test::temp_dir dir("claw-cli-migrate");
    reference_folder(dir.path / "from");
    auto r = port({"--store", "file:from", "sessions", "copy", "--to", "sqlite:s.db"}, dir.path);
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(lines_of(r.out).size() == 9);
    CHECK(r.out.ends_with("copied 8 of 8 sessions to sqlite:s.db\n"));
    // The database gives the same bytes through show.
    for (const auto& id : reference_ids()) {
        r = port({"--store", "sqlite:s.db", "sessions", "show", id}, dir.path);
        CLAW_REQUIRE_SAME_BYTES(r.out, claw::test::read_file(claw::test::data_dir() / "session_files" / (id + ".json")));
    }
    r = port({"--store", "sqlite:s.db", "sessions", "copy", "--to", "file:to"}, dir.path);
    CHECK(r.exit_code == 0);
    check_same_files(dir.path / "to");
    // Selected ids only; a missing one is named and the others are copied.
    const auto ids = reference_ids();
    r = port({"--store", "sqlite:s.db", "sessions", "copy", "--to", "file:some", ids[0], "missing", ids[1]}, dir.path);
    CHECK(r.exit_code == 1);
    CHECK(r.out == "copied " + ids[0] + "\ncopied " + ids[1] + "\ncopied 2 of 3 sessions to file:some\n");
    CHECK(one_line(r.err));
    CHECK(r.err.starts_with("claw-port: sessions copy: missing was not copied: "));
    CHECK(listed_ids({"file", {"--store", "file:some"}, false}, dir.path).size() == 2);
    // An invalid id copies nothing.
    r = port({"--store", "sqlite:s.db", "sessions", "copy", "--to", "file:none", ids[0], "../x"}, dir.path);
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    CHECK_FALSE(fs::exists(dir.path / "none"));
}
#else
TEST_CASE("sessions: a build without SQLite says so for sqlite: URLs", "[cli][sessions]") {
    const claw::test::temp_dir dir("claw-cli-sessions");
    const auto r = port({"--store", "sqlite:s.db", "sessions", "list"}, dir.path);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("built without SQLite") != std::string::npos);
}
#endif

#if !CLAW_TEST_HAVE_POSTGRES
TEST_CASE("sessions: a build without libpq says so for postgres: URLs", "[cli][sessions]") {
    const claw::test::temp_dir dir("claw-cli-sessions");
    const auto r = port({"--store", "postgres:password=secret", "sessions", "list"}, dir.path);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("built without PostgreSQL") != std::string::npos);
    CHECK(r.err.find("secret") == std::string::npos);
}
#endif

TEST_CASE("sessions: bad store URLs and options are usage errors", "[cli][sessions]") {
    const claw::test::temp_dir dir("claw-cli-sessions");
    const std::vector<std::pair<std::vector<std::string>, std::string>> bad{
        {{"--store", "bogus:x", "sessions", "list"}, "argument --store: unknown store 'bogus:'"},
        {{"--store", "file:", "sessions", "list"}, "argument --store: file: needs a folder"},
        {{"--store", "sqlite:", "sessions", "list"}, "argument --store: sqlite: needs a database file"},
        {{"--store", "memory:x", "sessions", "list"}, "argument --store: memory: takes nothing after the colon"},
        {{"--store", "", "sessions", "list"}, "argument --store: a store URL is one of"},
        {{"--store", "sessions", "commands"}, "argument --store: a store URL is one of"},
        {{"--store", "FILE:x", "sessions", "list"}, "argument --store: unknown store 'FILE:'"},
        {{"--store", "memory:", "--session-dir", "d", "sessions", "list"}, "argument --session-dir: not allowed with --store"},
        {{"--session-dir", "", "load-session", "x"}, "argument --session-dir: file: needs a folder"},
        {{"--scope", "team", "sessions", "list"}, "argument --scope: only postgres: stores have a scope"},
        {{"--store", "memory:", "sessions", "copy"}, "the following arguments are required: --to"},
        {{"--store", "memory:", "sessions", "copy", "--to", "nope:"}, "argument --to: unknown store 'nope:'"},
        {{"--store", "memory:", "sessions", "copy", "--to", "file:x", "--to-scope", "s"},
         "argument --to-scope: only postgres: stores have a scope"},
        {{"sessions"}, "the sessions command needs a subcommand (choose from list, show, rm, prune, copy)"},
        {{"sessions", "frob"}, "unknown sessions command 'frob' (choose from list, show, rm, prune, copy)"},
        {{"sessions", "show"}, "the following arguments are required: session_id"},
        {{"sessions", "show", "a", "b"}, "unrecognized arguments: 'b'"},
        {{"sessions", "rm"}, "the following arguments are required: session_id..."},
        {{"sessions", "list", "x"}, "unrecognized arguments: 'x'"},
        {{"sessions", "prune"}, "the following arguments are required: --older-than"},
        {{"sessions", "prune", "--older-than", "-1"}, "argument --older-than: must not be negative, got -1"},
        {{"sessions", "prune", "--older-than", "1", "--keep", "-2"}, "argument --keep: must not be negative, got -2"},
        {{"sessions", "prune", "--older-than", "soon"}, "argument --older-than: invalid int value: 'soon'"},
        {{"sessions", "list", "--older-than", "1"}, "unrecognized argument: '--older-than'"},
        {{"bootstrap", "x", "--resume"}, "argument --resume: expected one argument"},
    };
    for (const auto& [args, message] : bad) {
        const auto r = port(args, dir.path);
        INFO(claw::test::visible(args.back()) << ": " << claw::test::visible(r.err));
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        CHECK(one_line(r.err));
        CHECK(r.err.starts_with("claw-port: error: " + message));
    }
    CHECK_FALSE(fs::exists(dir.path / ".port_sessions"));
}

TEST_CASE("sessions: a password in --store never reaches the output or an error", "[cli][sessions]") {
    const claw::test::temp_dir dir("claw-cli-sessions");
    const std::vector<std::vector<std::string>> runs{
        {"--store", "password=secret", "sessions", "list"},
        {"--store", "password=secret host=x:5432", "sessions", "list"},
        {"--store", "pg:password=secret", "sessions", "list"},
        {"--store", "postgres:password=secret no_such_keyword=1", "sessions", "list"},
        {"--store", "postgres:password='secret", "sessions", "list"},
        {"--store", "postgres:postgresql://user:secret@[::1", "sessions", "list"},
        {"--store", "memory:", "sessions", "copy", "--to", "postgres:password=secret bad_keyword=2"},
        {"--store", "memory:", "sessions", "copy", "--to", "password=secret"},
    };
    for (const auto& args : runs) {
        const auto r = port(args, dir.path);
        INFO(claw::test::visible(r.err));
        CHECK(r.exit_code == 2);
        CHECK(one_line(r.err));
        CHECK(r.out.find("secret") == std::string::npos);
        CHECK(r.err.find("secret") == std::string::npos);
    }
#if CLAW_TEST_HAVE_POSTGRES
    // An unreachable server: exit 1, libpq's reason, no password.
    const auto r = port({"--store", "postgres:host=/nonexistent-claw-dir password=secret connect_timeout=2", "sessions",
                         "list"},
                        dir.path);
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK(one_line(r.err));
    CHECK(r.err.find("cannot connect") != std::string::npos);
    CHECK(r.err.find("secret") == std::string::npos);
#endif
}

TEST_CASE("sessions: --help documents --store, --scope, every subcommand and --resume", "[cli][sessions]") {
    const claw::test::temp_dir dir("claw-cli-sessions");
    const auto top = port({"--help"}, dir.path);
    CHECK(top.exit_code == 0);
    for (const std::string text : {"  sessions ", "--store", "file:DIR", "memory:", "sqlite:PATH", "postgres:CONNINFO",
                                   "--session-dir", "--scope"})
        CHECK(top.out.find(text) != std::string::npos);
    const auto group = port({"sessions", "--help"}, dir.path);
    CHECK(group.exit_code == 0);
    CHECK(group.out.starts_with("usage: claw-port sessions <command> [arguments]\n"));
    for (const std::string sub : {"list", "show", "rm", "prune", "copy"}) {
        INFO(sub);
        CHECK(group.out.find("\n  " + sub + " ") != std::string::npos);
        const auto h = port({"sessions", sub, "--help"}, dir.path);
        CHECK(h.exit_code == 0);
        CHECK(h.out.starts_with("usage: claw-port sessions " + sub));
    }
    CHECK(port({"sessions", "prune", "--help"}, dir.path).out.find("--older-than") != std::string::npos);
    CHECK(port({"sessions", "copy", "--help"}, dir.path).out.find("--to-scope") != std::string::npos);
    CHECK(port({"bootstrap", "--help"}, dir.path).out.find("--resume") != std::string::npos);
}

// ------------------------------------------------------------------ PostgreSQL (cli.postgres)

TEST_CASE("sessions: every subcommand and bootstrap --resume on a postgres: store", "[cli][sessions][postgres]") {
    const claw::test::temp_dir dir("claw-cli-pg");
    require_postgres(dir.path);
    const std::string scope = fresh_scope();
    check_every_subcommand({"postgres", {"--store", "postgres:", "--scope", scope}}, dir.path);
    // Scopes partition the sessions; the locator names the database and the scope.
    const auto r = port({"--store", "postgres:", "--scope", scope, "flush-transcript", "x"}, dir.path);
    CHECK(r.out.starts_with("postgres:postgres/" + scope + "#"));
    CHECK(listed_ids({"postgres", {"--store", "postgres:", "--scope", fresh_scope()}}, dir.path).empty());
    CHECK(listed_ids({"postgres", {"--store", "postgres:", "--scope", scope}}, dir.path).size() == 1);
}

TEST_CASE("sessions copy: file -> sqlite -> postgres -> file keeps the reference's bytes (postgres)",
          "[cli][sessions][migration][postgres]") {
    const claw::test::temp_dir dir("claw-cli-pg-migrate");
    require_postgres(dir.path);
#if CLAW_TEST_HAVE_SQLITE
    const std::string scope = fresh_scope();
    const std::string nul = session_with_nul();
    reference_folder(dir.path / "from");
    auto r = port({"--store", "file:from", "sessions", "copy", "--to", "sqlite:s.db"}, dir.path);
    CHECK(r.exit_code == 0);
    CHECK(r.out.ends_with("copied 8 of 8 sessions to sqlite:s.db\n"));
    // PostgreSQL cannot hold U+0000: that session is refused, named, and the copy goes on.
    r = port({"--store", "sqlite:s.db", "--scope", scope, "sessions", "copy", "--to", "postgres:"}, dir.path);
    CHECK(r.exit_code == 1);
    CHECK(r.out.ends_with("copied 7 of 8 sessions to postgres:postgres/" + scope + "\n"));
    CHECK(r.out.find("copied " + nul + "\n") == std::string::npos);
    CHECK(one_line(r.err));
    CHECK(r.err.starts_with("claw-port: sessions copy: " + nul + " was not copied: "));
    CHECK(r.err.find("U+0000") != std::string::npos);
    for (const auto& id : reference_ids()) {
        if (id == nul) continue;
        r = port({"--store", "postgres:", "--scope", scope, "sessions", "show", id}, dir.path);
        CLAW_REQUIRE_SAME_BYTES(r.out, claw::test::read_file(claw::test::data_dir() / "session_files" / (id + ".json")));
    }
    r = port({"--store", "postgres:", "--scope", scope, "sessions", "copy", "--to", "file:to"}, dir.path);
    CHECK(r.exit_code == 0);
    CHECK(r.out.ends_with("copied 7 of 7 sessions to file:to\n"));
    check_same_files(dir.path / "to", nul);
    // The one PostgreSQL refused comes straight from SQLite: the folder is whole again.
    r = port({"--store", "sqlite:s.db", "sessions", "copy", "--to", "file:to", nul}, dir.path);
    CHECK(r.exit_code == 0);
    check_same_files(dir.path / "to");
    // Between scopes: --to-scope.
    const std::string other = fresh_scope();
    r = port({"--store", "postgres:", "--scope", scope, "sessions", "copy", "--to", "postgres:", "--to-scope", other},
             dir.path);
    CHECK(r.exit_code == 0);
    CHECK(listed_ids({"postgres", {"--store", "postgres:", "--scope", other}}, dir.path).size() == 7);
#else
    FAIL("this build has no SQLite: the file -> sqlite -> postgres -> file round trip cannot run");
#endif
}

TEST_CASE("sessions: a postgres password=secret never appears in output or errors (postgres)",
          "[cli][sessions][postgres]") {
    const claw::test::temp_dir dir("claw-cli-pg-pw");  // no "secret" in the path the report shows
    require_postgres(dir.path);
    const std::string scope = fresh_scope();
    const char* host = std::getenv("PGHOST");
    const std::vector<std::string> urls{
        "postgres:password=secret",
        std::string("postgres:postgresql://postgres:secret@/postgres?host=") + (host ? host : "/tmp"),
    };
    for (const auto& url : urls) {
        INFO(url);
        const std::vector<std::string> g{"--store", url, "--scope", scope};
        std::string all;
        auto run = [&](const std::vector<std::string>& args) {
            const auto r = port(with(g, args), dir.path);
            all += r.out + r.err;
            return r;
        };
        auto r = run({"flush-transcript", "hello"});
        CHECK(r.exit_code == 0);
        const std::string id = id_in(r.out);
        CHECK(run({"sessions", "list"}).exit_code == 0);
        CHECK(run({"sessions", "show", id}).exit_code == 0);
        CHECK(run({"load-session", id}).exit_code == 0);
        CHECK(run({"bootstrap", "review", "--resume", "latest"}).exit_code == 0);
        CHECK(run({"bootstrap", "review", "--resume", "missing"}).exit_code == 1);
        CHECK(run({"sessions", "rm", "missing"}).exit_code == 1);
        CHECK(run({"sessions", "copy", "--to", url, "--to-scope", fresh_scope()}).exit_code == 0);
        CHECK(run({"sessions", "copy", "--to", "memory:"}).exit_code == 0);
        CHECK(run({"sessions", "prune", "--older-than", "0"}).exit_code == 0);
        CHECK(all.find("postgres/" + scope) != std::string::npos);  // the locators were printed
        INFO(all);
        CHECK(all.find("secret") == std::string::npos);
    }
}
