// SPDX-License-Identifier: MIT
// What a simple command runs (RULES.md S6.2, S6.5-S6.7): emitting the exec fact of a simple
// command, then the commands it starts itself: wrapper inner commands (with the option grammar of
// each wrapper), `eval`/`sh -c`/`trap`/`watch`/`flock -c`/`env -S` scripts, `find -exec`, `xargs`,
// environment runners and the candidates after an unknown wrapper option; plus the builtins that
// change the analysis itself (`cd`, `alias`, `shopt`, `hash -p`, variable builtins).
#pragma once

#include <claw/config.hpp>
#include <claw/shell/detail/analyzer.hpp>
#include <claw/shell/detail/programs.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

CLAW_BEGIN_NAMESPACE
namespace shell {
namespace detail {

/**
 * The option grammar of a wrapper (S6.5). Short options are single characters; long option lists
 * are space-separated names without dashes. `operands` words follow the options before the inner
 * command (timeout's DURATION, chrt's priority, taskset's mask, flock's file).
 */
struct wrapper_spec {
    std::string_view name;
    std::string_view flags;           // short options without argument
    std::string_view with_arg;        // short options with a required argument
    std::string_view optional_arg;    // short options with an optional attached argument
    std::string_view long_flags;
    std::string_view long_with_arg;
    std::string_view long_optional;   // --name or --name=value
    std::string_view no_command;      // short options after which no command runs
    std::string_view long_no_command;
    std::string_view opaque_effect;   // short options that make a transparent wrapper non-transparent
    std::string_view long_opaque_effect;
    unsigned char operands = 0;
    bool transparent = false;
    bool assignments = false;         // NAME=VALUE words may precede the command (env, sudo)
    bool digit_option = false;        // nice -N
    bool dash_is_flag = false;        // env -
};

inline constexpr wrapper_spec wrapper_specs[] = {
    {"timeout", "fpv", "ks", "", "foreground preserve-status verbose", "kill-after signal", "", "", "", "", "", 1, true},
    {"time", "pavq", "fo", "", "portability append verbose quiet", "format output", "", "", "", "o", "output", 0, true},
    {"nice", "", "n", "", "", "adjustment", "", "", "", "", "", 0, true, false, true},
    {"nohup", "", "", "", "", "", "", "", "", "", "", 0, true},
    {"stdbuf", "", "ioe", "", "", "input output error", "", "", "", "", "", 0, true},
    {"noglob", "", "", "", "", "", "", "", "", "", "", 0, true},
    {"env", "i0v", "uCS", "", "ignore-environment null debug", "unset chdir split-string",
     "block-signal default-signal ignore-signal", "", "list-signal-handling", "", "", 0, false, true, false, true},
    {"sudo", "AbEeHhiKklnPSsVv", "aCcDgprTtUuR", "", "askpass background bell edit help list login non-interactive preserve-groups remove-timestamp reset-timestamp set-home shell stdin validate version",
     "user group close-from chdir host prompt role type command-timeout other-user chroot auth-type login-class", "preserve-env",
     "eKlVvh", "edit help list validate version remove-timestamp", "", "", 0, false, true},
    {"doas", "LnSs", "Cu", "", "", "", "", "LC", "", "", "", 0},
    {"setsid", "cfw", "", "", "ctty fork wait", "", "", "", "", "", "", 0},
    {"ionice", "tpPu", "cn", "", "ignore pid pgid uid", "class classdata", "", "pPu", "pid pgid uid", "", "", 0},
    {"chrt", "abdfiorRvmp", "TPD", "", "all-tasks batch deadline fifo idle other rr reset-on-fork verbose max pid",
     "sched-runtime sched-period sched-deadline", "", "mp", "max pid", "", "", 1},
    {"taskset", "acp", "", "", "all-tasks cpu-list pid", "", "", "p", "pid", "", "", 1},
    {"flock", "sxeunoF", "wEc", "", "shared exclusive unlock nonblock nb close no-fork verbose",
     "wait timeout conflict-exit-code command", "", "", "", "", "", 1},
    {"watch", "bcCdegptwrx", "nq", "", "beep color no-color errexit chgexit precise no-title no-wrap exec no-rerun",
     "interval equexit", "differences", "", "", "", "", 0},
    {"unbuffer", "p", "", "", "", "", "", "", "", "", "", 0},
    {"xargs", "0prtx", "adEILnPs", "eil", "null interactive verbose exit no-run-if-empty show-limits open-tty",
     "arg-file delimiter max-args max-procs max-chars process-slot-var", "eof replace max-lines", "", "show-limits", "", "", 0,
     true},
    {"exec", "cl", "a", "", "", "", "", "", "", "", "", 0},
    {"command", "pvV", "", "", "", "", "", "vV", "", "", "", 0, true},
    {"builtin", "", "", "", "", "", "", "", "", "", "", 0, true},
};

// True when `specs` names the entries of `names`, in the same order (a name entry's `spec` indexes both).
template <class Spec, std::size_t N, std::size_t M>
constexpr bool follows(const Spec (&specs)[N], const std::array<std::string_view, M>& names) noexcept {
    if (N != M) return false;
    for (std::size_t i = 0; i < N; ++i)
        if (specs[i].name != names[i]) return false;
    return true;
}
static_assert(follows(wrapper_specs, wrapper_names), "wrapper_specs follows wrapper_names");

/**
 * An environment runner (S6.5): `name`, then one of the space-separated subcommands `subs` (none:
 * the command follows at once), then a command (deny/ask only).
 */
struct runner_spec {
    std::string_view name;
    std::string_view subs;
};
inline constexpr runner_spec runner_specs[] = {
    {"npx", ""},        {"pnpx", ""},        {"bunx", ""},         {"uvx", ""},
    {"devbox", "run"},  {"direnv", "exec"},  {"mise", "exec"},     {"docker", "exec"},
    {"podman", "exec"}, {"kubectl", "exec"}, {"poetry", "run"},    {"bundle", "exec"},
    {"uv", "run"},      {"pipx", "run"},     {"pnpm", "exec dlx"}, {"yarn", "exec dlx"},
};
static_assert(follows(runner_specs, runner_names), "runner_specs follows runner_names");

/** Result of parsing a wrapper's options. */
struct wrapper_parse {
    std::uint32_t command = 0;  // index in argv where the inner command starts (== argc: none)
    bool unknown = false;
    bool no_command = false;
    bool opaque_effect = false;
};

template <class OnOption>
constexpr wrapper_parse parse_wrapper(const wrapper_spec& spec, std::span<const word> argv, OnOption&& on_option) noexcept {
    wrapper_parse r;
    std::uint32_t i = 1;
    const auto n = static_cast<std::uint32_t>(argv.size());
    while (i < n) {
        const word& w = argv[i];
        if (!w.literal() && spec.assignments && w.text.find('=') != std::string_view::npos) break;  // NAME=value
        if (!w.literal()) {
            if (w.text.empty() || w.text.front() != '-') {
                // an opaque word where an option could be: unknown unless it is clearly the command
                if (spec.operands == 0 && !spec.assignments) break;
            }
            r.unknown = true;
            break;
        }
        const std::string_view t = w.text;
        if (same_text(t, "--")) {
            ++i;
            break;
        }
        if (same_text(t, "-") && spec.dash_is_flag) {
            ++i;
            continue;
        }
        if (t.size() > 2 && t[0] == '-' && t[1] == '-') {
            const std::size_t eq = t.find('=');
            const std::string_view name = t.substr(2, eq == std::string_view::npos ? std::string_view::npos : eq - 2);
            if (same_text(name, "help") || same_text(name, "version") || in_words(spec.long_no_command, name))
                r.no_command = true;
            if (in_words(spec.long_opaque_effect, name)) r.opaque_effect = true;
            if (in_words(spec.long_flags, name) || in_words(spec.long_optional, name) ||
                (same_text(name, "help") || same_text(name, "version")) || in_words(spec.long_no_command, name)) {
                on_option(name, eq == std::string_view::npos ? std::string_view{} : t.substr(eq + 1), i);
                ++i;
                continue;
            }
            if (in_words(spec.long_with_arg, name)) {
                if (eq != std::string_view::npos) {
                    on_option(name, t.substr(eq + 1), i);
                    ++i;
                } else {
                    if (i + 1 >= n) {
                        r.unknown = true;
                        return r;
                    }
                    if (!argv[i + 1].literal()) r.opaque_effect = true;
                    on_option(name, argv[i + 1].text, i + 1);
                    i += 2;
                }
                if (same_text(spec.name, "env") && same_text(name, "split-string")) {
                    r.command = i;
                    return r;
                }
                continue;
            }
            r.unknown = true;
            break;
        }
        if (t.size() > 1 && t[0] == '-') {
            std::size_t j = 1;
            bool next_word_used = false;
            bool bad = false;
            if (spec.digit_option && is_digit(static_cast<unsigned char>(t[1]))) {
                ++i;
                continue;
            }
            while (j < t.size()) {
                const char c = t[j];
                const std::string_view key(&t[j], 1);
                if (spec.no_command.find(c) != std::string_view::npos) r.no_command = true;
                if (spec.opaque_effect.find(c) != std::string_view::npos) r.opaque_effect = true;
                if (spec.flags.find(c) != std::string_view::npos) {
                    on_option(key, {}, i);
                    ++j;
                    continue;
                }
                if (spec.optional_arg.find(c) != std::string_view::npos) {
                    on_option(key, t.substr(j + 1), i);
                    j = t.size();
                    break;
                }
                if (spec.with_arg.find(c) != std::string_view::npos) {
                    if (j + 1 < t.size()) {
                        on_option(key, t.substr(j + 1), i);
                    } else {
                        if (i + 1 >= n) {
                            r.unknown = true;
                            return r;
                        }
                        on_option(key, argv[i + 1].text, i + 1);
                        if (!argv[i + 1].literal()) r.opaque_effect = true;
                        next_word_used = true;
                    }
                    if (same_text(spec.name, "env") && c == 'S') {  // the split words come next: parsing goes on there
                        r.command = i + (next_word_used ? 2 : 1);
                        return r;
                    }
                    j = t.size();
                    break;
                }
                bad = true;
                break;
            }
            if (bad) {
                r.unknown = true;
                break;
            }
            i += next_word_used ? 2 : 1;
            continue;
        }
        break;
    }
    if (r.unknown) {
        r.command = i;
        return r;
    }
    for (unsigned k = 0; k < spec.operands && i < n; ++k) ++i;
    if (spec.assignments) {
        // Assignments, literal or not (the text keeps the source spelling): env and sudo take every
        // word holding a `=` for one, whatever precedes it (`env X%=1 rm x` runs rm).
        while (i < n) {
            const std::string_view t = argv[i].text;
            if (t.find('=') == std::string_view::npos) break;
            // an exported function (`BASH_FUNC_a%%=() { ...; }`): a bash started below runs its body
            if (same_text(t.substr(0, 10), "BASH_FUNC_")) r.unknown = true;
            ++i;
        }
    }
    r.command = i;
    return r;
}

inline constexpr word synthetic_echo{"echo", {}, 0, 0, word_flags::synthetic};

inline std::int32_t analyzer::add_command(std::uint32_t first, std::uint32_t count, std::int32_t parent, origin via,
                                          std::uint32_t flags, std::uint32_t begin, std::uint32_t end) noexcept {
    if (stop_) return -1;
    if (a_.command_count_ >= a_.commands_.size()) {
        fail(incomplete_reason::too_many_commands);
        return -1;
    }
    const std::size_t index = a_.command_count_++;
    command& c = a_.commands_[index];
    c = command{};
    classes_[index] = {};
    c.first_word = first;
    c.word_count = count;
    c.parent = parent;
    c.via = via;
    c.begin = begin;
    c.end = end;
    c.cwd = cwd_;
    c.depth = static_cast<std::uint8_t>(depth_ > 255 ? 255 : depth_);
    c.ordinal = static_cast<std::uint16_t>(index);
    if (ctx_deny_only_) flags |= command_flags::deny_only;
    if (parent >= 0 && a_.commands_[static_cast<std::size_t>(parent)].deny_only()) flags |= command_flags::deny_only;
    if (via != origin::top || parent >= 0) flags |= command_flags::nested;
    if (in_function_ > 0) flags |= command_flags::in_function;
    if (after_unsafe_) flags |= command_flags::after_unsafe;
    if (count == 0 || (flags & command_flags::unresolvable) != 0) {
        flags |= command_flags::unresolvable;
    } else {
        const word& w0 = a_.words_[first];
        if (!w0.literal()) {
            flags |= command_flags::unresolvable;
            if (w0.lit_or_opaque()) c.name = basename_of(w0.text);
        } else {
            const std::size_t slash = w0.text.rfind('/');
            c.name = slash == std::string_view::npos ? w0.text : w0.text.substr(slash + 1);
            const name_entry* known = find_name(c.name);  // its classes and its program: one lookup
            const unsigned klass = known ? known->bits : 0;
            if (known) classes_[index] = {static_cast<std::uint8_t>(klass), known->spec};
            if (slash != std::string_view::npos) {
                flags |= command_flags::host_path;
            } else {
                if ((klass & name_bits::builtin) != 0) flags |= command_flags::builtin;
                if (functions_overflow_ || is_function(w0.text)) flags |= command_flags::function_call;
            }
            c.program = static_cast<std::uint8_t>(known ? known->program : prog::none);
        }
    }
    c.flags = flags;
    return static_cast<std::int32_t>(index);
}

inline void analyzer::parse_simple() noexcept {
    const std::size_t scratch_mark = a_.scratch_top_;
    const std::size_t redir_begin = a_.redirect_count_;
    const std::size_t asg_begin = a_.assignment_count_;
    bool assigning = true;
    std::uint32_t argc = 0;
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
    bool any = false;
    bool unsafe = false;
    for (;;) {
        if (stop_) return;
        const token& t = peek_tok();
        if (t.kind == tok::oper && is_redirect_op(t.o)) {
            const token r = take_tok();
            if (!any) begin = pos_out(r.begin);
            any = true;
            parse_redirect(r);
            end = pos_out_end(src_->pos);
            continue;
        }
        if (t.kind != tok::word) break;
        if (argc > 0) {  // an argument (after the name, no assignment): stored from the lookahead, uncopied
            end = t.w.end;
            if (!push_scratch(t.w)) return;
            drop_tok();
            ++argc;
            continue;
        }
        token w = take_tok();
        if (!any) begin = w.w.begin;
        any = true;
        end = w.w.end;
        if (assigning) assignment_form(w);
        if (assigning && w.assign != 0) {
            if (a_.assignment_count_ >= a_.assignments_.size()) {
                fail(incomplete_reason::too_many_assignments);
                return;
            }
            assignment as;
            as.name = w.w.text.substr(0, w.name_len);
            word value = w.w;
            const std::size_t skip = w.name_len + (w.assign == 2 ? 2 : 1);
            if (w.assign == 3) {
                as.array = true;
                arithmetic_names(w.w.text);  // the subscript is arithmetic: `a[PATH=0]=1`
                value.flags |= word_flags::opaque;
                value.suffix = {};
            } else {
                value.text = value.text.substr(skip < value.text.size() ? skip : value.text.size());
                as.append = w.assign == 2;
                if (!value.text.empty() && value.text.front() == '(' && value.opaque()) as.array = true;
                // assignments are neither split nor globbed nor brace-expanded
                if (value.opaque() && (value.flags & (word_flags::expansion | word_flags::substitution)) == 0 &&
                    (value.flags & (word_flags::glob | word_flags::brace)) != 0 && !as.array)
                    value.flags = static_cast<std::uint16_t>(value.flags & ~(word_flags::opaque));
                value.flags = static_cast<std::uint16_t>(value.flags & ~(word_flags::may_split | word_flags::glob |
                                                                          word_flags::brace | word_flags::tilde));
            }
            as.safe = is_safe_assignment(as.name, options_);
            if (!as.safe) unsafe = true;
            // aliases, and shell options that change what a later `bash` parses or globs (`BASHOPTS=globstar`)
            if (same_text(as.name, "BASH_ALIASES") || same_text(as.name, "BASH_CMDS") ||
                same_text(as.name, "BASHOPTS") || same_text(as.name, "SHELLOPTS")) {
                fail(incomplete_reason::unsupported);
                return;
            }
            if (same_text(as.name, "IFS")) prop_off_ = true;
            const std::int32_t vi = store_word(value);
            if (vi < 0) return;
            as.value = static_cast<std::uint32_t>(vi);
            a_.assignments_[a_.assignment_count_++] = as;
            if (value.literal()) scan_data(value.text, value.begin, value.end);
            if (integer_values_ && value.literal()) arithmetic_names(value.text);  // maybe an integer variable
            const std::string_view raw = a_.text_.substr(w.w.begin, w.w.end - w.w.begin);
            if (w.assign == 3 || as.array) {
                // `a[i]=v`, `a=([i]=v)`: subscripts are arithmetic, expanded again: what they hold is data
                evaluates_ = true;
                scan_data(raw, w.w.begin, w.w.end);
                if (mentions_bash_text_variable(raw) ||
                    (raw.find_first_of("$`*?") != std::string_view::npos && !arithmetic_value(raw)))
                    untrusted_ = true;  // elements or subscripts known only at run time
            } else if ((w.w.flags & (word_flags::expansion | word_flags::substitution)) != 0 && !arithmetic_value(raw)) {
                untrusted_ = true;
            }
            continue;
        }
        assigning = false;
        if (argc == 0) {
            const token& n = peek_tok();
            if (is_op(n, op::lparen)) {
                take_tok();
                if (!is_op(take_tok(), op::rparen)) {
                    fail(incomplete_reason::syntax);
                    return;
                }
                remember_function(w.w.text);
                function_body();
                parse_trailing_redirects();
                for (std::size_t i = redir_begin; i < a_.redirect_count_; ++i)
                    if (a_.redirects_[i].command == -2) a_.redirects_[i].command = -1;
                return;
            }
        }
        if (!push_scratch(w.w)) return;
        ++argc;
    }
    if (stop_) return;
    const std::size_t asg_count = a_.assignment_count_ - asg_begin;
    if (argc == 0) {
        for (std::size_t i = asg_begin; i < a_.assignment_count_; ++i) {
            const assignment& as = a_.assignments_[i];
            const word& v = a_.words_[as.value];
            // (after `declare -i` the variable may hold the value's arithmetic result: `n=1+3` is 4)
            if (v.literal() && !as.array && !as.append && (v.flags & word_flags::tilde) == 0 && !integer_values_)
                push_const(as.name, v.text, cond_ > 0 ? 1 : 0);
            else
                push_const(as.name, {}, 2);
            if (!as.safe) after_unsafe_ = true;
        }
        for (std::size_t i = redir_begin; i < a_.redirect_count_; ++i)
            if (a_.redirects_[i].command == -2) a_.redirects_[i].command = -1;
        return;
    }
    const std::uint32_t first = u32(a_.word_count_);
    for (std::uint32_t i = 0; i < argc; ++i)
        if (store_word(a_.words_[scratch_mark - 1 - i]) < 0) return;
    a_.scratch_top_ = scratch_mark;
    std::uint32_t flags = unsafe ? command_flags::unsafe_prefix : 0;
    const std::int32_t idx = add_command(first, argc, ctx_parent_, ctx_origin_, flags, begin, end);
    if (idx < 0) return;
    command& c = a_.commands_[static_cast<std::size_t>(idx)];
    c.first_assignment = u32(asg_begin);
    c.assignment_count = u32(asg_count);
    for (std::size_t i = asg_begin; i < a_.assignment_count_; ++i) a_.assignments_[i].command = idx;
    for (std::size_t i = redir_begin; i < a_.redirect_count_; ++i)
        if (a_.redirects_[i].command == -2) a_.redirects_[i].command = idx;
    analyze_command(idx, true);
}

inline void analyzer::heredoc_ready(std::int32_t index) noexcept {
    const redirect& r = a_.redirects_[static_cast<std::size_t>(index)];
    if (r.command < 0) return;
    const command& c = a_.commands_[static_cast<std::size_t>(r.command)];
    if (!c.has(command_flags::stdin_script) || (r.fd != -1 && r.fd != 0)) return;
    const bool quoted = (r.flags & redirect_flags::quoted_heredoc) != 0;
    const std::string_view n = c.name;
    nested_script(r.data, r.begin, r.end, origin::shell_c, true, r.command, true, false,
                  same_text(n, "sh") || same_text(n, "dash") || same_text(n, "ash"));
    if (!quoted && (r.data.find('$') != std::string_view::npos || r.data.find('`') != std::string_view::npos))
        add_command(0, 0, r.command, origin::shell_c, command_flags::unresolvable, r.begin, r.end);
}

inline void analyzer::analyze_command(std::int32_t index, bool same_shell) noexcept {
    if (stop_ || index < 0) return;
    if (!enter()) return;
    const command c = a_.commands_[static_cast<std::size_t>(index)];
    const std::span<const word> argv{a_.words_.data() + c.first_word, c.word_count};
    const auto argc = static_cast<std::uint32_t>(argv.size());
    const auto set_flag = [&](std::uint32_t f) { a_.commands_[static_cast<std::size_t>(index)].flags |= f; };
    const auto inner = [&](std::uint32_t from, origin via, std::uint32_t flags, bool same) {
        if (from >= argc) return;
        const std::int32_t k = add_command(c.first_word + from, argc - from, index, via, flags, argv[from].begin, c.end);
        analyze_command(k, same);
    };
    const auto candidates = [&](std::uint32_t from, origin via) {
        for (std::uint32_t j = from; j < argc && !stop_; ++j) {
            const word& w = argv[j];
            if (!w.literal() || w.text.empty() || w.text.front() == '-') continue;
            inner(j, via, command_flags::deny_only, false);
        }
    };
    const auto script = [&](const word& w, origin via, bool subshell, bool fresh, bool posix = false) {
        set_flag(command_flags::runs_script);
        if (w.literal()) {
            nested_script(w.text, w.begin, w.end, via, subshell, index, fresh, false, posix);
        } else {
            add_command(c.first_word, 0, index, via, command_flags::unresolvable, w.begin, w.end);
        }
    };
    const auto forget_all = [&] {
        kill_constants();
        set_cwd_unknown();
    };

    if (c.unresolvable()) {
        forget_all();  // could be a function, `cd`, `eval`, ...
        leave();
        return;
    }
    const std::string_view name = c.name;
    const bool builtin = c.has(command_flags::builtin);
    if (c.has(command_flags::function_call)) forget_all();
    const name_class named = classes_[static_cast<std::size_t>(index)];  // resolvable: set by add_command
    const unsigned klass = named.bits;
    if (klass == 0 || (klass == name_bits::builtin && !builtin)) {  // an ordinary program or builtin: nothing runs inside
        leave();
        return;
    }

    if (builtin) {
        const bool variable = (klass & name_bits::variable_builtin) != 0;
        const bool data_args = variable || same_text(name, "test") || same_text(name, "[");
        if (variable) kill_constants();
        if (variable || same_text(name, "test") || same_text(name, "[")) note_evaluation(name, argv, argc);
        if (variable && may_assign_never_safe(name, argv, argc)) after_unsafe_ = true;
        // Builtins that run a command they are given or remember: `jobs -x cmd`, `compgen -C cmd`
        // or `-F func`, `fc` (the history, or an editor: `-e`, FCEDIT). What runs is not known here.
        bool runs = same_text(name, "fc");
        if (same_text(name, "jobs") || same_text(name, "compgen"))
            for (std::uint32_t i = 1; i < argc; ++i) {
                const std::string_view t = argv[i].text;
                if (!argv[i].literal() || same_text(t, "--")) {
                    runs = runs || !argv[i].literal();
                    break;
                }
                if (t.size() < 2 || t[0] != '-') break;
                if (t.find_first_of(same_text(name, "jobs") ? "x" : "CF") != std::string_view::npos) runs = true;
            }
        if (runs) add_command(c.first_word, 0, index, origin::shell_c, command_flags::unresolvable, c.begin, c.end);
        if (data_args || same_text(name, "eval"))
            for (std::uint32_t i = 1; i < argc; ++i)
                if (argv[i].literal() && (argv[i].flags & word_flags::quoted)) scan_data(argv[i].text, argv[i].begin, argv[i].end);
        if (same_text(name, "declare") || same_text(name, "typeset") || same_text(name, "local") ||
            same_text(name, "export") || same_text(name, "readonly")) {
            for (std::uint32_t i = 1; i < argc; ++i)
                if (same_text(argv[i].text.substr(0, 12), "BASH_ALIASES") ||
                    same_text(argv[i].text.substr(0, 9), "BASH_CMDS") || same_text(argv[i].text.substr(0, 3), "IFS"))
                    prop_off_ = true;
        }
        if (same_text(name, "alias")) {
            for (std::uint32_t i = 1; i < argc; ++i)
                if (!argv[i].literal() || argv[i].text.find('=') != std::string_view::npos) {
                    fail(incomplete_reason::unsupported);
                    break;
                }
        } else if (same_text(name, "shopt")) {
            bool unset = false;
            for (std::uint32_t i = 1; i < argc; ++i)
                if (argv[i].literal() && argv[i].text.size() > 1 && argv[i].text[0] == '-' &&
                    argv[i].text.find('u') != std::string_view::npos)
                    unset = true;
            // options that change how later text parses or what a glob expands to are not followed
            for (std::uint32_t i = 1; i < argc; ++i) {
                if (!argv[i].literal() || changes_globbing(argv[i].text, !unset)) {
                    fail(incomplete_reason::unsupported);
                    break;
                }
            }
        } else if (same_text(name, "hash") || same_text(name, "enable")) {
            const char bad = same_text(name, "hash") ? 'p' : 'f';
            for (std::uint32_t i = 1; i < argc; ++i)
                if (!argv[i].literal() ||
                    (argv[i].text.size() > 1 && argv[i].text[0] == '-' && argv[i].text.find(bad) != std::string_view::npos)) {
                    fail(incomplete_reason::unsupported);
                    break;
                }
        } else if (same_text(name, "set")) {
            for (std::uint32_t i = 1; i < argc; ++i) {
                if (!argv[i].literal()) prop_off_ = true;
                const std::string_view t = argv[i].text;
                // `set -P`, `set -o physical`: every later `cd` follows links before `..`
                if (same_text(t, "physical") ||
                    (t.size() > 1 && t[0] == '-' && t[1] != '-' && t.find('P') != std::string_view::npos))
                    physical_cd_ = true;
            }
        } else if (same_text(name, "cd")) {
            if (same_shell) {
                std::uint32_t i = 1;
                bool physical = physical_cd_;
                while (i < argc && argv[i].literal() && argv[i].text.size() > 1 && argv[i].text[0] == '-' &&
                       !same_text(argv[i].text, "--")) {
                    if (argv[i].text.find('P') != std::string_view::npos) physical = true;
                    ++i;
                }
                if (i < argc && argv[i].literal() && same_text(argv[i].text, "--")) ++i;
                const auto dot_dot = [](std::string_view d) noexcept {  // a `..` component
                    for (std::size_t at = d.find(".."); at != std::string_view::npos; at = d.find("..", at + 1))
                        if ((at == 0 || d[at - 1] == '/') && (at + 2 == d.size() || d[at + 2] == '/')) return true;
                    return false;
                };
                if (i == argc) new_cwd("~");
                else if (i + 1 == argc && argv[i].literal() && !same_text(argv[i].text, "-") && !argv[i].text.empty() &&
                         !(physical && dot_dot(argv[i].text)))  // `cd -P link/..` is the link target's parent
                    new_cwd(argv[i].text);
                else set_cwd_unknown();
            }
        } else if (same_text(name, "pushd") || same_text(name, "popd") || same_text(name, "source") ||
                   same_text(name, ".")) {
            if (same_shell) forget_all();
            if (same_text(name, "source") || same_text(name, ".")) {
                // The file's text runs here. A file named at run time (`. "$f"`, `source <(...)`) or a
                // descriptor that is not fed by a here-document or here-string may hold anything; fed
                // (`. /dev/stdin <<< 'rm x'`), the text is analysed as a script.
                std::uint32_t i = 1;
                if (i < argc && argv[i].literal() && same_text(argv[i].text, "--")) ++i;
                if (i < argc) {
                    const word& w = argv[i];
                    const std::string_view t = w.text;
                    const sourced_file kind = w.literal() ? classify_sourced_file(t) : sourced_file::descriptor;
                    const bool stdin_file = kind == sourced_file::standard_input;
                    if (kind == sourced_file::descriptor) {
                        add_command(c.first_word, 0, index, origin::shell_c, command_flags::unresolvable, c.begin, c.end);
                    } else {
                        // Another name may reach the standard input too (`cd /dev; . stdin`, a link to
                        // it): the text of a here-document or here-string fed to it may run.
                        if (stdin_file) set_flag(command_flags::stdin_script);
                        bool fed = false;
                        for (std::size_t r = 0; r < a_.redirect_count_ && !stop_; ++r) {
                            const redirect& d = a_.redirects_[r];
                            if (d.command != index || (d.fd != -1 && d.fd != 0)) continue;
                            if (d.kind == redirect_kind::heredoc) {
                                fed = true;
                                set_flag(command_flags::stdin_script);
                                if (d.data.data() != nullptr) heredoc_ready(static_cast<std::int32_t>(r));
                            } else if (d.kind == redirect_kind::herestring && d.target >= 0) {
                                fed = true;
                                script(a_.words_[static_cast<std::size_t>(d.target)], origin::shell_c, true, true, false);
                            }
                        }
                        if (!fed && stdin_file)
                            add_command(c.first_word, 0, index, origin::shell_c, command_flags::unresolvable, c.begin, c.end);
                    }
                }
            }
        } else if (same_text(name, "eval")) {
            std::uint32_t i = 1;
            if (i < argc && argv[i].literal() && same_text(argv[i].text, "--")) ++i;
            bool all_literal = true;
            for (std::uint32_t j = i; j < argc; ++j)
                if (!argv[j].literal()) all_literal = false;
            if (i < argc) {
                set_flag(command_flags::runs_script);
                if (all_literal) {
                    const std::string_view text = join_words(c.first_word + i, argc - i);
                    if (!stop_) nested_script(text, argv[i].begin, argv[argc - 1].end, origin::eval, !same_shell, index);
                } else {
                    add_command(c.first_word + i, argc - i, index, origin::eval, command_flags::unresolvable,
                                argv[i].begin, c.end);
                    forget_all();
                }
            }
        } else if (same_text(name, "trap")) {
            std::uint32_t i = 1;
            bool listing = false;
            while (i < argc && argv[i].literal() && argv[i].text.size() > 1 && argv[i].text[0] == '-') {
                if (same_text(argv[i].text, "--")) {
                    ++i;
                    break;
                }
                listing = true;
                ++i;
            }
            if (!listing && argc >= i + 2) {
                const word& action = argv[i];
                if (!action.literal() || (!action.text.empty() && !same_text(action.text, "-")))
                    script(action, origin::trap, true, true);
            }
        } else if (same_text(name, "mapfile") || same_text(name, "readarray")) {
            for (std::uint32_t i = 1; i + 1 < argc; ++i)
                if (argv[i].literal() && same_text(argv[i].text, "-C")) script(argv[i + 1], origin::eval, true, true);
        }
    }

    // sh -c SCRIPT, bash -c ..., or a shell reading its script from stdin
    if (!builtin && (klass & name_bits::shell) != 0) {
        bool c_mode = false;
        bool s_mode = false;  // `-s`: the script is read from stdin whatever operands follow
        bool opaque_option = false;
        bool changes = false;
        std::uint32_t i = 1;
        while (i < argc) {
            const word& w = argv[i];
            if (!w.literal()) {
                opaque_option = true;
                ++i;
                continue;
            }
            const std::string_view t = w.text;
            if (same_text(t, "--") || same_text(t, "-")) {
                ++i;
                break;
            }
            if (t.size() > 2 && t[0] == '-' && t[1] == '-') {
                i += (same_text(t, "--rcfile") || same_text(t, "--init-file")) ? 2u : 1u;
                continue;
            }
            if (t.size() > 1 && (t[0] == '-' || t[0] == '+')) {
                std::uint32_t extra = 0;
                for (std::size_t j = 1; j < t.size(); ++j) {
                    if (t[j] == 'c' && t[0] == '-') c_mode = true;
                    if (t[j] == 's' && t[0] == '-') s_mode = true;
                    if (t[j] == 'o' || t[j] == 'O') {  // each takes the next word (`-Oglobstar` is an error)
                        if (i + 1 + extra < argc && (!argv[i + 1 + extra].literal() ||
                                                     changes_globbing(argv[i + 1 + extra].text, t[0] == '-')))
                            changes = true;  // an option known only at run time may be any of them
                        ++extra;
                    }
                }
                i += 1 + extra;
                continue;
            }
            break;
        }
        if (opaque_option) set_flag(command_flags::unknown_option);
        if (changes) {  // `bash -O globstar -c ...`: the script parses or globs as the text does not say
            fail(incomplete_reason::unsupported);
            leave();
            return;
        }
        const bool posix = same_text(name, "sh") || same_text(name, "dash") || same_text(name, "ash");
        // `bash -c 'cat "$1"' _ .env`: the script's $0, $1... are those words
        if (c_mode && i + 1 < argc) not_followed(incomplete_reason::unsupported);
        // The script file may be the standard input by another name (`bash /dev/stdin <<< 'rm x'`)
        // or a descriptor (`bash /dev/fd/3`, `bash <(...)`): the first is a stdin script, the
        // second unknown.
        const sourced_file file =
            !c_mode && !s_mode && i < argc
                ? (argv[i].literal() ? classify_sourced_file(argv[i].text) : sourced_file::descriptor)
                : sourced_file::ordinary;
        if (file == sourced_file::descriptor)
            add_command(c.first_word, 0, index, origin::shell_c, command_flags::unresolvable, c.begin, c.end);
        if (c_mode && i < argc) {
            script(argv[i], origin::shell_c, true, true, posix);
        } else if (!c_mode && (i >= argc || s_mode || file == sourced_file::standard_input)) {
            set_flag(command_flags::stdin_script);
            bool fed = false;
            for (std::size_t r = 0; r < a_.redirect_count_; ++r)
                if (a_.redirects_[r].command == index &&
                    (a_.redirects_[r].kind == redirect_kind::heredoc || a_.redirects_[r].kind == redirect_kind::herestring) &&
                    (a_.redirects_[r].fd == -1 || a_.redirects_[r].fd == 0))
                    fed = true;
            // a script from a pipe or a file on stdin is not known: an unresolvable command
            if (!fed) add_command(c.first_word, 0, index, origin::shell_c, command_flags::unresolvable, c.begin, c.end);
            for (std::size_t r = 0; r < a_.redirect_count_; ++r) {
                const redirect& d = a_.redirects_[r];
                if (d.command != index || (d.fd != -1 && d.fd != 0)) continue;
                if (d.kind == redirect_kind::heredoc && d.data.data() != nullptr) {
                    heredoc_ready(static_cast<std::int32_t>(r));
                } else if (d.kind == redirect_kind::herestring && d.target >= 0) {
                    script(a_.words_[static_cast<std::size_t>(d.target)], origin::shell_c, true, true, posix);
                }
            }
        }
        if (opaque_option && c_mode && i >= argc) add_command(c.first_word, 0, index, origin::shell_c, command_flags::unresolvable, c.begin, c.end);
        leave();
        return;
    }

    // sdiff/diff3 --diff-program=PROG (any abbreviation of the only `--d` option) and install
    // --strip-program=PROG (`--strip-` and longer) run PROG: a program named in an option value, or
    // in a word known only at run time, is unresolvable
    if (!builtin && (same_text(name, "sdiff") || same_text(name, "diff3") || same_text(name, "install"))) {
        const std::string_view runs = same_text(name, "install") ? "--strip-" : "--d";
        for (std::uint32_t j = 1; j < argc && !stop_; ++j) {
            const word& w = argv[j];
            if (w.literal() && same_text(w.text, "--")) break;
            if ((!w.literal() && w.may_be_option()) || (w.literal() && w.text.starts_with(runs))) {
                add_command(c.first_word + j, 1, index, origin::wrapper, command_flags::unresolvable, w.begin, w.end);
                break;
            }
        }
        leave();
        return;
    }

    // find ... -exec|-execdir|-ok|-okdir CMD ... ; | {} +
    if (!builtin && same_text(name, "find")) {
        for (std::uint32_t j = 1; j < argc && !stop_; ++j) {
            const word& w = argv[j];
            if (!w.literal() || !(same_text(w.text, "-exec") || same_text(w.text, "-execdir") ||
                                  same_text(w.text, "-ok") || same_text(w.text, "-okdir")))
                continue;
            const std::uint32_t from = j + 1;
            std::uint32_t k = from;
            for (; k < argc; ++k) {
                if (argv[k].literal() && same_text(argv[k].text, ";")) break;
                if (argv[k].literal() && same_text(argv[k].text, "+") && k > from && argv[k - 1].literal() &&
                    same_text(argv[k - 1].text, "{}"))
                    break;
            }
            if (k > from) {
                const std::int32_t at = copy_words(c.first_word + from, k - from);
                if (at < 0) break;
                for (std::uint32_t m = 0; m < k - from; ++m) {
                    word& x = a_.words_[static_cast<std::size_t>(at) + m];
                    const std::size_t brace = x.text.rfind("{}");
                    if (brace != std::string_view::npos && (x.literal() || x.lit_or_opaque())) {
                        x.suffix = x.text.substr(brace + 2);
                        x.flags = static_cast<std::uint16_t>((x.flags | word_flags::opaque) & ~word_flags::lit_or_opaque);
                    }
                }
                const std::int32_t q = add_command(static_cast<std::uint32_t>(at), k - from, index, origin::find_exec, 0,
                                                   argv[from].begin, argv[k - 1].end);
                set_flag(command_flags::wrapper);
                analyze_command(q, false);
            }
            j = k;
        }
        leave();
        return;
    }

    // environment runners: deny/ask-only candidates
    if (!builtin && (klass & name_bits::runner) != 0) {
        const runner_spec& r = runner_specs[named.spec];
        std::uint32_t from = 1;
        if (!r.subs.empty()) {
            // the subcommand may follow global options: find it
            while (from < argc &&
                   !(argv[from].literal() && !argv[from].text.empty() && in_words(r.subs, argv[from].text)))
                ++from;
            if (from >= argc) {  // no subcommand: nothing the runner starts is known to follow
                leave();
                return;
            }
            ++from;
        }
        if (same_text(name, "npx")) {
            for (std::uint32_t j = from; j + 1 < argc; ++j)
                if (argv[j].literal() && (same_text(argv[j].text, "-c") || same_text(argv[j].text, "--call"))) {
                    const bool save = ctx_deny_only_;
                    ctx_deny_only_ = true;
                    script(argv[j + 1], origin::env_runner, true, true);
                    ctx_deny_only_ = save;
                }
        }
        candidates(from, origin::env_runner);
        leave();
        return;
    }

    const wrapper_spec* spec = (klass & name_bits::wrapper) != 0 ? &wrapper_specs[named.spec] : nullptr;
    if (spec && (same_text(spec->name, "exec") || same_text(spec->name, "command") ||
                 same_text(spec->name, "builtin")) != builtin)
        spec = nullptr;
    if (!spec) {
        leave();
        return;
    }

    // wrappers
    bool replace = false;
    std::string_view replace_str = "{}";
    bool watch_exec = false;
    const word* flock_script = nullptr;
    const word* env_split = nullptr;
    std::string_view env_split_text;  // the option's value: the word, or what follows `-S` in it
    std::uint32_t env_split_at = 0;
    bool any_option = false;
    bool elsewhere = false;  // the command runs in another folder, or reads its words from a file
    wrapper_parse p = parse_wrapper(*spec, argv, [&](std::string_view opt, std::string_view value, std::uint32_t at) {
        any_option = true;
        if (((same_text(spec->name, "env") && same_text(opt, "C")) ||
             (same_text(spec->name, "sudo") && same_text(opt, "D")) || same_text(opt, "chdir")) ||
            (same_text(spec->name, "xargs") && (same_text(opt, "a") || same_text(opt, "arg-file"))))
            elsewhere = true;
        if (same_text(spec->name, "xargs")) {
            if (same_text(opt, "I") || same_text(opt, "replace") || same_text(opt, "i")) {
                replace = true;
                if (same_text(opt, "I")) replace_str = value;
                else if (!value.empty()) replace_str = value;
            }
        } else if (same_text(spec->name, "watch")) {
            if (same_text(opt, "x") || same_text(opt, "exec")) watch_exec = true;
        } else if (same_text(spec->name, "flock")) {
            if (same_text(opt, "c") || same_text(opt, "command")) flock_script = &argv[at];
        } else if (same_text(spec->name, "env")) {
            if (same_text(opt, "S") || same_text(opt, "split-string")) {
                env_split = &argv[at];
                env_split_text = value;
                env_split_at = at;
            }
        }
    });
    if (same_text(spec->name, "flock") && !p.unknown && !flock_script && p.command < argc &&
        argv[p.command].literal() &&
        (same_text(argv[p.command].text, "-c") || same_text(argv[p.command].text, "--command")) &&
        p.command + 1 < argc) {
        flock_script = &argv[p.command + 1];
    }
    if (p.unknown) {
        set_flag(command_flags::unknown_option | command_flags::wrapper);
        // the inner command is not known: an unresolvable fact (allow fails) and deny/ask candidates
        if (p.command < argc)
            add_command(c.first_word + p.command, argc - p.command, index, origin::wrapper, command_flags::unresolvable,
                        argv[p.command].begin, c.end);
        candidates(p.command, origin::candidate);
        leave();
        return;
    }
    if (p.no_command) {
        leave();
        return;
    }
    // `env -C DIR cat key`, `xargs -a FILE cmd`: paths and words the text does not say
    if (elsewhere) not_followed(incomplete_reason::unsupported);
    if (spec->assignments)  // `env BASHOPTS=globstar bash -c ...`: the shell globs as the text does not say
        for (std::uint32_t j = 1; j < p.command && j < argc; ++j)
            if (same_text(argv[j].text.substr(0, 9), "BASHOPTS=") ||
                same_text(argv[j].text.substr(0, 10), "SHELLOPTS=")) {
                fail(incomplete_reason::unsupported);
                leave();
                return;
            }
    const bool transparent = spec->transparent && !p.opaque_effect && (!same_text(spec->name, "xargs") || !any_option);
    if (flock_script) {
        set_flag(command_flags::wrapper);
        script(*flock_script, origin::shell_c, true, true, true);  // $SHELL or /bin/sh
        leave();
        return;
    }
    if (env_split) {
        set_flag(command_flags::wrapper);
        // env -S 'a b' rest... : the split words followed by the remaining arguments, parsed as `env a b rest`
        bool literal = env_split->literal();
        for (std::uint32_t j = p.command; j < argc; ++j)
            if (!argv[j].literal()) literal = false;
        if (!literal) {
            add_command(c.first_word + env_split_at, argc - env_split_at, index, origin::env_split,
                        command_flags::unresolvable, env_split->begin, c.end);
        } else {
            const std::size_t from = buf_pos();
            put("env ");
            put(env_split_text);
            for (std::uint32_t j = p.command; j < argc; ++j) {
                put(' ');
                put(argv[j].text);
            }
            if (!stop_) nested_script(buf_view(from, buf_pos()), env_split->begin, c.end, origin::env_split, true, index);
        }
        leave();
        return;
    }
    if (p.command >= argc && !same_text(spec->name, "xargs")) {
        leave();
        return;
    }
    set_flag(command_flags::wrapper | (transparent ? command_flags::transparent : 0));
    if (same_text(spec->name, "watch") && !watch_exec) {
        bool literal = true;
        for (std::uint32_t j = p.command; j < argc; ++j)
            if (!argv[j].literal()) literal = false;
        set_flag(command_flags::runs_script);
        if (literal) {
            const std::string_view text = join_words(c.first_word + p.command, argc - p.command);
            if (!stop_) nested_script(text, argv[p.command].begin, c.end, origin::watch, true, index, true, false, true);
        } else {
            add_command(c.first_word + p.command, argc - p.command, index, origin::watch, command_flags::unresolvable,
                        argv[p.command].begin, c.end);
        }
        leave();
        return;
    }
    if (same_text(spec->name, "xargs")) {
        std::int32_t at = -1;
        std::uint32_t n = 0;
        if (p.command >= argc) {
            at = append_word(synthetic_echo);
            n = 1;
        } else {
            at = copy_words(c.first_word + p.command, argc - p.command);
            n = argc - p.command;
        }
        if (at < 0) {
            leave();
            return;
        }
        if (replace) {
            for (std::uint32_t m = 0; m < n; ++m) {
                word& x = a_.words_[static_cast<std::size_t>(at) + m];
                const std::size_t r = replace_str.empty() ? std::string_view::npos : x.text.rfind(replace_str);
                if (r != std::string_view::npos) {
                    x.suffix = x.text.substr(r + replace_str.size());
                    x.flags = static_cast<std::uint16_t>((x.flags | word_flags::opaque) & ~word_flags::lit_or_opaque);
                }
            }
        } else {
            word extra{};
            extra.flags = word_flags::opaque | word_flags::may_split | word_flags::synthetic;
            extra.begin = c.end;
            extra.end = c.end;
            if (append_word(extra) < 0) {
                leave();
                return;
            }
            ++n;
        }
        const std::int32_t q = add_command(static_cast<std::uint32_t>(at), n, index, origin::xargs, 0,
                                           p.command < argc ? argv[p.command].begin : c.end, c.end);
        analyze_command(q, false);
        leave();
        return;
    }
    const bool inner_same_shell = same_shell && (same_text(spec->name, "command") || same_text(spec->name, "builtin"));
    inner(p.command, origin::wrapper, 0, inner_same_shell);
    leave();
}

}  // namespace detail
}  // namespace shell
CLAW_END_NAMESPACE
