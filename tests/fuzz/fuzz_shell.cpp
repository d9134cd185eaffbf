// SPDX-License-Identifier: MIT
// Fuzz target: the shell analysis and the command-pattern matchers on arbitrary bytes. Checks that
// nothing crashes or hangs, that the limits hold (word and command counts, views inside the text or
// the analysis), that analysing twice gives the same result, and that an incomplete analysis is
// never complete for allow purposes.
#include <claw/permissions/rules/shell_pattern.hpp>
#include <claw/shell.hpp>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#ifndef CLAW_FUZZ_ENTRY
#define CLAW_FUZZ_ENTRY LLVMFuzzerTestOneInput
#endif

namespace {
bool inside(std::string_view v, std::string_view text, const claw::shell::analysis& a) {
    if (v.empty()) return true;
    const char* lo = text.data();
    if (v.data() >= lo && v.data() + v.size() <= lo + text.size()) return true;
    const char* alo = reinterpret_cast<const char*>(&a);
    return v.data() >= alo && v.data() + v.size() <= alo + sizeof(claw::shell::analysis);
}

bool same(const claw::shell::analysis& x, const claw::shell::analysis& y) {
    if (x.reason() != y.reason() || x.commands().size() != y.commands().size() || x.words().size() != y.words().size() ||
        x.redirects().size() != y.redirects().size() || x.cwds().size() != y.cwds().size())
        return false;
    for (std::size_t i = 0; i < x.words().size(); ++i)
        if (x.words()[i].text != y.words()[i].text || x.words()[i].flags != y.words()[i].flags) return false;
    for (std::size_t i = 0; i < x.commands().size(); ++i) {
        const auto& a = x.commands()[i];
        const auto& b = y.commands()[i];
        if (a.first_word != b.first_word || a.word_count != b.word_count || a.flags != b.flags || a.parent != b.parent ||
            a.name != b.name || a.cwd != b.cwd)
            return false;
    }
    return true;
}
}  // namespace

extern "C" int CLAW_FUZZ_ENTRY(const std::uint8_t* data, std::size_t size) {
    static auto first = std::make_unique<claw::shell::analysis>();
    static auto second = std::make_unique<claw::shell::analysis>();
    static const auto patterns = [] {
        std::vector<claw::rules::shell_pattern> v;
        for (const char* p : {"rm -rf *", "git *", "ls*", "* x", "a b c", "sed *"}) v.push_back(claw::rules::shell_pattern::compile(p));
        return v;
    }();
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    claw::shell::analyze(text, *first);
    claw::shell::analyze(text, *second);
    if (!same(*first, *second)) std::abort();
    // the fast path for plain lists must agree with the full parser
    const claw::shell::analysis_options options;
    claw::shell::detail::analyzer slow(*second, options);
    slow.run(text, false);
    if (slow.start_values_unsure()) {  // as analyze() does: again, with $PWD/$HOME unknown
        claw::shell::detail::analyzer again(*second, options);
        again.without_start_values();
        again.run(text, false);
    }
    if (!same(*first, *second)) std::abort();
    const auto& a = *first;
    if (a.commands().size() > claw::shell::limits::max_commands || a.words().size() > claw::shell::limits::max_words)
        std::abort();
    if (text.size() > claw::shell::limits::max_allow_bytes && a.complete()) std::abort();
    for (const auto& w : a.words()) {
        if (w.flags & claw::shell::word_flags::synthetic) continue;  // xargs' default `echo` is a static string
        if (!inside(w.text, text, a) || !inside(w.suffix, text, a)) std::abort();
    }
    for (const auto& c : a.commands()) {
        if (c.first_word + c.word_count > a.words().size()) std::abort();
        if (c.parent >= static_cast<std::int32_t>(c.ordinal)) std::abort();
        if (c.cwd >= a.cwds().size()) std::abort();
        for (const auto& p : patterns) {
            const bool must = p.must_match(a, c);
            const auto may = p.may_match(a, c);
            if (must && may == claw::rules::may_result::no && !c.has(claw::shell::command_flags::host_path)) std::abort();
        }
        (void)claw::rules::builtin_read_only(a, c);
        claw::shell::for_each_path_operand(a, c, [&](const claw::shell::path_operand& o) {
            if (o.word >= a.words().size()) std::abort();
        });
    }
    for (const auto& r : a.redirects())
        if (r.target >= static_cast<std::int32_t>(a.words().size())) std::abort();
    if (!a.complete() && a.reason() == claw::shell::incomplete_reason::none) std::abort();
    const std::string json = claw::shell::to_json(a);
    if (json.empty() || json.front() != '{' || json.back() != '}') std::abort();
    return 0;
}
