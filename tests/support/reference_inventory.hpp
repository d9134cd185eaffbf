// SPDX-License-Identifier: MIT
// The reference's tool and command inventories (tests/data/inventory), loaded the way an
// application loads its own: shared by the routing, runtime and resume tests.
#pragma once

#include <claw/routing/inventory.hpp>

#include "test_support.hpp"

namespace claw::test {

inline claw::inventory reference_tools() { return claw::load_inventory(data_dir() / "inventory" / "tools.json"); }
inline claw::inventory reference_commands() { return claw::load_inventory(data_dir() / "inventory" / "commands.json"); }

}  // namespace claw::test
