// SPDX-License-Identifier: MIT
#include "stores.hpp"

#include <claw/text/repr.hpp>

namespace claw_port {

namespace {

constexpr std::string_view known_urls = "file:DIR, memory:, sqlite:PATH or postgres:CONNINFO";

// The scheme of `url` when it looks like one (a letter, then letters, digits, '+', '-', '.'),
// else empty: only such a scheme is ever repeated in a message.
std::string_view scheme_of(std::string_view url) {
    const auto colon = url.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 16) return {};
    const std::string_view s = url.substr(0, colon);
    const auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    if (!letter(s[0])) return {};
    for (const char c : s)
        if (!letter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') return {};
    return s;
}

[[maybe_unused]] [[noreturn]] void not_built(std::string_view option, std::string_view what, std::string_view package) {
    throw usage_error("argument " + std::string(option) + ": this claw-port was built without " + std::string(what) +
                      " (" + std::string(package) + " was not found when it was configured)");
}

}  // namespace

bool is_postgres_url(std::string_view url) { return url.starts_with("postgres:"); }

store_handle open_store(std::string_view url, const std::string& scope, std::string_view option) {
    const std::string opt(option);
    if (url.starts_with("file:")) {
        const std::string dir(url.substr(5));
        if (dir.empty()) throw usage_error("argument " + opt + ": file: needs a folder, e.g. file:.port_sessions");
        return {claw::json_file_store(dir), "file:" + dir};
    }
    if (url.starts_with("memory:")) {
        if (url.size() != 7)
            throw usage_error("argument " + opt + ": memory: takes nothing after the colon (it keeps sessions in this "
                              "process only)");
        return {claw::memory_store(), "memory:"};
    }
    if (url.starts_with("sqlite:")) {
        const std::string path(url.substr(7));
        if (path.empty()) throw usage_error("argument " + opt + ": sqlite: needs a database file, e.g. sqlite:sessions.db");
#if CLAW_PORT_HAVE_SQLITE
        return {claw::sqlite_store(path), "sqlite:" + path};
#else
        not_built(option, "SQLite", "libsqlite3-dev");
#endif
    }
    if (is_postgres_url(url)) {
#if CLAW_PORT_HAVE_POSTGRES
        try {
            claw::postgres_store pg(std::string(url.substr(9)), scope);
            std::string shown = "postgres:" + pg.database_name() + "/" + scope;
            return {std::move(pg), std::move(shown)};
        } catch (const claw::session_error& e) {
            // The conninfo does not parse, or the scope is not valid UTF-8: the cause, never the text.
            std::string cause = e.what();
            const std::string prefix = "session " + e.source() + ": ";
            if (cause.starts_with(prefix)) cause.erase(0, prefix.size());
            throw usage_error("argument " + opt + ": " + cause);
        }
#else
        (void)scope;
        not_built(option, "PostgreSQL", "libpq-dev");
#endif
    }
    const std::string_view scheme = scheme_of(url);
    if (scheme.empty())
        throw usage_error("argument " + opt + ": a store URL is one of " + std::string(known_urls) +
                          " (the value given is not repeated: it may hold a password)");
    throw usage_error("argument " + opt + ": unknown store " + claw::text::repr(std::string(scheme) + ":") +
                      " (use " + std::string(known_urls) + ")");
}

}  // namespace claw_port
