// SPDX-License-Identifier: MIT
// `all_of<Ps...>`: composes policies left to right; the first denial wins and later policies are
// not asked. Composition by a small variadic combinator instead of inheritance.
#pragma once

#include <claw/permissions/policy.hpp>

#include <concepts>
#include <cstddef>
#include <tuple>
#include <utility>

namespace claw {

/**
 * Asks each policy in order; returns the first denial, or `allow` when every policy allows.
 *
 * Constructible from the policies in order, and default-constructible when all of them are.
 * `all_of<>` allows everything.
 *
 * @code
 * claw::all_of<claw::bash_gate, read_only> policy;            // both default-constructed
 * claw::all_of policy2{claw::bash_gate{}, claw::tool_permission_context::from_iterables({"x"})};
 * @endcode
 */
template <permission_policy... Ps>
class all_of {
public:
    constexpr all_of()
        requires(std::default_initializable<Ps> && ...)
    = default;

    constexpr explicit all_of(Ps... policies)
        requires(sizeof...(Ps) > 0)
        : policies_(std::move(policies)...) {}

    constexpr decision check(const tool_request& r) const noexcept {
        return check_from<0>(r);
    }

    /** The I-th policy. */
    template <std::size_t I>
    constexpr const auto& get() const noexcept { return std::get<I>(policies_); }
    template <std::size_t I>
    constexpr auto& get() noexcept { return std::get<I>(policies_); }

private:
    template <std::size_t I>
    constexpr decision check_from(const tool_request& r) const noexcept {
        if constexpr (I == sizeof...(Ps)) {
            return {};
        } else {
            const decision d = std::get<I>(policies_).check(r);
            return d.denied() ? d : check_from<I + 1>(r);
        }
    }

    std::tuple<Ps...> policies_;
};

template <class... Ps>
all_of(Ps...) -> all_of<Ps...>;

}  // namespace claw
