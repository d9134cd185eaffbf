// SPDX-License-Identifier: MIT
// `all_of<Ps...>`: composes policies; the strictest verdict wins (deny > ask > allow) and a deny
// stops the walk. Composition by a small variadic combinator instead of inheritance.
#pragma once

#include <claw/config.hpp>
#include <claw/fwd.hpp>

#include <claw/permissions/policy.hpp>

#include <concepts>
#include <cstddef>
#include <tuple>
#include <utility>

CLAW_BEGIN_NAMESPACE

/**
 * Asks each policy in order and returns the strictest verdict: `deny` over `ask` over `allow`. The
 * first policy that gives that verdict (with a reason, when some give one) supplies the reason, and
 * a `deny` stops the walk (later policies are not asked). With policies that never ask, this is
 * "the first denial wins".
 *
 * Constructible from the policies in order, and default-constructible when all of them are.
 * `all_of<>` allows everything.
 *
 * @code
 * claw::all_of<claw::bash_gate, read_only> policy;            // both default-constructed
 * claw::all_of policy2{claw::bash_gate{}, claw::tool_permission_context::from_iterables({"x"})};
 * @endcode
 */
template <class... Ps>
class all_of {
    // Checked here rather than in the template head, so that <claw/fwd.hpp> can name
    // all_of<bash_gate, tool_permission_context> before those types are defined.
    static_assert((detail::assert_permission_policy<Ps>() && ...),
                  "claw::all_of: every policy must satisfy claw::permission_policy");

public:
    /** Default-constructs every policy. Throws only what their constructors throw. */
    constexpr all_of()
        requires(std::default_initializable<Ps> && ...)
    = default;

    /** Moves the policies in. Throws only what moving them throws. */
    constexpr explicit all_of(Ps... policies)
        requires(sizeof...(Ps) > 0)
        : policies_(std::move(policies)...) {}

    /**
     * The strictest decision of the policies, in order. Complexity: the sum of the policies'
     * checks, stopping after the first `deny`; no allocation of its own. Never throws (every
     * policy's check is `noexcept`).
     */
    [[nodiscard]] constexpr decision check(const tool_request& r) const noexcept { return check_from<0>(r); }

    /**
     * The contextual form: each policy that takes a context gets `ctx`, the others their plain
     * check; `*out` (when not null) explains the decision of the policy that supplied it.
     * Complexity: as the plain `check`. Never throws.
     */
    template <class Context, class Record>
    [[nodiscard]] constexpr decision check(const tool_request& r, const Context& ctx, Record* out) const noexcept {
        return check_in_context_from<0>(r, ctx, out, decision{});
    }

    /** The I-th policy. Constant; never throws. */
    template <std::size_t I>
    constexpr const auto& get() const noexcept { return std::get<I>(policies_); }
    template <std::size_t I>
    constexpr auto& get() noexcept { return std::get<I>(policies_); }

private:
    // `best` is the strictest decision so far; an equal verdict later keeps the earlier reason.
    template <std::size_t I>
    constexpr decision check_from(const tool_request& r, decision best = {}) const noexcept {
        if constexpr (I == sizeof...(Ps)) {
            return best;
        } else {
            const decision d = std::get<I>(policies_).check(r);
            if (d.denied()) return d;
            const bool better = d.what > best.what || (d.what == best.what && best.reason.empty() && !d.reason.empty());
            return check_from<I + 1>(r, better ? d : best);
        }
    }

    template <std::size_t I, class Context, class Record>
    constexpr decision check_in_context_from(const tool_request& r, const Context& ctx, Record* out,
                                             decision best) const noexcept {
        if constexpr (I == sizeof...(Ps)) {
            if (I == 0 && out) *out = Record::from_decision(best);
            return best;
        } else {
            Record rec{};
            const decision d = claw::check_in_context(std::get<I>(policies_), r, ctx, out ? &rec : nullptr);
            const bool first = I == 0;
            if (d.denied() || first || d.what > best.what || (d.what == best.what && best.reason.empty() && !d.reason.empty())) {
                if (out) *out = rec;
                if (d.denied()) return d;
                best = d;
            }
            return check_in_context_from<I + 1>(r, ctx, out, best);
        }
    }

    std::tuple<Ps...> policies_;
};

template <class... Ps>
all_of(Ps...) -> all_of<Ps...>;

CLAW_END_NAMESPACE
