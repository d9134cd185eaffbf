// SPDX-License-Identifier: MIT
// The `routing` module: inventories of mirrored commands and tools (built in, from JSON text, or
// from a file), prompt routing, query search, the tool-listing filters and the command graph.
#pragma once

#include <claw/routing/builtin_inventory.hpp>
#include <claw/routing/inventory.hpp>
#include <claw/routing/router.hpp>
#include <claw/routing/selection.hpp>
