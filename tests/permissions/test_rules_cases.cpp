// SPDX-License-Identifier: MIT
// Every case of rules_cases.json through the library: the tree of each case is built in a
// temporary folder and the policy is loaded from it as claw-port check would.
#include <claw/permissions/rules.hpp>

#include "../support/rules_cases.hpp"
#include "../support/test_support.hpp"

namespace {
claw::verdict verdict_of(const std::string& s) {
    return s == "allow" ? claw::verdict::allow : s == "ask" ? claw::verdict::ask : claw::verdict::deny;
}
const char* name_of(claw::verdict v) { return v == claw::verdict::allow ? "allow" : v == claw::verdict::ask ? "ask" : "deny"; }
}  // namespace

TEST_CASE("every case of rules_cases.json through rules_policy", "[permissions][rules][vectors]") {
    const auto cases = claw::test::rules_case_objects();
    REQUIRE(cases.size() == 86);
    std::size_t passed = 0;
    for (const auto& obj : cases) {
        const claw::test::temp_dir dir("claw-rules-case");
        const auto c = claw::test::materialise_rules_case(obj, dir.path);
        INFO("case " << c.id << ": " << c.tool << " " << claw::test::visible(c.input) << " (" << c.mode << ") expects "
                     << c.expected << " — " << c.why);
        claw::rules::load_options o;
        o.env.cwd = c.cwd.string();
        o.env.home = c.home.string();
        o.managed_file = std::filesystem::path();
        o.mode = c.mode;
        o.context.trusted = c.trusted;
        o.context.input_json = c.input_json;
        if (!c.override_verdict.empty()) {
            o.context.has_override = true;
            o.context.override_verdict = verdict_of(c.override_verdict);
        }
        claw::verdict got;
        std::string why;
        try {
            const auto policy = claw::rules_policy::load(o);
            claw::rules::decision_record rec;
            got = policy.check({c.tool, c.input}, policy.default_context(), &rec).what;
            why = claw::rules::format_reason(rec, c.input);
        } catch (const claw::error& e) {
            got = claw::verdict::deny;  // a configuration that cannot be loaded fails closed
            why = e.what();
        }
        INFO("got " << name_of(got) << ": " << why);
        CHECK(got == verdict_of(c.expected));
        passed += got == verdict_of(c.expected) ? 1 : 0;
    }
    std::printf("rules_cases.json through the library: %zu of %zu cases pass\n", passed, cases.size());
}
