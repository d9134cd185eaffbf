// SPDX-License-Identifier: MIT
// The `permissions` module: the `permission_policy` concept and every shipped policy. A check is
// `noexcept`, allocates nothing and returns a `decision`; a denial is a value, never an exception.
//
//   bash_gate                 the reference's gate on tools whose name contains "bash"
//   tool_permission_context   deny names + deny prefixes, built at run time
//   static_deny_list<...>     deny names fixed at compile time
//   static_deny_prefixes<...> deny prefixes fixed at compile time
//   all_of<Ps...>             the strictest verdict wins (deny > ask > allow); a deny stops the walk
//   allow_all                 the null policy
//   default_permissions       all_of<bash_gate, tool_permission_context>, the reference's behaviour
//
// The rules policy (`rules_policy`: allow / ask / deny rules, modes, settings) is in
// <claw/permissions/rules.hpp>, also included by <claw/claw.hpp>.
#pragma once

#include <claw/config.hpp>

#include <claw/permissions/all_of.hpp>
#include <claw/permissions/bash_gate.hpp>
#include <claw/permissions/policy.hpp>
#include <claw/permissions/static_deny.hpp>
#include <claw/permissions/tool_permission_context.hpp>

CLAW_BEGIN_NAMESPACE

/** The reference's permissions: the bash gate, then the (initially empty) deny-list context. */
using default_permissions = all_of<bash_gate, tool_permission_context>;

CLAW_END_NAMESPACE
