// SPDX-License-Identifier: MIT
// The `runtime` module: `basic_runtime` and its named aliases, the bootstrapped session and the
// execution shims.
#pragma once

#include <claw/fwd.hpp>
#include <claw/runtime/basic_runtime.hpp>
#include <claw/runtime/execution.hpp>
#include <claw/runtime/runtime_session.hpp>
