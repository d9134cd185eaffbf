// SPDX-License-Identifier: MIT
// The per-request context of a contextual permission check (RULES.md S1.4): whether someone can
// be asked, whether the workspace is trusted, which form the input has, and an external
// override. Light on purpose: the runtime includes it without the rules module.
#pragma once

#include <claw/config.hpp>
#include <claw/permissions/policy.hpp>

CLAW_BEGIN_NAMESPACE
namespace rules {

/** Per-request facts about the session. A policy's plain `check` uses a default it holds. */
struct request_context {
    /** An approver exists. When false, every final `ask` becomes `deny` (S11.3). */
    bool interactive = true;
    /** The workspace is trusted: project allow rules and additional directories apply (S2.4). */
    bool trusted = true;
    /** `tool_request::input` is the tool's JSON argument object, not the subject itself (S5.2). */
    bool input_json = false;
    /** An external override (a hook's answer) is given in `override_verdict`, applied as S11.4 allows. */
    bool has_override = false;
    verdict override_verdict = verdict::allow;
};

}  // namespace rules
CLAW_END_NAMESPACE
