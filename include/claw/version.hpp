// SPDX-License-Identifier: MIT
// claw-cpp's version, kept equal to the CMake project version.
#pragma once

#define CLAW_VERSION_MAJOR 0
#define CLAW_VERSION_MINOR 1
#define CLAW_VERSION_PATCH 0

namespace claw {
/** The library version as text. */
inline constexpr char version[] = "0.1.0";
}  // namespace claw
