// SPDX-License-Identifier: MIT
// Build-time configuration of claw-cpp: the versioned namespace every declaration lives in.
// Nothing here needs to be touched to use the library; the limits an application may override
// are documented where they are defined, each as a `CLAW_*` macro that can be set before the
// first claw-cpp include (or with `-D` on the command line).
#pragma once

/**
 * Every declaration of claw-cpp lives in `claw::v0`, an inline namespace: users write `claw::x`,
 * while the linker sees `claw::v0::x`. Two incompatible versions of claw-cpp linked into one
 * program therefore fail to link instead of silently mixing their types (as {fmt} and
 * nlohmann/json do). The inline namespace changes with every release that breaks the ABI.
 */
#define CLAW_BEGIN_NAMESPACE \
    namespace claw {         \
    inline namespace v0 {
#define CLAW_END_NAMESPACE \
    }                      \
    }
