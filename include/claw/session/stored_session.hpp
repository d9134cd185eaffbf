// SPDX-License-Identifier: MIT
// What a session store keeps: the id, the submitted prompts (never outputs, never credentials)
// and two token counters.
#pragma once

#include <claw/config.hpp>

#include <cstdint>
#include <string>
#include <vector>

CLAW_BEGIN_NAMESPACE

/** A persisted session, field for field the reference's `StoredSession`. */
struct stored_session {
    std::string session_id;
    std::vector<std::string> messages;
    std::int64_t input_tokens = 0;
    std::int64_t output_tokens = 0;

    friend bool operator==(const stored_session&, const stored_session&) = default;
};

CLAW_END_NAMESPACE
