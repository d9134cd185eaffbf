// SPDX-License-Identifier: MIT
// Helpers of the rules-policy tests: a temporary tree laid out like RULES.md "Test data" (cwd =
// workspace root = T/w/proj, home = T/home/u), settings files written per layer, the policy loaded
// as `claw-port check` loads it, and one call that checks a request and explains the result.
#pragma once

#include <claw/permissions/rules.hpp>

#include "../support/test_support.hpp"

#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

std::size_t claw_test_allocation_count() noexcept;  // tests/permissions/test_no_allocation.cpp counts operator new

namespace Catch {
template <>
struct StringMaker<claw::verdict> {
    static std::string convert(claw::verdict v) {
        return v == claw::verdict::allow ? "allow" : v == claw::verdict::ask ? "ask" : "deny";
    }
};
template <>
struct StringMaker<claw::rules::decision_code> {
    static std::string convert(claw::rules::decision_code c) { return std::string(claw::rules::code_name(c)); }
};
}  // namespace Catch

namespace claw::test::rules_fixture {

namespace fs = std::filesystem;
using claw::verdict;
using claw::rules::decision_code;
using claw::rules::permission_mode;

inline constexpr verdict allow = verdict::allow;
inline constexpr verdict ask = verdict::ask;
inline constexpr verdict deny = verdict::deny;

/** What one check gave. */
struct result {
    verdict what = verdict::allow;
    claw::rules::decision_record rec;
    std::string text;  ///< format_reason of the record
};

/** Request options of one check (the default: trusted, interactive, subject form). */
struct req {
    bool trusted = true;
    bool interactive = true;
    bool json = false;
    std::optional<verdict> override_verdict;
};

inline req json_req() {
    req r;
    r.json = true;
    return r;
}
inline req untrusted_req() {
    req r;
    r.trusted = false;
    return r;
}
inline req noninteractive_req() {
    req r;
    r.interactive = false;
    return r;
}
inline req override_req(verdict v) {
    req r;
    r.override_verdict = v;
    return r;
}

/**
 * A workspace tree in a temporary folder. Paths written as `/w/proj/...` and `/home/u/...` in
 * settings and inputs are rewritten to the tree (as rules_cases.json does).
 */
struct workspace {
    claw::test::temp_dir dir{"claw-rules-test"};
    fs::path root = fs::canonical(dir.path);
    fs::path cwd = root / "w" / "proj";
    fs::path home = root / "home" / "u";

    workspace() {
        fs::create_directories(cwd / ".claw");
        fs::create_directories(home / ".claw");
    }

    fs::path project() const { return cwd / ".claw" / "settings.json"; }
    fs::path project_json() const { return cwd / ".claw.json"; }
    fs::path local() const { return cwd / ".claw" / "settings.local.json"; }
    fs::path user() const { return home / ".claw" / "settings.json"; }
    fs::path user_json() const { return home / ".claw.json"; }
    fs::path at(std::string_view rel) const { return root / rel; }

    /** Rewrites every `/w/proj` and `/home/u` to the tree. */
    std::string sub(std::string s) const {
        for (const std::string from : {"/w/proj", "/home/u"}) {
            std::string out;
            std::size_t at = 0;
            for (std::size_t k; (k = s.find(from, at)) != std::string::npos; at = k + from.size()) {
                out += s.substr(at, k - at);
                out += root.string() + from;
            }
            out += s.substr(at);
            s = std::move(out);
        }
        return s;
    }

    void write(const fs::path& file, std::string_view text) const {
        fs::create_directories(file.parent_path());
        claw::test::write_file(file, sub(std::string(text)));
    }

    /** The rules environment of this tree: its working directory and home, the default tools. */
    claw::rules::environment environment() const {
        claw::rules::environment env;
        env.cwd = cwd.string();
        env.home = home.string();
        return env;
    }

    /** Load options as claw-port check builds them: no managed file unless given. */
    claw::rules::load_options options(std::optional<std::string> mode = std::nullopt) const {
        claw::rules::load_options o;
        o.env = environment();
        o.managed_file = fs::path();
        o.mode = std::move(mode);
        return o;
    }

    claw::rules_policy load(std::optional<std::string> mode = std::nullopt) const {
        return claw::rules_policy::load(options(std::move(mode)));
    }
};

/** Checks `input` (rewritten) with `tool` under the request options. */
inline result run(const claw::rules_policy& p, const workspace& w, std::string_view tool, std::string_view input,
                  req r = {}) {
    claw::rules::request_context ctx;
    ctx.trusted = r.trusted;
    ctx.interactive = r.interactive;
    ctx.input_json = r.json;
    if (r.override_verdict) {
        ctx.has_override = true;
        ctx.override_verdict = *r.override_verdict;
    }
    const std::string in = w.sub(std::string(input));
    result out;
    const claw::decision d = p.check(claw::tool_request{tool, in}, ctx, &out.rec);
    out.what = d.what;
    CHECK(out.rec.what == d.what);         // the record and the decision agree
    CHECK(out.rec.reason == d.reason);
    out.text = claw::rules::format_reason(out.rec, r.json ? std::string_view{} : std::string_view(in));
    return out;
}

/**
 * The usual shape of a test: one project settings file (`/w/proj/.claw/settings.json`) with the
 * given `permissions` object, loaded under `mode` (as `--mode`), checked per request.
 */
struct rules_env {
    workspace w;
    std::optional<claw::rules_policy> policy;

    explicit rules_env(std::string_view permissions_json = "{}", std::optional<std::string> mode = "default") {
        w.write(w.project(), std::string("{\"permissions\":") + std::string(permissions_json) + "}");
        policy.emplace(w.load(std::move(mode)));
    }

    result check(std::string_view tool, std::string_view input, req r = {}) const { return run(*policy, w, tool, input, r); }
    verdict operator()(std::string_view tool, std::string_view input, req r = {}) const {
        const result x = check(tool, input, r);
        UNSCOPED_INFO(tool << " " << claw::test::visible(input) << " -> " << Catch::StringMaker<verdict>::convert(x.what)
                           << ": " << x.text);
        return x.what;
    }
};

/** The message of the settings_error thrown by `f`, or "" when it does not throw one. */
template <class F>
std::optional<claw::rules::settings_error> settings_error_of(F&& f) {
    try {
        f();
    } catch (const claw::rules::settings_error& e) {
        return e;
    }
    return std::nullopt;
}

/**
 * Checks that every command (as a Bash input) gets `expected`, and the decision code `code` when one
 * is given; a failure names the command and the explained decision.
 */
inline void all_decided(const rules_env& e, std::initializer_list<const char*> commands, verdict expected,
                        std::optional<decision_code> code = std::nullopt) {
    for (const char* c : commands) {
        const result r = e.check("Bash", c);
        INFO(claw::test::visible(c) << " -> " << Catch::StringMaker<verdict>::convert(r.what) << ": " << r.text);
        CHECK(r.what == expected);
        if (code) CHECK(r.rec.code == *code);
    }
}
/** Checks that every command is denied (as a Bash input). */
inline void all_deny(const rules_env& e, std::initializer_list<const char*> commands) { all_decided(e, commands, deny); }
/** Checks that no command is allowed (as a Bash input). */
inline void none_allowed(const rules_env& e, std::initializer_list<const char*> commands) {
    for (const char* c : commands) {
        INFO(claw::test::visible(c));
        CHECK(e("Bash", c) != allow);
    }
}
/** Checks that no command is allowed and that checking them allocates nothing (after a warm-up check). */
inline void none_allowed_without_allocation(const rules_env& e, std::initializer_list<const char*> commands) {
    (void)e.policy->check({"Bash", "ls"});  // warm up the per-thread scratch storage
    std::size_t not_allowed = 0;
    const std::size_t before = claw_test_allocation_count();
    for (const char* c : commands) not_allowed += e.policy->check({"Bash", c}).what != allow ? 1 : 0;
    const std::size_t after = claw_test_allocation_count();
    CHECK(after - before == 0);
    CHECK(not_allowed == commands.size());
}
/** Checks that every command is allowed (as a Bash input). */
inline void all_allowed(const rules_env& e, std::initializer_list<const char*> commands) {
    all_decided(e, commands, allow);
}

inline const std::vector<std::string> all_modes{"read-only", "default", "workspace-write", "danger-full-access", "dont-ask"};

}  // namespace claw::test::rules_fixture
