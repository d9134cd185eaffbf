// SPDX-License-Identifier: MIT
// How the backend tests get a fresh store of each kind, and the PostgreSQL availability rule:
// a test that needs the server and cannot reach it FAILS when CLAW_REQUIRE_POSTGRES=1, and
// otherwise ends the process with exit code 77 (CTest's skip) after saying why.
#pragma once

#include <claw/session.hpp>
#include <claw/session/sqlite_store.hpp>
#if CLAW_TEST_HAVE_POSTGRES
#include <claw/session/postgres_store.hpp>
#endif

#include "../../support/test_support.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

namespace claw::test {

/** True when `s` holds no control character: a one-line message. */
inline bool one_line(std::string_view s) {
    for (const char c : s)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return false;
    return true;
}

inline bool postgres_required() {
    const char* v = std::getenv("CLAW_REQUIRE_POSTGRES");
    return v && std::string_view(v) == "1";
}

/** Fails (required) or exits 77 (not required) unless a PostgreSQL server is reachable. */
inline void require_postgres_server() {
#if CLAW_TEST_HAVE_POSTGRES
    static int state = 0;  // 0 unknown, 1 reachable
    if (state == 1) return;
    std::string why;
    try {
        claw::postgres_store probe("", "probe");
        (void)probe.contains("probe");
        state = 1;
        return;
    } catch (const claw::error& e) {
        why = e.what();
    }
    if (postgres_required()) FAIL("CLAW_REQUIRE_POSTGRES=1 but no PostgreSQL server is reachable: " << why);
    std::fprintf(stderr, "skipping the PostgreSQL tests: no server reachable (%s); set PGHOST etc. or run ctest\n",
                 why.c_str());
    std::fflush(stderr);
    std::_Exit(77);
#else
    if (postgres_required()) FAIL("CLAW_REQUIRE_POSTGRES=1 but this build has no libpq");
    std::fprintf(stderr, "skipping the PostgreSQL tests: built without libpq\n");
    std::_Exit(77);
#endif
}

/** Makes fresh, empty stores of type S that live as long as the maker. */
template <class S>
struct store_maker;

template <>
struct store_maker<claw::memory_store> {
    static constexpr const char* name = "memory";
    claw::memory_store make() { return {}; }
};

template <>
struct store_maker<claw::json_file_store> {
    static constexpr const char* name = "file";
    temp_dir dir{"claw-contract-file"};
    int n = 0;
    claw::json_file_store make() { return claw::json_file_store(dir.path / ("s" + std::to_string(n++)), claw::durability::none); }
};

template <>
struct store_maker<claw::sqlite_store> {
    static constexpr const char* name = "sqlite";
    temp_dir dir{"claw-contract-sqlite"};
    int n = 0;
    claw::sqlite_store make() { return claw::sqlite_store(dir.path / ("s" + std::to_string(n++) + ".db"), claw::durability::none); }
};

#if CLAW_TEST_HAVE_POSTGRES
template <>
struct store_maker<claw::postgres_store> {
    static constexpr const char* name = "postgres";
    claw::postgres_store make() {
        require_postgres_server();
        return claw::postgres_store("", "test-" + claw::new_session_id());  // a fresh scope: an empty store
    }
};
#endif


// n processes each add `per` to input_tokens of one session with a load_versioned / save_if
// retry loop; returns the conflicts seen (the final count is checked by the caller).
template <class MakeStore>
inline int concurrent_increments(MakeStore make, int processes, int per) {
    std::vector<pid_t> pids;
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    for (int p = 0; p < processes; ++p) {
        const pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            ::close(fds[0]);
            int conflicts = 0, code = 0;
            try {
                auto store = make();
                for (int i = 0; i < per; ++i) {
                    for (;;) {
                        claw::versioned_session v = store.load_versioned("counter");
                        ++v.session.input_tokens;
                        v.session.messages.push_back(claw::test::cat("p", p));
                        if (v.session.messages.size() > 4) v.session.messages.erase(v.session.messages.begin());
                        if (store.save_if(v.session, v.revision)) break;
                        ++conflicts;
                    }
                }
            } catch (const std::exception& e) {
                std::fprintf(stderr, "child %d: %s\n", p, e.what());
                code = 1;
            }
            (void)!::write(fds[1], &conflicts, sizeof conflicts);
            ::_exit(code);
        }
        pids.push_back(pid);
    }
    ::close(fds[1]);
    int total = 0;
    for (const pid_t pid : pids) {
        int status = 0;
        REQUIRE(::waitpid(pid, &status, 0) == pid);
        CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 0));
    }
    int c = 0;
    while (::read(fds[0], &c, sizeof c) == static_cast<ssize_t>(sizeof c)) total += c;
    ::close(fds[0]);
    return total;
}
}  // namespace claw::test
