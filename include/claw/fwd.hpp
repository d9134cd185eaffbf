// SPDX-License-Identifier: MIT
// `basic_runtime` declared once, with its defaults, and the named runtime aliases. Include this to
// name the runtime types without the whole runtime; include claw/runtime.hpp to use them.
#pragma once

#include <claw/config.hpp>

#include <claw/init.hpp>
#include <claw/permissions.hpp>
#include <claw/session/json_file_store.hpp>
#include <claw/session/memory_store.hpp>

CLAW_BEGIN_NAMESPACE

/**
 * The runtime, parameterised over a permission policy (`permission_policy`), a session store
 * (`session_store`) and an init policy (`init_policy`). The defaults reproduce the reference.
 */
template <class PermissionPolicy = default_permissions, class SessionStore = json_file_store,
          class InitPolicy = trust_gated_init>
class basic_runtime;

/** The reference's runtime: bash gate + deny list, `.port_sessions/` files, trust-gated init. */
using port_runtime = basic_runtime<>;

/** The reference's permissions and init, with sessions kept in memory only. */
using ephemeral_runtime = basic_runtime<default_permissions, memory_store>;

CLAW_END_NAMESPACE
