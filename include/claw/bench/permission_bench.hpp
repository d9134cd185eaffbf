// SPDX-License-Identifier: MIT
// Benchmark any permission policy in three lines:
//
//   #include <claw/bench/permission_bench.hpp>
//   static const bool registered = claw::bench::register_permission_benchmarks<my_policy>(
//       "my_policy", [] { return my_policy{}; }, {"BashTool", "FileReadTool"});
//
// Each registered benchmark checks the given names in turn (one check per iteration) and reports
// checks per second as items/s. This header needs Google Benchmark (link benchmark::benchmark);
// it is installed with claw-cpp, so it works from an installed package.
#pragma once

#include <claw/config.hpp>

#include <claw/permissions/policy.hpp>

#include <benchmark/benchmark.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace claw::bench {

/**
 * Registers the benchmark `permissions/<name>` that calls `policy.check()` on `names`, cycling
 * through them. The policy is built once by `factory`, outside the timed loop.
 */
template <permission_policy Policy, class Factory>
bool register_permission_benchmarks(const std::string& name, Factory factory, std::vector<std::string> names) {
    auto policy = std::make_shared<const Policy>(factory());
    auto shared_names = std::make_shared<const std::vector<std::string>>(std::move(names));
    benchmark::RegisterBenchmark(("permissions/" + name).c_str(), [policy, shared_names](benchmark::State& state) {
        const auto& list = *shared_names;
        std::vector<tool_request> requests;
        for (const auto& n : list) requests.push_back(tool_request{n, {}});
        std::size_t i = 0;
        std::size_t denied = 0;
        for (auto _ : state) {
            const decision d = policy->check(requests[i]);
            benchmark::DoNotOptimize(d);
            denied += d.denied() ? 1 : 0;
            if (++i == requests.size()) i = 0;
        }
        state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
        state.counters["denied_share"] =
            benchmark::Counter(static_cast<double>(denied) / static_cast<double>(state.iterations() ? state.iterations() : 1));
    });
    return true;
}

}  // namespace claw::bench
