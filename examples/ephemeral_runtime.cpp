// SPDX-License-Identifier: MIT
// A runtime that keeps its sessions in memory: nothing is written to disk, and a saved session can
// be resumed by id through the same store.
#include <claw/claw.hpp>

#include <filesystem>
#include <iostream>

int main() {
    claw::ephemeral_runtime rt;
    const auto first = rt.bootstrap_session("review the pull request");
    const auto second = rt.bootstrap_session("compact the history");
    std::cout << "sessions in memory: " << rt.store().size() << '\n';

    const std::string id = second.persisted_session_path.substr(std::string_view("memory:").size());
    auto engine = claw::basic_query_engine<claw::memory_store&>::from_saved_session(id, rt.store());
    std::cout << "resumed " << engine.messages().size() << " message(s): " << engine.messages().front() << '\n';
    const auto next = engine.submit_message("and then export it");
    std::cout << "next turn: " << claw::to_string(next.stop_reason) << ", usage in=" << next.usage.input_tokens
              << " out=" << next.usage.output_tokens << '\n';
    std::cout << "port_sessions folder created: " << std::boolalpha << std::filesystem::exists(".port_sessions") << '\n';
    return first.persisted_session_path == second.persisted_session_path ? 1 : 0;
}
