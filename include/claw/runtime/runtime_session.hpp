// SPDX-License-Identifier: MIT
// The result of `basic_runtime::bootstrap_session`: everything the bootstrap did, and its Markdown
// report with the reference's sections plus `## Permission Denials`.
#pragma once

#include <claw/config.hpp>

#include <claw/engine/query_engine.hpp>
#include <claw/init.hpp>
#include <claw/permissions/policy.hpp>
#include <claw/detail/lines.hpp>
#include <claw/routing/router.hpp>
#include <claw/runtime/environment.hpp>
#include <claw/runtime/history.hpp>

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

CLAW_BEGIN_NAMESPACE

/** What the bootstrap knows of the workspace it ran in. */
struct workspace_context {
    std::filesystem::path root;
    std::size_t file_count = 0;
    bool scan_truncated = false;  ///< the scan stopped at its limit: there are more files than counted
    bool scanned = true;          ///< false when the application turned the scan off
};

/** One bootstrapped (or resumed) session. */
struct runtime_session {
    std::string session_id;  ///< the id the session was saved under
    std::string prompt;
    workspace_context context;
    claw::setup_report setup_report;
    std::string system_init_message;
    history_log history;
    std::vector<routed_match> routed_matches;
    claw::turn_result turn_result;
    std::vector<std::string> command_execution_messages;
    std::vector<std::string> tool_execution_messages;
    std::vector<permission_denial> permission_denials;
    std::vector<stream_event> stream_events;
    std::string persisted_session_path;

    /** The session report: the reference's sections, denials listed with their reasons. O(size of the report), one `uname`; never throws but allocation. */
    std::string as_markdown() const {
        std::vector<std::string> lines{"# Runtime Session", "", "Prompt: " + prompt, "", "## Context",
                                       "Workspace root: " + context.root.string(),
                                       !context.scanned ? std::string("Files: not scanned")
                                       : context.scan_truncated
                                           ? "Files: at least " + std::to_string(context.file_count) +
                                                 " (the scan stopped at its limit)"
                                           : "Files: " + std::to_string(context.file_count),
                                       "", "## Setup", "- Runtime: " + runtime_description(),
                                       "- Platform: " + platform_name(),
                                       std::string("- Trusted mode: ") + python_bool(setup_report.trusted)};
        for (auto& l : deferred_init_lines(setup_report.deferred_init)) lines.push_back(std::move(l));
        lines.emplace_back();
        lines.emplace_back("## Startup Steps");
        for (const auto step : startup_steps) lines.push_back("- " + std::string(step));
        lines.emplace_back();
        lines.emplace_back("## System Init");
        lines.push_back(system_init_message);
        lines.emplace_back();
        lines.emplace_back("## Routed Matches");
        if (routed_matches.empty()) lines.emplace_back("- none");
        for (const auto& m : routed_matches)
            lines.push_back("- [" + std::string(to_string(m.kind)) + "] " + m.name + " (" + std::to_string(m.score) + ") \u2014 " + m.source_hint);
        lines.emplace_back();
        lines.emplace_back("## Command Execution");
        if (command_execution_messages.empty()) lines.emplace_back("none");
        for (const auto& m : command_execution_messages) lines.push_back(m);
        lines.emplace_back();
        lines.emplace_back("## Tool Execution");
        if (tool_execution_messages.empty()) lines.emplace_back("none");
        for (const auto& m : tool_execution_messages) lines.push_back(m);
        lines.emplace_back();
        lines.emplace_back("## Permission Denials");
        if (permission_denials.empty()) lines.emplace_back("none");
        for (const auto& d : permission_denials) lines.push_back("- " + d.tool_name + ": " + d.reason);
        lines.emplace_back();
        lines.emplace_back("## Stream Events");
        for (const auto& e : stream_events) lines.push_back("- " + std::string(e.type_name()) + ": " + e.to_json());
        lines.emplace_back();
        lines.emplace_back("## Turn Result");
        lines.push_back(turn_result.output);
        lines.emplace_back();
        lines.push_back("Persisted session path: " + persisted_session_path);
        lines.emplace_back();
        lines.push_back(history.as_markdown());
        return detail::join_lines(lines);
    }
};

CLAW_END_NAMESPACE
