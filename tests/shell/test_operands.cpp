// SPDX-License-Identifier: MIT
// Path operands and network destinations of known commands (RULES.md S6.8).
#include <claw/shell.hpp>

#include "../support/test_support.hpp"

#include <memory>

namespace {
std::string roles(const std::string& text) {
    static auto a = std::make_unique<claw::shell::analysis>();
    claw::shell::analyze(text, *a);
    std::string out;
    for (const auto& c : a->commands()) {
        const bool known = claw::shell::for_each_path_operand(*a, c, [&](const claw::shell::path_operand& o) {
            static constexpr const char* names[] = {"r", "w", "rw", "?"};
            out += std::string(a->words()[o.word].text) + ":" + names[static_cast<int>(o.role)] + " ";
        });
        if (!known) out += "(unknown) ";
        claw::shell::for_each_network_target(*a, c, [&](const claw::shell::network_target& t) {
            out += "net:" + std::string(t.host) + " ";
        });
    }
    if (!out.empty()) out.pop_back();
    return out;
}
}  // namespace

TEST_CASE("path operands of file commands (S6.8)", "[shell][operands]") {
    CHECK(roles("cat a b") == "a:r b:r");
    CHECK(roles("head -n 5 f") == "f:r");
    CHECK(roles("grep -i foo f g") == "f:r g:r");
    CHECK(roles("grep -e foo -f pats f") == "pats:r f:r");
    CHECK(roles("rg -t rust foo src") == "src:r");
    CHECK(roles("sed -n p f") == "f:r");
    CHECK(roles("sed -i s/a/b/ f") == "f:rw");
    CHECK(roles("sed -ni p f") == "f:rw");
    CHECK(roles("sed -Ei s/a/b/ f") == "f:rw");
    CHECK(roles("sed -i.bak s/a/b/ f") == "f:rw");
    CHECK(roles("sed --in-place=.bak -e s/a/b/ f") == "f:rw");
    CHECK(roles("sed -f script.sed f") == "script.sed:r f:r");
    CHECK(roles("awk -v x=1 '{print}' f y=2") == "f:r");
    CHECK(roles("sort -o out in") == "out:w in:r");
    CHECK(roles("uniq in out") == "in:r out:w");
    CHECK(roles("tr a b") == "");
    CHECK(roles("cp a b dest") == "a:r b:r dest:w");
    CHECK(roles("cp -t dir a b") == "dir:w a:r b:r");
    CHECK(roles("mv a b") == "a:w b:w");
    CHECK(roles("ln -s target link") == "target:r link:w");
    CHECK(roles("rm -rf x y") == "x:w y:w");
    CHECK(roles("touch -r ref f") == "ref:r f:w");
    CHECK(roles("mkdir -m 700 d") == "d:w");
    CHECK(roles("tee -a log") == "log:w");
    CHECK(roles("dd if=/dev/zero of=disk bs=1M") == "if=/dev/zero:r of=disk:w");
    CHECK(roles("python x.py") == "(unknown)");
}

TEST_CASE("network destinations with their literal host (S6.8)", "[shell][operands]") {
    CHECK(roles("curl -s -o out https://user@example.com:8080/x") == "(unknown) net:example.com");
    CHECK(roles("wget 'http://[::1]/x'") == "(unknown) net:::1");
    CHECK(roles("wget http://[::1]/x") == "(unknown) net:");  // unquoted: bash may glob it
    CHECK(roles("ssh -p 22 me@host.example ls") == "(unknown) net:host.example");
    CHECK(roles("scp f me@host:/tmp/") == "(unknown) net:host");
    CHECK(roles("rsync -e ssh -a d/ backup::mod") == "(unknown) net:backup");
    CHECK(roles("nc -v 203.0.113.5 80") == "(unknown) net:203.0.113.5");
    CHECK(roles("git clone https://github.com/a/b") == "(unknown) net:github.com");
    CHECK(roles("git push origin main") == "(unknown) net:");
    CHECK(roles("curl \"$URL\"") == "(unknown) net:");
    CHECK(roles("git status") == "(unknown)");
}

namespace {
// The path text of each operand (the whole word, or the value attached to an option).
std::string texts(const std::string& text) {
    static auto a = std::make_unique<claw::shell::analysis>();
    claw::shell::analyze(text, *a);
    std::string out;
    for (const auto& c : a->commands())
        claw::shell::for_each_path_operand(*a, c, [&](const claw::shell::path_operand& o) {
            static constexpr const char* names[] = {"r", "w", "rw", "?"};
            out += std::string(o.text) + ":" + names[static_cast<int>(o.role)] + " ";
        });
    if (!out.empty()) out.pop_back();
    return out;
}
}  // namespace

TEST_CASE("operands attached to options carry their own path text", "[shell][operands]") {
    CHECK(texts("dd if=/dev/zero of=disk bs=1M") == "/dev/zero:r disk:w");
    CHECK(texts("sort -oout.txt in.txt") == "out.txt:w in.txt:r");
    CHECK(texts("sort --output=out.txt in.txt") == "out.txt:w in.txt:r");
    CHECK(texts("sort -o out.txt in.txt") == "out.txt:w in.txt:r");
    CHECK(texts("cp -tdest a b") == "dest:w a:r b:r");
    CHECK(texts("cp --target-directory=dest a") == "dest:w a:r");
    CHECK(texts("grep -fpatterns.txt x y") == "patterns.txt:r x:r y:r");
    CHECK(texts("touch --reference=ref new") == "ref:r new:w");
    CHECK(texts("ls -la /root") == "/root:r");
    CHECK(texts("find /etc -name '*.conf' -print") == "/etc:r");
    CHECK(texts("find -L . -type f") == ".:r");
    CHECK(texts("realpath ../x") == "../x:r");
}
