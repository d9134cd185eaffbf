// SPDX-License-Identifier: MIT
// Fuzz target: random rule sets x random requests, built from the input bytes. The first byte
// picks the mode; each following line is a rule (`a` allow, `k` ask, `d` deny, then the rule),
// a tool name (`t`) or an input (`i`). Checks: no crash; the same answer twice (verdict and
// reason); the record agrees with the decision; no ask without an approver; an override `deny`
// denies; and with a deny rule `*` added, every request is denied (deny rules are never skipped).
#include <claw/permissions/rules.hpp>

#include <boost/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#ifndef CLAW_FUZZ_ENTRY
#define CLAW_FUZZ_ENTRY LLVMFuzzerTestOneInput
#endif

namespace {
constexpr const char* modes[] = {"read-only", "default", "workspace-write", "danger-full-access", "dont-ask"};

claw::rules::environment fuzz_environment() {
    claw::rules::environment env;
    env.cwd = "/claw-fuzz-nonexistent/w/proj";
    env.home = "/claw-fuzz-nonexistent/home/u";
    env.resolve_symlinks = false;
    return env;
}

std::optional<claw::rules_policy> build(const boost::json::array& allow, const boost::json::array& ask,
                                        const boost::json::array& deny, const char* mode) {
    boost::json::object perms;
    perms["allow"] = allow;
    perms["ask"] = ask;
    perms["deny"] = deny;
    perms["defaultMode"] = mode;
    boost::json::object doc;
    doc["permissions"] = std::move(perms);
    try {
        return claw::rules_policy::from_json(boost::json::serialize(doc), fuzz_environment());
    } catch (const claw::rules::settings_error&) {
        return std::nullopt;
    } catch (...) {
        std::abort();
    }
}

}  // namespace

extern "C" int CLAW_FUZZ_ENTRY(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const char* mode = modes[data[0] % 5];
    const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
    boost::json::array allow, ask, deny;
    std::vector<std::string> tools{"Bash", "Read", "Edit", "WebFetch", "mcp__s__t", "Agent", "Other"};
    std::vector<std::string> inputs;
    std::size_t at = 0;
    while (at <= text.size()) {
        std::size_t nl = text.find('\n', at);
        if (nl == std::string_view::npos) nl = text.size();
        const std::string_view line = text.substr(at, nl - at);
        at = nl + 1;
        if (line.empty()) continue;
        const std::string rest(line.substr(1));
        switch (line[0]) {
            case 'a': allow.push_back(boost::json::string(rest)); break;
            case 'k': ask.push_back(boost::json::string(rest)); break;
            case 'd': deny.push_back(boost::json::string(rest)); break;
            case 't': tools.push_back(rest); break;
            default: inputs.push_back(std::string(line.substr(line[0] == 'i' ? 1 : 0))); break;
        }
        if (inputs.size() > 8 || allow.size() + ask.size() + deny.size() > 64) break;
    }
    if (inputs.empty()) inputs.push_back("");
    const auto policy = build(allow, ask, deny, mode);
    if (!policy) return 0;
    boost::json::array deny_all = deny;
    deny_all.push_back("*");
    const auto strict = build(allow, ask, deny_all, mode);
    if (!strict) std::abort();  // adding a valid deny rule cannot make the settings invalid

    for (const auto& tool : tools) {
        for (const auto& input : inputs) {
            for (int variant = 0; variant < 6; ++variant) {
                claw::rules::request_context ctx;
                ctx.input_json = variant == 1;
                ctx.interactive = variant != 2;
                ctx.trusted = variant != 3;
                if (variant >= 4) {
                    ctx.has_override = true;
                    ctx.override_verdict = variant == 4 ? claw::verdict::allow : claw::verdict::deny;
                }
                const claw::tool_request r{tool, input};
                claw::rules::decision_record rec;
                const claw::decision a = policy->check(r, ctx, &rec);
                const claw::decision b = policy->check(r, ctx, nullptr);
                if (a.what != b.what || a.reason != b.reason) std::abort();
                if (rec.what != a.what || rec.reason != a.reason) std::abort();
                if (a.reason.empty()) std::abort();
                if (!ctx.interactive && a.what == claw::verdict::ask) std::abort();
                if (std::string_view(mode) == "dont-ask" && a.what == claw::verdict::ask) std::abort();
                if (variant == 5 && a.what != claw::verdict::deny) std::abort();
                if (strict->check(r, ctx, nullptr).what != claw::verdict::deny) std::abort();
                (void)claw::rules::format_reason(rec, ctx.input_json ? std::string_view{} : std::string_view(input));
            }
        }
    }
    return 0;
}
