// SPDX-License-Identifier: MIT
// Fuzz target: arbitrary bytes as a settings file (RULES.md S2.7). Loading either throws a
// settings_error (one line, naming the file) or gives a policy that holds exactly the rules the
// document lists, in the lists it names, with the mode it sets: never a crash, never another
// exception, never a partial policy. Loading twice gives the same outcome.
#include <claw/permissions/rules.hpp>

#include <boost/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#ifndef CLAW_FUZZ_ENTRY
#define CLAW_FUZZ_ENTRY LLVMFuzzerTestOneInput
#endif

namespace {
struct outcome {
    bool loaded = false;
    std::string error;
    std::set<std::pair<int, std::string>> rules;
    claw::rules::permission_mode mode{};
    bool operator==(const outcome&) const = default;
};

claw::rules::environment fuzz_environment() {
    claw::rules::environment env;
    env.cwd = "/claw-fuzz-nonexistent/w/proj";
    env.home = "/claw-fuzz-nonexistent/home/u";
    env.resolve_symlinks = false;
    return env;
}

outcome load(std::string_view text) {
    outcome o;
    try {
        claw::rules::settings_input in;
        in.layer = claw::rules::settings_layer::project;
        in.name = "<fuzz>";
        in.text = std::string(text);
        in.anchor_dir = "/claw-fuzz-nonexistent/w/proj";
        in.needs_trust = true;
        const claw::rules_policy p(claw::rules::merge_settings({std::move(in)}), fuzz_environment(), {});
        o.loaded = true;
        for (const auto& r : p.settings().rules) o.rules.insert({static_cast<int>(r.list), r.text});
        o.mode = p.mode(true);
        // A loaded policy answers (whatever it answers) without crashing.
        for (const char* tool : {"Bash", "Read", "Edit", "WebFetch", "mcp__s__t", "Agent", "Other"})
            (void)p.check({tool, "x"});
    } catch (const claw::rules::settings_error& e) {
        o.error = e.what();
        if (o.error.empty() || o.error.find('\n') != std::string::npos || e.file() != "<fuzz>") std::abort();
    } catch (...) {
        std::abort();  // only settings_error may leave a load
    }
    return o;
}

// What a complete policy must hold: every rule string of the document's three lists.
void check_complete(std::string_view text, const outcome& o) {
    boost::system::error_code ec;
    const boost::json::value doc = boost::json::parse(text, ec);
    if (ec || !doc.is_object()) std::abort();  // a policy from something that is not a JSON object
    std::set<std::pair<int, std::string>> expected;
    std::optional<claw::rules::permission_mode> mode;
    bool danger_disabled = false;
    if (const auto* perms = doc.as_object().if_contains("permissions")) {
        if (!perms->is_object()) std::abort();
        for (const auto& [key, value] : perms->as_object()) {
            const int list = key == "allow" ? 0 : key == "ask" ? 1 : key == "deny" ? 2 : -1;
            if (list >= 0) {
                if (!value.is_array()) std::abort();
                for (const auto& r : value.as_array()) {
                    if (!r.is_string()) std::abort();
                    expected.insert({list, std::string(r.as_string())});
                }
            } else if (key == "defaultMode") {
                if (!value.is_string()) std::abort();
                mode = claw::rules::parse_mode(std::string_view(value.as_string().data(), value.as_string().size()));
                if (!mode) std::abort();
            } else if (key == "disableDangerMode") {
                danger_disabled = true;
            } else if (key != "additionalDirectories" && key != "strict" && key != "tests" && key != "allowManagedRulesOnly") {
                std::abort();  // an unknown key was accepted
            }
        }
    }
    if (o.rules != expected) std::abort();
    auto want = mode.value_or(claw::rules::permission_mode::default_mode);
    if (danger_disabled && want == claw::rules::permission_mode::danger_full_access) want = claw::rules::permission_mode::default_mode;
    if (o.mode != want) std::abort();
}
}  // namespace

extern "C" int CLAW_FUZZ_ENTRY(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const outcome first = load(text);
    const outcome second = load(text);
    if (!(first == second)) std::abort();
    if (first.loaded) check_complete(text, first);
    return 0;
}
