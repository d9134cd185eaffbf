// SPDX-License-Identifier: MIT
// Settings for the rules policy (RULES.md S2): the files of each layer, read with Boost.JSON and
// validated strictly, then merged: rule lists and additional directories concatenated across
// layers (never replaced), scalars by precedence, trust and managed-only applied. Loading fails
// closed: invalid JSON, a wrong type, an unknown key under `permissions`, an unknown mode or a
// rule that does not parse is a `settings_error` naming the file, the JSON pointer and the line,
// never a more permissive configuration.
#pragma once

#include <claw/config.hpp>
#include <claw/detail/os.hpp>
#include <claw/error.hpp>
#include <claw/init.hpp>
#include <claw/permissions/policy.hpp>
#include <claw/permissions/rules/detail/json_locator.hpp>
#include <claw/permissions/rules/vocabulary.hpp>
#include <claw/text/one_line.hpp>
#include <claw/text/repr.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_set>
#include <utility>
#include <vector>

CLAW_BEGIN_NAMESPACE
namespace rules {

/**
 * A settings file (or text) that could not be used. `what()` is one line:
 * `settings <file>: <pointer> (line <n>): <cause>`; the parts are also available on their own.
 */
class settings_error : public error {
public:
    settings_error(std::error_code code, std::string file, std::string pointer, std::uint32_t line, std::string cause)
        : error(code, compose(file, pointer, line, cause)),
          file_(std::move(file)),
          pointer_(std::move(pointer)),
          line_(line),
          cause_(std::move(cause)) {}

    const std::string& file() const noexcept { return file_; }
    /** JSON pointer of the offending value (RFC 6901); empty for the whole document. */
    const std::string& pointer() const noexcept { return pointer_; }
    /** 1-based line, 0 when not known. */
    std::uint32_t line() const noexcept { return line_; }
    const std::string& cause() const noexcept { return cause_; }

private:
    static std::string compose(const std::string& file, const std::string& pointer, std::uint32_t line,
                               const std::string& cause) {
        std::string s = "settings " + text::one_line(file, text::control_style::repr_if_any) + ": ";
        if (!pointer.empty()) s += text::one_line(pointer, text::control_style::repr_if_any) + " ";
        if (line) s += pointer.empty() ? "line " + std::to_string(line) + ": " : "(line " + std::to_string(line) + "): ";
        return s + text::one_line(cause, text::control_style::c_escape);
    }
    std::string file_, pointer_;
    std::uint32_t line_;
    std::string cause_;
};

/** A note about the configuration that does not stop loading (S2.8); an error under `strict`. */
struct load_warning {
    std::string file;
    std::string pointer;
    std::uint32_t line = 0;
    std::string message;

    /** `<file>: <pointer> (line <n>): <message>` */
    std::string to_string() const {
        std::string s = text::one_line(file, text::control_style::repr_if_any) + ": ";
        if (!pointer.empty()) s += text::one_line(pointer, text::control_style::repr_if_any) + " ";
        if (line) s += "(line " + std::to_string(line) + "): ";
        return s + text::one_line(message, text::control_style::c_escape);
    }
};

/** One settings file or text, as loaded. */
struct settings_source {
    settings_layer layer = settings_layer::cli;
    std::string name;        ///< the file path, or a description such as `<json>`
    std::string anchor_dir;  ///< the directory `/x` path patterns are relative to (S8.1)
    /** Project allow rules and additional directories from this source need a trusted workspace (S2.4). */
    bool needs_trust = false;
    detail::json_locations locations;
};

/** One rule as written, with where it was written. */
struct rule_entry {
    std::string text;
    rule_list list = rule_list::allow;
    std::uint32_t source = 0;  ///< index into `permission_settings::sources`
    std::uint32_t index = 0;   ///< position in its list in its file
    std::string pointer;       ///< e.g. `/permissions/deny/2`
    std::uint32_t line = 0;
    bool needs_trust = false;  ///< inactive while the workspace is untrusted (S2.4)
};

/** An additional directory (a root besides the working directory). */
struct directory_entry {
    std::string path;  ///< absolute, as written or resolved against the source's directory
    std::uint32_t source = 0;
    bool needs_trust = false;
};

/** An inline test of a settings file (S2.9): `{"tool", "input", "expect"}`. */
struct inline_test {
    std::string tool;
    std::string input;        ///< the subject, or the JSON argument object when `input_json`
    bool input_json = false;  ///< the input was given as an object
    verdict expect = verdict::allow;
    std::uint32_t source = 0;
    std::string pointer;
    std::uint32_t line = 0;
};

/** The merged configuration of all layers. */
struct permission_settings {
    std::vector<settings_source> sources;
    std::vector<rule_entry> rules;  ///< in evaluation order: layer precedence, then file, then index
    std::vector<directory_entry> additional_directories;
    /** The mode when the workspace is trusted, and when it is not (a project may not raise it). */
    permission_mode mode_trusted = permission_mode::default_mode;
    permission_mode mode_untrusted = permission_mode::default_mode;
    std::string mode_origin = "built-in default";  ///< what set the mode
    bool danger_disabled = false;                  ///< `disableDangerMode: "disable"` in some layer
    bool managed_only = false;                     ///< `allowManagedRulesOnly` in the managed layer
    bool strict = false;                           ///< `strict: true` in some layer: warnings are errors
    std::vector<inline_test> tests;
    std::vector<load_warning> warnings;
    /** Said when the policy serves an untrusted workspace: what the repository's settings asked for in vain. */
    std::optional<load_warning> untrusted_note;
};

namespace detail {

[[noreturn]] inline void fail_at(const settings_source& s, const std::string& pointer, const std::string& cause,
                                 errc code = errc::wrong_type) {
    throw settings_error(code, s.name, pointer, s.locations.line_of(pointer), cause);
}

inline const char* json_kind(const boost::json::value& v) {
    switch (v.kind()) {
        case boost::json::kind::null: return "null";
        case boost::json::kind::bool_: return "a boolean";
        case boost::json::kind::int64:
        case boost::json::kind::uint64:
        case boost::json::kind::double_: return "a number";
        case boost::json::kind::string: return "a string";
        case boost::json::kind::array: return "an array";
        case boost::json::kind::object: return "an object";
    }
    return "a value";
}

inline std::string shown(boost::json::string_view s) { return text::repr(std::string_view(s.data(), s.size())); }

// Reads one source's `permissions` object into `out`, validating every key and type.
inline void read_permissions(std::uint32_t index, const boost::json::value& doc, permission_settings& out,
                             std::optional<permission_mode>& mode, std::string& mode_pointer) {
    const settings_source& src = out.sources[index];
    if (!doc.is_object()) fail_at(src, "", std::string("the settings must be a JSON object, got ") + json_kind(doc));
    const auto& top = doc.as_object();
    const auto* perms_it = top.if_contains("permissions");
    if (!perms_it) return;
    if (!perms_it->is_object())
        fail_at(src, "/permissions", std::string("'permissions' must be an object, got ") + json_kind(*perms_it));
    for (const auto& member : perms_it->as_object()) {
        // (No structured binding: clang 14 cannot capture one in the lambda below.)
        const boost::json::string_view key = member.key();
        const boost::json::value& value = member.value();
        const std::string k(key.data(), key.size());
        const std::string ptr = "/permissions/" + pointer_token(k);
        const auto strings = [&](const char* what) -> const boost::json::array& {
            if (!value.is_array()) fail_at(src, ptr, std::string("'") + what + "' must be an array of strings, got " + json_kind(value));
            const auto& arr = value.as_array();
            for (std::size_t i = 0; i < arr.size(); ++i)
                if (!arr[i].is_string())
                    fail_at(src, ptr + "/" + std::to_string(i),
                            std::string("'") + what + "' must hold strings only, got " + json_kind(arr[i]));
            return arr;
        };
        if (k == "allow" || k == "ask" || k == "deny") {
            const rule_list list = k == "allow" ? rule_list::allow : k == "ask" ? rule_list::ask : rule_list::deny;
            const auto& arr = strings(k.c_str());
            for (std::size_t i = 0; i < arr.size(); ++i) {
                rule_entry r;
                const auto& s = arr[i].as_string();
                r.text.assign(s.data(), s.size());
                r.list = list;
                r.source = index;
                r.index = static_cast<std::uint32_t>(i);
                r.pointer = ptr + "/" + std::to_string(i);
                r.line = src.locations.line_of(r.pointer);
                r.needs_trust = list == rule_list::allow && src.needs_trust;
                out.rules.push_back(std::move(r));
            }
        } else if (k == "additionalDirectories") {
            const auto& arr = strings("additionalDirectories");
            for (std::size_t i = 0; i < arr.size(); ++i) {
                const auto& s = arr[i].as_string();
                std::filesystem::path p(std::string(s.data(), s.size()));
                if (p.empty()) fail_at(src, ptr + "/" + std::to_string(i), "an additional directory must not be empty", errc::invalid_argument);
                if (p.is_relative()) p = std::filesystem::path(src.anchor_dir) / p;
                out.additional_directories.push_back({p.lexically_normal().string(), index, src.needs_trust});
            }
        } else if (k == "defaultMode") {
            if (!value.is_string()) fail_at(src, ptr, std::string("'defaultMode' must be a string, got ") + json_kind(value));
            const auto& s = value.as_string();
            const auto m = parse_mode(std::string_view(s.data(), s.size()));
            if (!m)
                fail_at(src, ptr,
                        "unknown permission mode " + shown(s) +
                            " (read-only, default, workspace-write, danger-full-access or dont-ask, or an alias)",
                        errc::invalid_argument);
            mode = *m;
            mode_pointer = ptr;
        } else if (k == "disableDangerMode") {
            if (!value.is_string() || value.as_string() != "disable")
                fail_at(src, ptr, "'disableDangerMode' must be the string \"disable\"", errc::invalid_argument);
            out.danger_disabled = true;
        } else if (k == "allowManagedRulesOnly") {
            if (!value.is_bool()) fail_at(src, ptr, std::string("'allowManagedRulesOnly' must be a boolean, got ") + json_kind(value));
            if (src.layer != settings_layer::managed)
                fail_at(src, ptr, "'allowManagedRulesOnly' is only read from the managed settings", errc::invalid_argument);
            out.managed_only = out.managed_only || value.as_bool();
        } else if (k == "strict") {
            if (!value.is_bool()) fail_at(src, ptr, std::string("'strict' must be a boolean, got ") + json_kind(value));
            out.strict = out.strict || value.as_bool();
        } else if (k == "tests") {
            if (!value.is_array()) fail_at(src, ptr, std::string("'tests' must be an array, got ") + json_kind(value));
            const auto& arr = value.as_array();
            for (std::size_t i = 0; i < arr.size(); ++i) {
                const std::string tp = ptr + "/" + std::to_string(i);
                if (!arr[i].is_object()) fail_at(src, tp, std::string("a test must be an object, got ") + json_kind(arr[i]));
                inline_test t;
                t.source = index;
                t.pointer = tp;
                t.line = src.locations.line_of(tp);
                bool has_tool = false, has_input = false, has_expect = false;
                for (const auto& [tk, tv] : arr[i].as_object()) {
                    const std::string field(tk.data(), tk.size());
                    const std::string fp = tp + "/" + pointer_token(field);
                    if (field == "tool") {
                        if (!tv.is_string()) fail_at(src, fp, "'tool' must be a string");
                        t.tool.assign(tv.as_string().data(), tv.as_string().size());
                        has_tool = true;
                    } else if (field == "input") {
                        if (tv.is_string()) {
                            t.input.assign(tv.as_string().data(), tv.as_string().size());
                        } else if (tv.is_object()) {
                            t.input = boost::json::serialize(tv);
                            t.input_json = true;
                        } else {
                            fail_at(src, fp, "'input' must be a string (the subject) or an object (the tool's arguments)");
                        }
                        has_input = true;
                    } else if (field == "expect") {
                        const std::string_view e = tv.is_string() ? std::string_view(tv.as_string().data(), tv.as_string().size())
                                                                  : std::string_view{};
                        if (e == "allow") t.expect = verdict::allow;
                        else if (e == "ask") t.expect = verdict::ask;
                        else if (e == "deny") t.expect = verdict::deny;
                        else fail_at(src, fp, "'expect' must be \"allow\", \"ask\" or \"deny\"", errc::invalid_argument);
                        has_expect = true;
                    } else {
                        fail_at(src, fp, "unknown key " + shown(tk) + " in a test (tool, input, expect)", errc::invalid_argument);
                    }
                }
                if (!has_tool || !has_input || !has_expect)
                    fail_at(src, tp, "a test needs 'tool', 'input' and 'expect'", errc::missing_field);
                out.tests.push_back(std::move(t));
            }
        } else {
            fail_at(src, ptr,
                    "unknown key " + shown(key) +
                        " under 'permissions' (allow, ask, deny, additionalDirectories, defaultMode, "
                        "disableDangerMode, allowManagedRulesOnly, strict, tests)",
                    errc::invalid_argument);
        }
    }
}

}  // namespace detail

/** Where one settings source comes from. */
struct settings_input {
    settings_layer layer = settings_layer::cli;
    std::string name;        ///< file path or description, used in every message
    std::string text;        ///< the JSON text
    std::string anchor_dir;  ///< directory for `/x` path patterns
    bool needs_trust = false;
};

/**
 * Merges settings sources (any order; they are sorted by layer precedence, keeping the given order
 * within a layer). `mode_override` (a flag or environment variable, already validated) beats
 * every file. Rules are kept once per list and text, from the highest-precedence source.
 *
 * @throws settings_error for the first invalid source (nothing is merged then).
 */
inline permission_settings merge_settings(std::vector<settings_input> inputs,
                                          std::optional<permission_mode> mode_override = std::nullopt,
                                          std::string mode_override_origin = {}) {
    std::stable_sort(inputs.begin(), inputs.end(),
                     [](const settings_input& a, const settings_input& b) { return a.layer < b.layer; });
    permission_settings out;
    std::optional<permission_mode> trusted_mode, untrusted_mode;
    std::string trusted_origin, untrusted_origin;
    for (auto& in : inputs) {
        settings_source src;
        src.layer = in.layer;
        src.name = in.name;
        src.anchor_dir = in.anchor_dir;
        src.needs_trust = in.needs_trust;
        const detail::json_problem p = detail::locate_json(in.text, src.locations);
        if (!p.cause.empty()) {
            std::string cause = p.cause;
            if (p.column) cause = "line " + std::to_string(p.line) + ", column " + std::to_string(p.column) + ": " + cause;
            throw settings_error(errc::malformed_json, src.name, p.pointer, p.column ? 0 : p.line, cause);
        }
        boost::system::error_code parse_ec;
        boost::json::value doc = boost::json::parse(in.text, parse_ec);
        if (parse_ec) throw settings_error(errc::malformed_json, src.name, "", 0, "malformed JSON: " + parse_ec.message());
        const auto index = static_cast<std::uint32_t>(out.sources.size());
        out.sources.push_back(std::move(src));
        std::optional<permission_mode> m;
        std::string mode_pointer;
        detail::read_permissions(index, doc, out, m, mode_pointer);
        if (!m) continue;
        const settings_source& s = out.sources[index];
        const std::string origin = s.name + " " + mode_pointer;
        // A repository may not grant itself danger-full-access unless it is trusted (S2.5).
        const bool repo = s.layer == settings_layer::project || s.layer == settings_layer::local;
        if (!trusted_mode) {
            trusted_mode = m;
            trusted_origin = origin;
        }
        if (!untrusted_mode) {
            if (repo && *m == permission_mode::danger_full_access) {
                // Only a note: it matters, and is reported, when the workspace is not trusted.
                out.untrusted_note = load_warning{s.name, mode_pointer, s.locations.line_of(mode_pointer),
                                                  "danger-full-access from the repository's own settings is ignored "
                                                  "while the workspace is not trusted"};
            } else {
                untrusted_mode = m;
                untrusted_origin = origin;
            }
        }
    }
    if (mode_override) {
        trusted_mode = untrusted_mode = mode_override;
        trusted_origin = untrusted_origin = std::move(mode_override_origin);
    }
    out.mode_trusted = trusted_mode.value_or(permission_mode::default_mode);
    out.mode_untrusted = untrusted_mode.value_or(permission_mode::default_mode);
    out.mode_origin = trusted_mode ? trusted_origin : "built-in default";
    if (out.danger_disabled) {
        for (permission_mode* m : {&out.mode_trusted, &out.mode_untrusted}) {
            if (*m == permission_mode::danger_full_access) {
                *m = permission_mode::default_mode;
                out.warnings.push_back({out.mode_origin, "", 0,
                                        "danger-full-access is disabled by disableDangerMode; using default"});
            }
        }
    }
    // Managed-only: rules of every other layer are ignored (S2.3).
    if (out.managed_only) {
        std::vector<rule_entry> kept;
        for (auto& r : out.rules)
            if (out.sources[r.source].layer == settings_layer::managed) kept.push_back(std::move(r));
        out.rules = std::move(kept);
    }
    // The same text in the same list is kept once, from the highest-precedence source (S2.2).
    // (A rule that needs trust never hides one that does not.)
    std::unordered_set<std::string> seen;
    std::vector<rule_entry> unique;
    for (auto& r : out.rules) {
        std::string key(1, static_cast<char>('0' + static_cast<int>(r.list) * 2 + (r.needs_trust ? 1 : 0)));
        key += r.text;
        if (seen.insert(std::move(key)).second) unique.push_back(std::move(r));
    }
    out.rules = std::move(unique);
    return out;
}

/** Reads a settings file (at most CLAW_MAX_SETTINGS_FILE_SIZE bytes). @throws settings_error */
inline std::string read_settings_file(const std::filesystem::path& path) {
    const std::string name = path.string();
    if (name.find('\0') != std::string::npos)
        throw settings_error(errc::invalid_argument, name, "", 0, "the path holds a NUL byte");
    claw::detail::os::unique_fd fd(claw::detail::os::open_following(path.c_str()));
    if (!fd) {
        const std::error_code ec = claw::detail::os::last_error();
        throw settings_error(ec, name, "", 0, "cannot open: " + ec.message());
    }
    auto r = claw::detail::os::read_regular(fd.get(), CLAW_MAX_SETTINGS_FILE_SIZE);
    switch (r.status) {
        case claw::detail::os::read_status::ok: return std::move(r.bytes);
        case claw::detail::os::read_status::not_regular:
            throw settings_error(errc::not_a_regular_file, name, "", 0, "is not a regular file");
        case claw::detail::os::read_status::too_large:
            throw settings_error(errc::too_large, name, "", 0,
                                 "is larger than the limit of " + std::to_string(CLAW_MAX_SETTINGS_FILE_SIZE) + " bytes");
        case claw::detail::os::read_status::io_error: break;
    }
    throw settings_error(r.error, name, "", 0, "cannot read: " + r.error.message());
}

}  // namespace rules
CLAW_END_NAMESPACE
