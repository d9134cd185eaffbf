// SPDX-License-Identifier: MIT
// claw-cpp's version. This file is the single source of truth: CMake's project version is read
// from the three macros below, and the text form is spelled from them, so nothing can disagree.
#pragma once

#include <claw/config.hpp>

#define CLAW_VERSION_MAJOR 0
#define CLAW_VERSION_MINOR 1
#define CLAW_VERSION_PATCH 0

/** The version as one comparable number, `major * 10000 + minor * 100 + patch` (0.1.0 is 100). */
#define CLAW_VERSION (CLAW_VERSION_MAJOR * 10000 + CLAW_VERSION_MINOR * 100 + CLAW_VERSION_PATCH)

#define CLAW_DETAIL_STRINGIFY_(x) #x
#define CLAW_DETAIL_STRINGIFY(x) CLAW_DETAIL_STRINGIFY_(x)
/** The version as a string literal, `"major.minor.patch"`. */
#define CLAW_VERSION_STRING                                                                     \
    CLAW_DETAIL_STRINGIFY(CLAW_VERSION_MAJOR) "." CLAW_DETAIL_STRINGIFY(CLAW_VERSION_MINOR) "." \
        CLAW_DETAIL_STRINGIFY(CLAW_VERSION_PATCH)

CLAW_BEGIN_NAMESPACE
/** The library version as text, `"major.minor.patch"`. */
inline constexpr char version[] = CLAW_VERSION_STRING;
CLAW_END_NAMESPACE
