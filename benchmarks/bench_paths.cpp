// SPDX-License-Identifier: MIT
// The paths and domains modules: lexical normalisation; deny matching of a normalised path
// against 16 and 1,000 patterns without symlink resolution; the cost of resolution on its own and
// in a full candidate check; URL host parsing and domain matching against 16 and 1,000 patterns;
// compiling pattern sets. Every query benchmark cycles through 64 inputs, half of them hits.
#include <claw/domains.hpp>
#include <claw/paths.hpp>

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

namespace {

// A realistic mix of path-rule specifiers: names at any depth, folders, anchored trees,
// absolute and home paths, extensions, literal starts.
std::vector<std::string> path_specs(std::size_t n) {
    std::vector<std::string> v;
    for (std::size_t i = 0; i < n; ++i) {
        const std::string k = std::to_string(i);
        switch (i % 20) {
            case 0: case 1: case 2: v.push_back("secret" + k + ".txt"); break;
            case 3: case 4: case 5: v.push_back(".env" + k); break;
            case 6: case 7: case 8: case 9: v.push_back("build" + k + "/**"); break;
            case 10: case 11: case 12: v.push_back("./src/mod" + k + "/**"); break;
            case 13: case 14: v.push_back("//etc/app" + k + "/**"); break;
            case 15: case 16: v.push_back("*.ext" + k); break;
            case 17: v.push_back("cache" + k + "*"); break;
            case 18: v.push_back("~/.config/tool" + k + "/**"); break;
            default: v.push_back("./docs/v" + k + "/**/*.md"); break;
        }
    }
    return v;
}

// Paths that hit a pattern of the first `n`, and paths that miss them all.
std::vector<std::string> path_queries(std::size_t n) {
    std::mt19937_64 rng(7);
    std::vector<std::string> q;
    for (int i = 0; i < 64; ++i) {
        const std::string k = std::to_string(rng() % n);
        if (i % 2 == 0) {
            switch (rng() % 6) {
                case 0: q.push_back("/w/proj/a/b/secret" + k + ".txt"); break;
                case 1: q.push_back("/w/proj/.env" + k); break;
                case 2: q.push_back("/w/proj/x/build" + k + "/out/lib.o"); break;
                case 3: q.push_back("/w/proj/src/mod" + k + "/main.cpp"); break;
                case 4: q.push_back("/etc/app" + k + "/config.yaml"); break;
                default: q.push_back("/w/proj/data/file.ext" + k); break;
            }
        } else {
            q.push_back("/w/proj/src/component" + std::to_string(rng() % 1000) + "/impl/file" + k + ".cpp");
        }
    }
    return q;
}

const claw::paths::anchor_context& fixed_anchors() {
    static const claw::paths::anchor_context a({"/w/proj", "/home/u", "/w/proj"}, false);
    return a;
}

void normalize_bench(benchmark::State& state, std::vector<std::string> inputs, claw::paths::path_syntax syntax) {
    claw::paths::path_buffer out;
    claw::paths::normalize_options o;
    o.cwd = "/w/proj";
    o.home = "/home/u";
    o.syntax = syntax;
    std::size_t i = 0;
    for (auto _ : state) {
        const auto r = claw::paths::normalize(inputs[i++ % inputs.size()], o, out);
        benchmark::DoNotOptimize(r);
        benchmark::DoNotOptimize(out.size());
    }
    state.SetItemsProcessed(state.iterations());
}

void match_bench(benchmark::State& state, std::size_t n, bool fold) {
    const auto set = claw::paths::pattern_set::compile(path_specs(n), fixed_anchors());
    const auto q = path_queries(n);
    std::size_t i = 0, hits = 0;
    for (auto _ : state) hits += set.match(q[i++ % q.size()], fold) != claw::paths::pattern_set::npos;
    benchmark::DoNotOptimize(hits);
    state.SetItemsProcessed(state.iterations());
    state.counters["hit_rate"] = static_cast<double>(hits) / static_cast<double>(state.iterations());
}

/** A tree under /tmp that the resolution benchmarks walk: T/w/proj/... with one link. */
struct bench_tree {
    std::string root;
    bench_tree() {
        root = (std::filesystem::temp_directory_path() / ("claw-bench-paths-" + std::to_string(::getpid()))).string();
        std::filesystem::create_directories(root + "/w/proj/src/module/impl");
        std::filesystem::create_directories(root + "/real/data");
        std::filesystem::create_symlink(root + "/real/data", root + "/w/proj/data");
        root = std::filesystem::canonical(root).string();
    }
    ~bench_tree() {
        std::error_code ec;
        std::filesystem::remove_all(root, ec);
    }
};
bench_tree& tree() {
    static bench_tree t;
    return t;
}

void resolve_bench(benchmark::State& state, const std::string& rel) {
    const std::string p = tree().root + rel;
    auto r = std::make_unique<claw::paths::resolution>();
    for (auto _ : state) {
        const auto st = claw::paths::resolve(p, *r);
        benchmark::DoNotOptimize(st);
    }
    state.SetItemsProcessed(state.iterations());
    state.counters["hops"] = static_cast<double>(r->hop_count());
}

void candidates_bench(benchmark::State& state, std::size_t n, bool resolve) {
    const std::string cwd = tree().root + "/w/proj";
    const claw::paths::anchor_context anchors({cwd, "/home/u", cwd});
    const auto set = claw::paths::pattern_set::compile(path_specs(n), anchors);
    const std::vector<std::string> inputs = {"src/module/impl/main.cpp", "data/secret3.txt", "../x/../w/proj/.env4",
                                             "src/module/../../build8/o.o"};
    auto c = std::make_unique<claw::paths::candidate_set>();
    claw::paths::candidate_options o;
    o.cwd = cwd;
    o.home = "/home/u";
    o.resolve = resolve;
    std::size_t i = 0, hits = 0;
    for (auto _ : state) {
        claw::paths::build_candidates(inputs[i++ % inputs.size()], o, *c);
        hits += claw::paths::first_match_any_candidate(*c, set, true) != claw::paths::pattern_set::npos;
    }
    benchmark::DoNotOptimize(hits);
    state.SetItemsProcessed(state.iterations());
}

std::vector<std::string> domain_specs(std::size_t n) {
    std::vector<std::string> v;
    for (std::size_t i = 0; i < n; ++i) {
        const std::string k = std::to_string(i);
        switch (i % 5) {
            case 0: v.push_back("*.corp" + k + ".example.com"); break;
            case 1: v.push_back("api" + k + ".service.io"); break;
            case 2: v.push_back("cdn" + k + ".*"); break;
            case 3: v.push_back("docs" + k + ".example.org"); break;
            default: v.push_back("10." + std::to_string(i % 256) + ".0." + std::to_string(i % 200)); break;
        }
    }
    return v;
}

std::vector<std::string> urls(std::size_t n) {
    std::mt19937_64 rng(11);
    std::vector<std::string> q;
    for (int i = 0; i < 64; ++i) {
        const std::string k = std::to_string((rng() % (n / 5 + 1)) * 5);
        if (i % 2 == 0) {
            q.push_back(i % 4 == 0 ? "https://build.corp" + k + ".example.com/v1/items?page=2"
                                   : "https://user@api" + std::to_string(std::stoul(k) + 1) + ".service.io:8443/x");
        } else {
            q.push_back("https://www.unrelated" + std::to_string(rng() % 100000) + ".net/some/path");
        }
    }
    return q;
}

void url_bench(benchmark::State& state, std::size_t n) {
    const auto set = claw::domains::domain_pattern_set::compile(domain_specs(n));
    const auto q = urls(n);
    std::size_t i = 0, hits = 0;
    for (auto _ : state) {
        const auto h = claw::domains::parse_url_host(q[i++ % q.size()]);
        hits += set.match(h.host()) != claw::domains::domain_pattern_set::npos;
    }
    benchmark::DoNotOptimize(hits);
    state.SetItemsProcessed(state.iterations());
    state.counters["hit_rate"] = static_cast<double>(hits) / static_cast<double>(state.iterations());
}

const bool registered = [] {
    benchmark::RegisterBenchmark("paths/normalize/relative", normalize_bench,
                                 std::vector<std::string>{"src/module/../lib/./file.cpp", "a/b/c", "./README.md",
                                                          "../sibling/x", "src//x/y/z/w.h"},
                                 claw::paths::path_syntax::posix);
    benchmark::RegisterBenchmark("paths/normalize/absolute", normalize_bench,
                                 std::vector<std::string>{"/w/proj/src/main.cpp", "/etc//passwd", "/tmp/../etc/shadow",
                                                          "/home/u/.ssh/id_rsa", "/usr/lib/x86_64-linux-gnu/libc.so.6"},
                                 claw::paths::path_syntax::posix);
    benchmark::RegisterBenchmark("paths/normalize/windows", normalize_bench,
                                 std::vector<std::string>{"C:\\Users\\u\\proj\\src\\main.cpp", "\\\\?\\C:\\x\\..\\y",
                                                          "src\\module\\file.h", "\\\\server\\share\\dir\\f"},
                                 claw::paths::path_syntax::windows);
    for (const std::size_t n : {std::size_t{16}, std::size_t{1000}}) {
        const std::string tag = std::to_string(n);
        benchmark::RegisterBenchmark(("paths/match/" + tag + "/no_fold").c_str(), match_bench, n, false);
        benchmark::RegisterBenchmark(("paths/match/" + tag + "/fold").c_str(), match_bench, n, true);
        benchmark::RegisterBenchmark(("paths/deny_check/" + tag + "/lexical_only").c_str(), candidates_bench, n, false);
        benchmark::RegisterBenchmark(("paths/deny_check/" + tag + "/resolved").c_str(), candidates_bench, n, true);
        benchmark::RegisterBenchmark(("domains/parse_and_match/" + tag).c_str(), url_bench, n);
    }
    benchmark::RegisterBenchmark("paths/resolve/no_link_depth_6", resolve_bench, std::string("/w/proj/src/module/impl/main.cpp"));
    benchmark::RegisterBenchmark("paths/resolve/one_link", resolve_bench, std::string("/w/proj/data/secret.txt"));
    benchmark::RegisterBenchmark("domains/parse_url_host", [](benchmark::State& state) {
        const auto q = urls(16);
        std::size_t i = 0;
        for (auto _ : state) {
            const auto h = claw::domains::parse_url_host(q[i++ % q.size()]);
            benchmark::DoNotOptimize(h.host().size());
        }
        state.SetItemsProcessed(state.iterations());
    });
    for (const std::size_t n : {std::size_t{1000}, std::size_t{10000}}) {
        benchmark::RegisterBenchmark(("paths/compile_set/" + std::to_string(n)).c_str(), [n](benchmark::State& state) {
            const auto specs = path_specs(n);
            for (auto _ : state) benchmark::DoNotOptimize(claw::paths::pattern_set::compile(specs, fixed_anchors()).size());
        })->Unit(benchmark::kMillisecond);
        benchmark::RegisterBenchmark(("paths/compile_set_canonical/" + std::to_string(n)).c_str(), [n](benchmark::State& state) {
            const std::string cwd = tree().root + "/w/proj";
            const claw::paths::anchor_context anchors({cwd, tree().root, cwd});  // canonicalised once
            const auto specs = path_specs(n);
            for (auto _ : state) benchmark::DoNotOptimize(claw::paths::pattern_set::compile(specs, anchors).size());
        })->Unit(benchmark::kMillisecond);
        benchmark::RegisterBenchmark(("domains/compile_set/" + std::to_string(n)).c_str(), [n](benchmark::State& state) {
            const auto specs = domain_specs(n);
            for (auto _ : state) benchmark::DoNotOptimize(claw::domains::domain_pattern_set::compile(specs).size());
        })->Unit(benchmark::kMillisecond);
    }
    return true;
}();

}  // namespace
