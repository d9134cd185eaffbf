// SPDX-License-Identifier: MIT
// Everything around the permission checks: routing over a 400-entry inventory, the session codec,
// the file store (with and without fsync), one engine submission and a whole bootstrap.
#include <claw/claw.hpp>

#include <benchmark/benchmark.h>

#include <filesystem>
#include <random>

#include <fcntl.h>
#include <unistd.h>

namespace {

const char* const words[] = {"file", "read", "write", "edit", "web", "fetch", "search", "task", "agent", "notebook",
                             "glob", "grep", "shell", "plan", "todo", "skill", "team", "cron", "remote", "config",
                             "review", "commit", "branch", "memory", "resume", "export", "model", "cost", "doctor",
                             "hooks", "context", "session", "server", "resource", "prompt", "output", "status", "theme"};

std::string sentence(std::mt19937_64& rng, int n) {
    std::string s;
    for (int i = 0; i < n; ++i) {
        if (i) s += ' ';
        s += words[rng() % std::size(words)];
    }
    return s;
}

// 200 commands and 200 tools with names, hints and descriptions of realistic length.
const std::pair<claw::inventory, claw::inventory>& inventory_400() {
    static const auto inv = [] {
        std::mt19937_64 rng(400);
        std::vector<claw::module_entry> commands, tools;
        for (int i = 0; i < 200; ++i) {
            const std::string c = std::string(words[rng() % std::size(words)]) + "-" + words[rng() % std::size(words)] +
                                  std::to_string(i);
            commands.push_back({c, sentence(rng, 6), "commands/" + c + "/index.ts"});
            std::string t = std::string(words[rng() % std::size(words)]) + words[rng() % std::size(words)] + "Tool" +
                            std::to_string(i);
            t[0] = static_cast<char>(t[0] - 32);
            tools.push_back({t, sentence(rng, 7), "tools/" + t + "/" + t + ".tsx"});
        }
        return std::pair{claw::inventory(commands), claw::inventory(tools)};
    }();
    return inv;
}

void route_prompt_400(benchmark::State& state) {
    const auto& [commands, tools] = inventory_400();
    for (auto _ : state) benchmark::DoNotOptimize(claw::route_prompt("review the web fetch output", commands, tools, 5));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(route_prompt_400)->Name("route_prompt/400_entries/5_tokens");

claw::stored_session session_of(std::size_t messages) {
    std::mt19937_64 rng(messages);
    claw::stored_session s{claw::new_session_id(), {}, 0, 0};
    for (std::size_t i = 0; i < messages; ++i) {
        // About 700 bytes per message, so 10,000 messages make a file of about 7 MB.
        std::string m = sentence(rng, 100);
        if (i % 5 == 0) m += " caf\u00e9 \u03a3 \"quoted\"\n";
        s.messages.push_back(std::move(m));
        s.input_tokens += 100;
        s.output_tokens += 400;
    }
    return s;
}

void codec_write(benchmark::State& state) {
    const auto s = session_of(static_cast<std::size_t>(state.range(0)));
    std::size_t bytes = 0;
    for (auto _ : state) {
        const std::string text = claw::to_python_json(s);
        bytes = text.size();
        benchmark::DoNotOptimize(text.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}
BENCHMARK(codec_write)->Name("to_python_json")->Arg(8)->Arg(10000)->Unit(benchmark::kMicrosecond);

void codec_read(benchmark::State& state) {
    const std::string text = claw::to_python_json(session_of(static_cast<std::size_t>(state.range(0))));
    for (auto _ : state) benchmark::DoNotOptimize(claw::session_from_json(text));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(codec_read)->Name("session_from_json")->Arg(8)->Arg(10000)->Unit(benchmark::kMicrosecond);

std::filesystem::path bench_dir() {
    static const auto dir = [] {
        auto d = std::filesystem::temp_directory_path() / ("claw-bench-" + claw::new_session_id());
        std::filesystem::create_directories(d);
        return d;
    }();
    return dir;
}

void store_save(benchmark::State& state) {
    const auto s = session_of(static_cast<std::size_t>(state.range(0)));
    claw::json_file_store store(bench_dir(), state.range(1) ? claw::durability::fsync : claw::durability::none);
    for (auto _ : state) benchmark::DoNotOptimize(store.save(s));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(store_save)
    ->Name("json_file_store/save")
    ->ArgNames({"messages", "fsync"})
    ->Args({8, 0})
    ->Args({8, 1})
    ->Args({10000, 0})
    ->Args({10000, 1})
    ->Unit(benchmark::kMicrosecond);

void store_load(benchmark::State& state) {
    const auto s = session_of(static_cast<std::size_t>(state.range(0)));
    claw::json_file_store store(bench_dir(), claw::durability::none);
    store.save(s);
    for (auto _ : state) benchmark::DoNotOptimize(store.load(s.session_id));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(store_load)->Name("json_file_store/load")->ArgNames({"messages"})->Arg(8)->Arg(10000)->Unit(benchmark::kMicrosecond);

void submit_message(benchmark::State& state) {
    claw::query_engine_config config;
    config.max_turns = std::numeric_limits<long long>::max();
    claw::basic_query_engine<claw::memory_store> engine({}, config);
    const std::vector<std::string> commands{"review"};
    const std::vector<std::string> tools{"AgentTool", "ListMcpResourcesTool", "MCPTool", "McpAuthTool"};
    for (auto _ : state) benchmark::DoNotOptimize(engine.submit_message("review MCP tool", commands, tools));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(submit_message)->Name("submit_message");

void bootstrap(benchmark::State& state) {
    claw::ephemeral_runtime rt;
    std::filesystem::current_path(bench_dir());  // the project scan counts only this folder
    for (auto _ : state) benchmark::DoNotOptimize(rt.bootstrap_session("review MCP tool"));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(bootstrap)->Name("bootstrap_session/memory_store")->Unit(benchmark::kMicrosecond);

}  // namespace

namespace {
// The file system's own floor for an atomic replace: the system calls json_file_store makes for
// an 8-message session (create, reserve, write, close, rename over the old file), with no JSON.
void filesystem_floor(benchmark::State& state) {
    const std::string text = claw::to_python_json(session_of(8));
    const std::string temp = (bench_dir() / ".floor.tmp").string();
    const std::string target = (bench_dir() / "floor.json").string();
    for (auto _ : state) {
        const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0 || ::fallocate(fd, 0, 0, static_cast<off_t>(text.size())) != 0 ||
            ::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size()) || ::close(fd) != 0 ||
            ::rename(temp.c_str(), target.c_str()) != 0) {
            state.SkipWithError("file system call failed");
            break;
        }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(filesystem_floor)->Name("filesystem_floor/atomic_replace/messages:8")->Unit(benchmark::kMicrosecond);
}  // namespace
