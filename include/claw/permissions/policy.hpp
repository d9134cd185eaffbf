// SPDX-License-Identifier: MIT
// The vocabulary of permission checks: a request, a decision, the `permission_policy` concept that
// every policy satisfies, the recorded `permission_denial`, and the trivial `allow_all` policy.
#pragma once

#include <claw/config.hpp>

#include <concepts>
#include <string>
#include <string_view>

CLAW_BEGIN_NAMESPACE

/** What a policy is asked about: the tool's name and, optionally, its input payload. */
struct tool_request {
    std::string_view name;
    std::string_view input = {};
};

/**
 * The outcome of a check, totally ordered from the most to the least permissive:
 * `allow < ask < deny`, so that "the strictest of two verdicts" is their maximum. `ask` means the
 * tool may run only if someone approves it (see `basic_runtime::set_approver`); where nobody can
 * be asked, an `ask` is treated as a `deny`.
 */
enum class verdict : unsigned char { allow, ask, deny };

/** The stricter of two verdicts. Constant; never throws. */
constexpr verdict strictest(verdict a, verdict b) noexcept { return a < b ? b : a; }

/**
 * A policy's answer. `reason` may be empty for `allow`; for `ask` and `deny` it views text that
 * outlives the call (a literal, or storage owned by the policy object for as long as that object
 * lives). The type is `[[nodiscard]]`: a call such as `policy.check(req);` that drops the answer,
 * of any policy including the user's own, is diagnosed by the compiler.
 */
struct [[nodiscard]] decision {
    verdict what = verdict::allow;
    std::string_view reason = {};

    constexpr bool allowed() const noexcept { return what == verdict::allow; }
    constexpr bool asks() const noexcept { return what == verdict::ask; }
    constexpr bool denied() const noexcept { return what == verdict::deny; }
    friend constexpr bool operator==(const decision&, const decision&) = default;
};

/**
 * A permission policy decides, for one tool request, whether the tool may run.
 *
 * Requirements on a type `P`: a `const` member `check(const tool_request&)` that is `noexcept` and
 * returns exactly `claw::decision`. A check must not allocate and must not depend on anything but
 * the policy's own state and the request, so that it can run on every routed tool.
 *
 * A complete exemplar:
 * @code
 * struct read_only {  // deny anything that writes
 *     claw::decision check(const claw::tool_request& r) const noexcept {
 *         const bool writes = r.name.find("Write") != std::string_view::npos ||
 *                             r.name.find("Edit") != std::string_view::npos;
 *         return writes ? claw::decision{claw::verdict::deny, "read-only session"} : claw::decision{};
 *     }
 * };
 * static_assert(claw::permission_policy<read_only>);
 * @endcode
 */
template <class P>
concept permission_policy = requires(const P& p, const tool_request& r) {
    { p.check(r) } noexcept -> std::same_as<decision>;
};

/**
 * A policy that can also decide under a per-request context and explain its decision in a
 * record (as `rules_policy` does with `rules::request_context` and `rules::decision_record`).
 */
template <class P, class Context, class Record>
concept contextual_policy = permission_policy<P> && requires(const P& p, const tool_request& r, const Context& c, Record* out) {
    { p.check(r, c, out) } noexcept -> std::same_as<decision>;
};

/**
 * Checks `r` under `ctx` when the policy takes a context, otherwise with its plain `check`, and
 * explains the result in `*out` (when not null; `Record::from_decision` for plain policies).
 * Complexity: one check of `p`. Never throws.
 */
template <class P, class Context, class Record>
constexpr decision check_in_context(const P& p, const tool_request& r, const Context& ctx, Record* out) noexcept {
    if constexpr (contextual_policy<P, Context, Record>) {
        return p.check(r, ctx, out);
    } else {
        const decision d = p.check(r);
        if (out) *out = Record::from_decision(d);
        return d;
    }
}

/** A denial as recorded by the engine and shown in reports. */
struct permission_denial {
    std::string tool_name;
    std::string reason;
    friend bool operator==(const permission_denial&, const permission_denial&) = default;
};

/** The policy that allows every tool; the null policy of the family. */
struct allow_all {
    /** Allows. Constant; never throws. */
    constexpr decision check(const tool_request&) const noexcept { return {}; }
};

namespace detail {
// Readable diagnostics for a type that is meant to be a policy; used where policies are accepted.
template <class P>
constexpr bool assert_permission_policy() {
    static_assert(requires(const P& p, const tool_request& r) { p.check(r); },
                  "claw::permission_policy: the policy type needs a const member function "
                  "check(const claw::tool_request&)");
    if constexpr (requires(const P& p, const tool_request& r) { p.check(r); }) {
        static_assert(requires(const P& p, const tool_request& r) {
                          { p.check(r) } -> std::same_as<decision>;
                      },
                      "claw::permission_policy: check() must return claw::decision");
        static_assert(requires(const P& p, const tool_request& r) {
                          { p.check(r) } noexcept;
                      },
                      "claw::permission_policy: check() must be noexcept");
    }
    return permission_policy<P>;
}
}  // namespace detail

CLAW_END_NAMESPACE
