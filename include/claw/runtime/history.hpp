// SPDX-License-Identifier: MIT
// A session's history: the events of one bootstrap, rendered as the reference's
// `# Session History`.
#pragma once

#include <claw/config.hpp>
#include <claw/detail/lines.hpp>

#include <string>
#include <utility>
#include <vector>

CLAW_BEGIN_NAMESPACE

/** One event of a session's history. */
struct history_event {
    std::string title;
    std::string detail;
};

/** The session history, rendered as the reference's `# Session History`. Members never throw but allocation; `as_markdown` is O(size of the events). */
class history_log {
public:
    void add(std::string title, std::string detail) { events_.push_back({std::move(title), std::move(detail)}); }
    const std::vector<history_event>& events() const noexcept { return events_; }
    std::string as_markdown() const {
        std::vector<std::string> lines{"# Session History", ""};
        for (const auto& e : events_) lines.push_back("- " + e.title + ": " + e.detail);
        return detail::join_lines(lines);
    }

private:
    std::vector<history_event> events_;
};

CLAW_END_NAMESPACE
