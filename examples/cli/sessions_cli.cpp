// SPDX-License-Identifier: MIT
#include "sessions_cli.hpp"

#include "output.hpp"

#include <claw/session.hpp>
#include <claw/text/repr.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

namespace claw_port {

namespace {

// Beyond this many days every time a store can hold is newer than the cutoff (273 years); larger
// values are read as this one, so that the cutoff never leaves the clock's range.
constexpr long long max_days = 100000;

long long non_negative(const parsed_args& a, std::string_view option) {
    const long long v = integer_option(a, option);
    if (v < 0) throw usage_error("argument " + std::string(option) + ": must not be negative, got " + std::to_string(v));
    return v;
}

std::string or_dash(const auto& optional_value) {
    return optional_value ? std::to_string(*optional_value) : std::string("-");
}

// One line of `sessions list`: id, messages, tokens, updated time, separated by tabs.
std::string summary_line(const claw::session_summary& s) {
    return s.session_id + "\t" + or_dash(s.message_count) + "\tin=" + or_dash(s.input_tokens) +
           " out=" + or_dash(s.output_tokens) + "\t" + utc_iso8601(s.updated_at);
}

// Every id must be valid before anything is changed: one bad id changes nothing.
void require_valid_ids(const std::vector<std::string>& ids, const std::string& shown) {
    for (const std::string& id : ids) claw::require_valid_session_id(id, shown);
}

// True when a failure concerns one session (it cannot be stored there, it is missing or
// malformed) rather than the store itself (I/O, the database, the connection).
bool about_one_session(const claw::session_error& e) {
    return e.code().category() == claw::claw_category() && e.code() != claw::errc::outcome_unknown &&
           e.code() != claw::errc::not_durable;
}

int list(store_handle& h) {
    std::visit(
        [&](auto& store) {
            for (const claw::session_summary& s : store.list()) print(summary_line(s));
        },
        h.store);
    return 0;
}

int show(store_handle& h, const std::string& id) {
    std::visit([&](auto& store) { print_raw(claw::to_python_json(store.load(id))); }, h.store);
    return 0;
}

int remove(store_handle& h, const std::vector<std::string>& ids) {
    require_valid_ids(ids, h.shown);
    int rc = 0;
    std::visit(
        [&](auto& store) {
            for (const std::string& id : ids) {
                if (store.remove(id)) {
                    print("removed " + id);
                } else {
                    print_error("claw-port: ", "sessions rm: no session " + claw::text::repr(id) + " in " + h.shown);
                    rc = 1;
                }
            }
        },
        h.store);
    return rc;
}

int prune(const parsed_args& a, store_handle& h) {
    if (!a.text("--older-than")) throw usage_error("the following arguments are required: --older-than");
    const long long days = std::min(non_negative(a, "--older-than"), max_days);
    const long long keep = non_negative(a, "--keep");
    const auto cutoff = std::chrono::system_clock::now() - std::chrono::hours(24 * days);
    std::size_t removed = 0;
    std::visit(
        [&](auto& store) {
            removed = claw::prune_sessions(store, cutoff, static_cast<std::size_t>(keep), [](const claw::session_summary& s) {
                print("removed " + s.session_id + "\t" + utc_iso8601(s.updated_at));
            });
        },
        h.store);
    print("pruned " + std::to_string(removed) + (removed == 1 ? " session" : " sessions"));
    return 0;
}

int copy(const parsed_args& a, store_handle& from, const std::string& scope) {
    const std::string to_url = a.text("--to").value_or("");
    if (to_url.empty()) throw usage_error("the following arguments are required: --to");
    const std::string to_scope = a.text("--to-scope").value_or(scope);
    if (a.text("--to-scope") && !is_postgres_url(to_url))
        throw usage_error("argument --to-scope: only postgres: stores have a scope");
    store_handle to = open_store(to_url, to_scope, "--to");
    std::vector<std::string> ids = a.positionals;
    require_valid_ids(ids, from.shown);
    std::size_t copied = 0;
    int rc = 0;
    std::visit(
        [&](auto& src, auto& dst) {
            if (ids.empty()) {  // every session, oldest first: the destination's order follows
                const std::vector<claw::session_summary> all = src.list();
                for (auto it = all.rbegin(); it != all.rend(); ++it) ids.push_back(it->session_id);
            }
            for (const std::string& id : ids) {
                try {
                    const claw::stored_session s = src.load(id);
                    (void)dst.save(s);
                } catch (const claw::session_error& e) {
                    if (!about_one_session(e)) throw;  // the store itself failed: stop here
                    print_error("claw-port: ", "sessions copy: " + id + " was not copied: " + e.what());
                    rc = 1;
                    continue;
                }
                print("copied " + id);
                ++copied;
            }
        },
        from.store, to.store);
    print("copied " + std::to_string(copied) + " of " + std::to_string(ids.size()) +
          (ids.size() == 1 ? " session to " : " sessions to ") + to.shown);
    return rc;
}

}  // namespace

std::string utc_iso8601(std::chrono::system_clock::time_point t) {
    using namespace std::chrono;
    const auto ms = floor<milliseconds>(t);
    const auto secs = floor<seconds>(ms);
    const auto milli = (ms - secs).count();
    const std::time_t tt = static_cast<std::time_t>(secs.time_since_epoch().count());
    std::tm utc{};
    ::gmtime_r(&tt, &utc);
    char stamp[64];
    std::snprintf(stamp, sizeof stamp, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                  utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(milli));
    return stamp;
}

command_spec sessions_command() {
    return {
        "sessions",
        "list, show, remove, prune and copy stored sessions (on the store --store names)",
        {},
        {},
        {
            {"list",
             "list the stored sessions, newest first",
             {},
             {},
             {},
             "Prints one line per session, newest first, with tab-separated fields: the id, the number of\n"
             "messages, the tokens (in=N out=M) and the time of the last update in UTC (ISO 8601). '-' stands\n"
             "for what the store cannot tell without reading the transcript (a file: store never counts\n"
             "messages). The order and the time are the store's: file modification times for file:, the\n"
             "database's clock for sqlite: and postgres:."},
            {"show",
             "print one session exactly as the reference's session file holds it",
             {"session_id"},
             {},
             {},
             "Prints the reference's JSON bytes of the session (no newline is added), whatever the store:\n"
             "`claw-port sessions show ID > ID.json` reproduces the reference's file."},
            {"rm",
             "remove sessions",
             {"session_id..."},
             {},
             {},
             "Prints 'removed ID' for each session removed. Exits 1 when one of them did not exist (named\n"
             "on standard error); the others are removed all the same. An invalid id removes nothing."},
            {"prune",
             "remove the sessions last updated more than DAYS days ago",
             {},
             {{"--older-than", arg_kind::integer, "remove sessions last updated more than this many days ago (required)"},
              {"--keep", arg_kind::integer, "always keep this many of the newest sessions, whatever their age", "0"}},
             {},
             "Retention by the store's own update time (never by a file's access time). Prints\n"
             "'removed ID<TAB>UPDATED' for each session removed, then how many were removed."},
            {"copy",
             "copy sessions to another store (migration), all of them when no id is given",
             {"[session_id...]"},
             {{"--to", arg_kind::text, "the destination store URL, as for --store (required)"},
              {"--to-scope", arg_kind::text, "the scope of a postgres: destination (default: --scope)"}},
             {},
             "Copies the named sessions, or every session oldest first, to the store --to names (the last\n"
             "writer wins there). The reference's bytes are kept: `sessions show` gives the same output on\n"
             "either store. Prints 'copied ID' for each, then a total. A session the destination refuses\n"
             "(PostgreSQL cannot hold U+0000) or a missing one is named on standard error and the copy goes\n"
             "on (exit 1); a failure of either store stops it. Example, a JSON folder into SQLite:\n"
             "  claw-port --store file:.port_sessions sessions copy --to sqlite:.port_sessions/sessions.db"},
        },
        "Every subcommand works on the store --store (or --session-dir) names."};
}

int run_sessions(const parsed_args& a, store_handle& store, const std::string& scope) {
    const std::string_view sub = a.command->name;
    if (sub == "list") return list(store);
    if (sub == "show") return show(store, a.positionals[0]);
    if (sub == "rm") return remove(store, a.positionals);
    if (sub == "prune") return prune(a, store);
    if (sub == "copy") return copy(a, store, scope);
    throw usage_error("unknown sessions command '" + std::string(sub) + "'");
}

}  // namespace claw_port
