// SPDX-License-Identifier: MIT
#include "rules_cli.hpp"

#include "output.hpp"

#include <claw/shell.hpp>

#include <boost/json.hpp>

#include <filesystem>
#include <string>

namespace claw_port {

std::vector<option_spec> rules_options() {
    return {
        {"--cwd", arg_kind::text, "working directory and workspace root (default: the current directory)"},
        {"--home", arg_kind::text, "home directory: ~/ anchors and the user layer (default: $HOME)"},
        {"--settings", arg_kind::append, "a settings file as the 'cli' layer (repeatable, later files lower)"},
        {"--managed-settings", arg_kind::text,
         "the managed layer (default: /etc/claw/managed-settings.json if it exists)"},
        {"--mode", arg_kind::text, "permission mode, overrides permissions.defaultMode"},
        {"--add-dir", arg_kind::append, "an additional directory (repeatable)"},
        {"--non-interactive", arg_kind::flag, "no approver: ask becomes deny"},
        {"--override", arg_kind::text, "an external override such as a hook's answer (allow|ask|deny)"},
    };
}

bool rules_requested(const parsed_args& a) {
    return !a.list("--settings").empty() || a.text("--managed-settings") || a.text("--mode");
}

namespace {
claw::verdict parse_verdict(const std::string& s) {
    if (s == "allow") return claw::verdict::allow;
    if (s == "ask") return claw::verdict::ask;
    if (s == "deny") return claw::verdict::deny;
    throw usage_error("argument --override: invalid choice: " + claw::text::repr(s) + " (choose from allow, ask, deny)");
}

const char* verdict_word(claw::verdict v) {
    return v == claw::verdict::allow ? "allow" : v == claw::verdict::ask ? "ask" : "deny";
}

boost::json::value rule_json(const claw::rules::decision_record& r) {
    if (!r.has_rule) return nullptr;
    boost::json::object o;
    o["text"] = r.rule.text;
    o["list"] = claw::rules::list_name(r.rule.list);
    o["layer"] = claw::rules::layer_name(r.rule.layer);
    o["file"] = r.rule.file;
    o["index"] = r.rule.index;
    o["pointer"] = r.rule.pointer;
    o["line"] = r.rule.line;
    return o;
}
}  // namespace

claw::rules_policy load_rules(const parsed_args& a, bool interactive) {
    claw::rules::load_options o;
    if (auto cwd = a.text("--cwd")) o.env.cwd = std::filesystem::absolute(*cwd).lexically_normal().string();
    if (auto home = a.text("--home")) o.env.home = std::filesystem::absolute(*home).lexically_normal().string();
    for (const auto& s : a.list("--settings")) o.settings_files.emplace_back(s);
    if (auto m = a.text("--managed-settings")) o.managed_file = *m;
    if (auto mode = a.text("--mode")) o.mode = *mode;
    o.mode_from_environment = true;
    for (const auto& d : a.list("--add-dir")) o.env.additional_directories.push_back(std::filesystem::absolute(d).string());
    o.context.trusted = !a.flag("--untrusted");
    o.context.interactive = interactive && !a.flag("--non-interactive");
    if (auto ov = a.text("--override")) {
        o.context.has_override = true;
        o.context.override_verdict = parse_verdict(*ov);
    }
    o.context.input_json = a.flag("--input-json");
    return claw::rules_policy::load(std::move(o));
}

int run_check(const parsed_args& a) {
    // Validate the override before touching any file, so that a usage error stays a usage error.
    if (auto ov = a.text("--override")) (void)parse_verdict(*ov);
    const auto policy = load_rules(a, true);
    for (const auto& w : policy.warnings()) print_error("claw-port: warning: ", w.to_string());
    const std::string& tool = a.positionals[0];
    const std::string& input = a.positionals[1];
    claw::rules::decision_record rec;
    const claw::decision d = policy.check({tool, input}, policy.default_context(), &rec);
    // The subject the record's offsets refer to.
    std::string subject = input;
    if (policy.default_context().input_json) {
        const auto* t = policy.environment().tools.find(tool);
        boost::system::error_code ec;
        const auto v = boost::json::parse(input, ec);
        subject.clear();
        if (!ec && t && v.is_object())
            if (const auto* field = v.as_object().if_contains(t->primary); field && field->is_string())
                subject = std::string(field->as_string());
    }
    const std::string explanation = claw::rules::format_reason(rec, subject);
    if (!a.flag("--json")) {
        print(std::string(verdict_word(d.what)) + ": " + explanation);
        return 0;
    }
    boost::json::object o;
    o["verdict"] = verdict_word(d.what);
    o["code"] = claw::rules::code_name(rec.code);
    o["reason"] = std::string(rec.reason);
    o["explanation"] = explanation;
    o["mode"] = claw::rules::mode_name(rec.mode);
    o["tool"] = tool;
    o["subject"] = subject;
    o["rule"] = rule_json(rec);
    boost::json::object fact;
    fact["kind"] = claw::rules::fact_name(rec.fact);
    fact["begin"] = rec.begin;
    fact["end"] = rec.end;
    if (rec.end > rec.begin && rec.end <= subject.size()) fact["text"] = subject.substr(rec.begin, rec.end - rec.begin);
    if (rec.command) {
        fact["command"] = rec.command;
        fact["depth"] = rec.depth;
    }
    o["fact"] = std::move(fact);
    o["overridden"] = rec.overridden;
    const auto* t = policy.environment().tools.find(tool);
    if (t && t->kind == claw::rules::tool_kind::shell) {
        o["commands"] = rec.commands;
        o["complete"] = rec.complete;
        // What bash could run, as the analysis sees it: the reason behind every shell decision.
        o["analysis"] = boost::json::parse(claw::shell::to_json(claw::shell::analyze(subject)));
    }
    boost::json::array warnings;
    for (const auto& w : policy.warnings()) warnings.push_back(boost::json::string(w.to_string()));
    o["warnings"] = std::move(warnings);
    print(boost::json::serialize(o));
    return 0;
}

}  // namespace claw_port
