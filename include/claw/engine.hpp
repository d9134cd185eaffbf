// SPDX-License-Identifier: MIT
// The `engine` module: the query engine over a storage policy, its configuration, turn results,
// stream events and transcript.
#pragma once

#include <claw/engine/query_engine.hpp>
#include <claw/engine/transcript.hpp>
