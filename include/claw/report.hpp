// SPDX-License-Identifier: MIT
// The `report` module: the reference's Markdown reports, rendered from the other modules' values.
#pragma once

#include <claw/report/markdown.hpp>
