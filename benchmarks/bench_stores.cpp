// SPDX-License-Identifier: MIT
// The session stores side by side: save, load and list of a small session on every store, list
// of 100,000 sessions, and SQLite with and without fsync. The database stores are measured when
// the build found their library (CLAW_BENCH_HAVE_SQLITE / CLAW_BENCH_HAVE_POSTGRES); PostgreSQL
// only when CLAW_BENCH_POSTGRES is set (a libpq conninfo; empty = the PG* environment) and the
// server answers, since a benchmark run must not need a server.
#include <claw/session.hpp>
#if CLAW_BENCH_HAVE_SQLITE
#include <claw/session/sqlite_store.hpp>

#include <sqlite3.h>
#endif
#if CLAW_BENCH_HAVE_POSTGRES
#include <claw/session/postgres_store.hpp>

#include <libpq-fe.h>
#endif

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace {

namespace fs = std::filesystem;

const fs::path& bench_root() {
    static const fs::path dir = [] {
        auto d = fs::temp_directory_path() / ("claw-bench-stores-" + claw::new_session_id());
        fs::create_directories(d);
        return d;
    }();
    return dir;
}

// Removes the benchmark folder at exit.
struct cleanup {
    ~cleanup() {
        std::error_code ec;
        fs::remove_all(bench_root(), ec);
    }
} const cleanup_at_exit;

// "<prefix><n>" (built with += : g++ 12 -O3 gives a false -Wrestrict on "s" + std::to_string(n)).
std::string numbered(const char* prefix, int n) {
    std::string id = prefix;
    id += std::to_string(n);
    return id;
}

claw::stored_session small_session(const std::string& id) {
    claw::stored_session s{id, {}, 120, 480};
    for (int i = 0; i < 8; ++i) s.messages.push_back(numbered("review the MCP tool and the session store, turn ", i));
    return s;
}

// Registers save / load / list(100 sessions) for one store, made by `make`.
template <class Store>
void register_basic(const std::string& name, std::function<std::unique_ptr<Store>()> make) {
    benchmark::RegisterBenchmark(("stores/" + name + "/save/messages:8").c_str(), [make](benchmark::State& state) {
        auto store = make();
        const auto s = small_session("bench-save");
        for (auto _ : state) benchmark::DoNotOptimize(store->save(s));
        state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
    })->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark(("stores/" + name + "/load/messages:8").c_str(), [make](benchmark::State& state) {
        auto store = make();
        (void)store->save(small_session("bench-load"));
        for (auto _ : state) benchmark::DoNotOptimize(store->load("bench-load"));
        state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
    })->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark(("stores/" + name + "/list/sessions:100").c_str(), [make](benchmark::State& state) {
        auto store = make();
        for (int i = 0; i < 100; ++i) (void)store->save(small_session(numbered("bench-list-", i)));
        for (auto _ : state) benchmark::DoNotOptimize(store->list());
        state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
    })->Unit(benchmark::kMicrosecond);
}

// Registers list() over 100,000 sessions; `fill` makes a store holding them (once).
template <class Store>
void register_big_list(const std::string& name, std::function<std::unique_ptr<Store>()> fill) {
    benchmark::RegisterBenchmark(("stores/" + name + "/list/sessions:100000").c_str(), [fill](benchmark::State& state) {
        static std::unique_ptr<Store> store = fill();
        std::size_t n = 0;
        for (auto _ : state) {
            auto all = store->list();
            n = all.size();
            benchmark::DoNotOptimize(all);
        }
        if (n != 100000) state.SkipWithError("the store does not hold 100,000 sessions");
        state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
    })->Unit(benchmark::kMillisecond)->Iterations(5);
}

const bool registered = [] {
    // memory_store
    register_basic<claw::memory_store>("memory", [] { return std::make_unique<claw::memory_store>(); });
    register_big_list<claw::memory_store>("memory", [] {
        auto store = std::make_unique<claw::memory_store>();
        for (int i = 0; i < 100000; ++i) (void)store->save({numbered("s", i), {"m"}, i, i});
        return store;
    });
    // json_file_store
    for (const auto mode : {claw::durability::none, claw::durability::fsync}) {
        const std::string name = mode == claw::durability::fsync ? "file_fsync" : "file";
        register_basic<claw::json_file_store>(name, [mode, name] {
            return std::make_unique<claw::json_file_store>(bench_root() / name, mode);
        });
    }
    register_big_list<claw::json_file_store>("file", [] {
        auto store = std::make_unique<claw::json_file_store>(bench_root() / "file-100k", claw::durability::none);
        for (int i = 0; i < 100000; ++i) (void)store->save({numbered("s", i), {"m"}, i, i});
        return store;
    });
#if CLAW_BENCH_HAVE_SQLITE
    for (const auto mode : {claw::durability::none, claw::durability::fsync}) {
        const std::string name = mode == claw::durability::fsync ? "sqlite_fsync" : "sqlite";
        register_basic<claw::sqlite_store>(name, [mode, name] {
            return std::make_unique<claw::sqlite_store>(bench_root() / (name + ".db"), mode);
        });
    }
    register_big_list<claw::sqlite_store>("sqlite", [] {
        const fs::path db = bench_root() / "sqlite-100k.db";
        auto store = std::make_unique<claw::sqlite_store>(db, claw::durability::none);
        (void)store->save({"s0", {"m"}, 0, 0});  // creates the schema
        sqlite3* h = nullptr;
        ::sqlite3_open(db.c_str(), &h);
        ::sqlite3_exec(h,
                       "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 99999) "
                       "INSERT INTO claw_sessions SELECT 's' || x, '[\"m\"]', 1, x, x, 1, 1700000000000 + x, "
                       "1700000000000 + x FROM c",
                       nullptr, nullptr, nullptr);
        ::sqlite3_close(h);
        return store;
    });
#endif
#if CLAW_BENCH_HAVE_POSTGRES
    if (const char* conninfo = std::getenv("CLAW_BENCH_POSTGRES")) {
        const std::string info = conninfo;
        try {
            claw::postgres_store probe(info, "bench-probe");
            (void)probe.contains("x");
            const std::string scope = "bench-" + claw::new_session_id();
            register_basic<claw::postgres_store>("postgres", [info, scope] {
                return std::make_unique<claw::postgres_store>(info, scope + "-basic");
            });
            register_big_list<claw::postgres_store>("postgres", [info, scope] {
                auto store = std::make_unique<claw::postgres_store>(info, scope + "-100k");
                PGconn* c = ::PQconnectdb(info.c_str());
                const std::string sql =
                    "INSERT INTO claw_sessions (scope, session_id, messages, message_count, input_tokens, "
                    "output_tokens, updated_at) SELECT '" + scope + "-100k', 's' || g, '[\"m\"]', 1, g, g, "
                    "now() - g * interval '1 second' FROM generate_series(1, 100000) g";
                for (const char* step : {sql.c_str(), "VACUUM ANALYZE claw_sessions"}) {  // as autovacuum would
                    PGresult* r = ::PQexec(c, step);
                    if (::PQresultStatus(r) != PGRES_COMMAND_OK)
                        std::fprintf(stderr, "bench_stores: %s\n", ::PQresultErrorMessage(r));
                    ::PQclear(r);
                }
                ::PQfinish(c);
                return store;
            });
        } catch (const claw::error& e) {
            std::fprintf(stderr, "bench_stores: PostgreSQL not measured: %s\n", e.what());
        }
    }
#endif
    return true;
}();

}  // namespace
