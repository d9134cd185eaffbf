// SPDX-License-Identifier: MIT
// The `session` module: the stored session, its exact JSON codec, session ids, the
// `session_store` concept and the two shipped stores (`json_file_store`, the default, and
// `memory_store`). Text that goes into a file must be valid UTF-8: the codec and the stores reject
// anything else with a `claw::session_error` (or `claw::encoding_error` from `to_python_json`).
#pragma once

#include <claw/session/capabilities.hpp>
#include <claw/session/codec.hpp>
#include <claw/session/durability.hpp>
#include <claw/session/id.hpp>
#include <claw/session/json_file_store.hpp>
#include <claw/session/memory_store.hpp>
#include <claw/session/store.hpp>
#include <claw/session/stored_session.hpp>
