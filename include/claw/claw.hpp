// SPDX-License-Identifier: MIT
// Umbrella header: everything claw-cpp offers. Include the module headers instead to compile less.
#pragma once

#include <claw/config.hpp>
#include <claw/domains.hpp>
#include <claw/engine.hpp>
#include <claw/error.hpp>
#include <claw/fwd.hpp>
#include <claw/init.hpp>
#include <claw/paths.hpp>
#include <claw/permissions.hpp>
#include <claw/permissions/rules.hpp>
#include <claw/report.hpp>
#include <claw/routing.hpp>
#include <claw/runtime.hpp>
#include <claw/session.hpp>
#include <claw/shell.hpp>
#include <claw/text.hpp>
#include <claw/version.hpp>
