// SPDX-License-Identifier: MIT
// The forward header: `basic_runtime` declared once, with its defaults, the named runtime aliases
// and the policy types they name, declared but not defined. It includes nothing but the
// configuration, so naming the runtime types costs next to nothing; include <claw/runtime.hpp>
// (or the module headers) to use them.
#pragma once

#include <claw/config.hpp>

CLAW_BEGIN_NAMESPACE

// permissions
struct tool_request;
struct decision;
struct bash_gate;
class tool_permission_context;
template <class... Ps>
class all_of;
struct allow_all;
class rules_policy;
/** The reference's permissions: the bash gate, then the (initially empty) deny-list context. */
using default_permissions = all_of<bash_gate, tool_permission_context>;

// sessions
struct stored_session;
class json_file_store;
class memory_store;

// init
enum class trust : unsigned char;
struct trust_gated_init;
struct no_deferred_init;

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
