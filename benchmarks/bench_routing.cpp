// SPDX-License-Identifier: MIT
// Inventories at scale: loading and indexing generated files (100,000 ordinary entries; one
// entry of 60 MB), routing over 100,000 entries, and prompts of 100,000 distinct words.
// The memory these loads take is measured by inventory_memory.cpp (claw_inventory_memory).
#include "inventory_files.hpp"

#include <claw/routing.hpp>

#include <benchmark/benchmark.h>

#include <filesystem>
#include <random>
#include <string>
#include <unistd.h>

namespace {

// Generated once per process in a private temporary folder, removed at exit.
struct inventory_file {
    std::filesystem::path path;
    std::size_t bytes = 0;
    inventory_file(const std::string& name, const std::string& text)
        : path(std::filesystem::temp_directory_path() /
               ("claw-bench-" + std::to_string(::getpid()) + "-" + name + ".json")),
          bytes(text.size()) {
        claw::bench::write_inventory_file(path, text);
    }
    ~inventory_file() {
        std::error_code ec;
        std::filesystem::remove(path, ec);
    }
};

void load(benchmark::State& state, const inventory_file& file, std::size_t expected) {
    for (auto _ : state) {
        const claw::inventory inv = claw::load_inventory(file.path);
        if (inv.size() != expected) state.SkipWithError("wrong number of entries");
        benchmark::DoNotOptimize(inv.size());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(file.bytes));
    state.counters["file_MB"] = static_cast<double>(file.bytes) / 1e6;
}

void load_100000_entries(benchmark::State& state) {
    static const inventory_file file("ordinary-100000", claw::bench::ordinary_inventory_json(100000));
    load(state, file, 100000);
}
BENCHMARK(load_100000_entries)->Name("routing/load_inventory/100000_entries")->Unit(benchmark::kMillisecond);

void load_one_entry_words(benchmark::State& state) {
    static const inventory_file file("one-entry-words", claw::bench::one_entry_inventory_json(60u << 20, false));
    load(state, file, 1);
}
BENCHMARK(load_one_entry_words)->Name("routing/load_inventory/one_entry_60MB/words")->Unit(benchmark::kMillisecond);

void load_one_entry_letters(benchmark::State& state) {
    static const inventory_file file("one-entry-letters", claw::bench::one_entry_inventory_json(60u << 20, true));
    load(state, file, 1);
}
BENCHMARK(load_one_entry_letters)->Name("routing/load_inventory/one_entry_60MB/random_letters")->Unit(benchmark::kMillisecond);

// Two inventories of 50,000 entries each, the commands' names in the commands' style.
const std::pair<claw::inventory, claw::inventory>& inventory_100000() {
    static const auto inv = [] {
        return std::pair{claw::inventory::from_json(claw::bench::ordinary_inventory_json(50000, 2)),
                         claw::inventory::from_json(claw::bench::ordinary_inventory_json(50000, 3))};
    }();
    return inv;
}

// 100,000 distinct words: a third are words of the inventories (alone or joined), the rest
// do not occur anywhere.
std::string distinct_words_prompt(std::size_t n) {
    std::mt19937_64 rng(n);
    std::string prompt;
    for (std::size_t i = 0; i < n; ++i) {
        if (i) prompt += ' ';
        // "fetch123" (in some name), "x123q" (nowhere), "fetchzz123" (nowhere, but shares sequences).
        const char* w = claw::bench::inventory_words[rng() % claw::bench::inventory_word_count];
        prompt.append(i % 3 == 1 ? "x" : w);
        if (i % 3 == 2) prompt.append("zz");
        prompt.append(std::to_string(i));
        if (i % 3 == 1) prompt.append("q");
    }
    return prompt;
}

void route_100000_entries(benchmark::State& state) {
    const auto& [commands, tools] = inventory_100000();
    for (auto _ : state) benchmark::DoNotOptimize(claw::route_prompt("review the web fetch output", commands, tools, 5));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(route_100000_entries)->Name("route_prompt/100000_entries/5_tokens")->Unit(benchmark::kMicrosecond);

// 200 commands and 200 tools of the generated kind.
const std::pair<claw::inventory, claw::inventory>& inventory_400() {
    static const auto inv = [] {
        return std::pair{claw::inventory::from_json(claw::bench::ordinary_inventory_json(200, 4)),
                         claw::inventory::from_json(claw::bench::ordinary_inventory_json(200, 5))};
    }();
    return inv;
}

void route_distinct_words(benchmark::State& state, const std::pair<claw::inventory, claw::inventory>& inv) {
    static const std::string prompt = distinct_words_prompt(100000);
    for (auto _ : state) benchmark::DoNotOptimize(claw::route_prompt(prompt, inv.first, inv.second, 5));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(prompt.size()));
}
void route_400_distinct_words(benchmark::State& state) { route_distinct_words(state, inventory_400()); }
BENCHMARK(route_400_distinct_words)->Name("route_prompt/400_entries/100000_distinct_words")->Unit(benchmark::kMillisecond);
void route_100000_distinct_words(benchmark::State& state) { route_distinct_words(state, inventory_100000()); }
BENCHMARK(route_100000_distinct_words)
    ->Name("route_prompt/100000_entries/100000_distinct_words")
    ->Unit(benchmark::kMillisecond);

// A crafted pair: an entry of 4 MiB of 'a' then "b", and a token of 3,000 'a' then "b" (both of
// its three-byte sequences are in the entry, so the entry has to be searched). A plain search
// compares O(entry x token) bytes here; the router's is linear.
void route_crafted_long_token(benchmark::State& state) {
    static const claw::inventory tools{{"Crafted", "", std::string(4u << 20, 'a') + "b"}};
    static const std::string prompt = std::string(3000, 'a') + "b";
    for (auto _ : state) {
        const auto matches = claw::route_prompt(prompt, claw::inventory{}, tools, 5);
        if (matches.size() != 1) state.SkipWithError("the crafted entry was not found");
        benchmark::DoNotOptimize(matches.data());
    }
}
BENCHMARK(route_crafted_long_token)->Name("route_prompt/crafted/4MiB_entry/3000_byte_token")->Unit(benchmark::kMillisecond);

void prompt_tokens_distinct_words(benchmark::State& state) {
    static const std::string prompt = distinct_words_prompt(100000);
    for (auto _ : state) benchmark::DoNotOptimize(claw::prompt_tokens(prompt));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(prompt.size()));
}
BENCHMARK(prompt_tokens_distinct_words)->Name("prompt_tokens/100000_distinct_words")->Unit(benchmark::kMillisecond);

}  // namespace
