// SPDX-License-Identifier: MIT
// A seeded generator of bash scripts built from the constructs of RULES.md S6.1-S6.2: lists,
// pipelines, `&`, newlines, subshells, groups, substitutions in every position (arguments,
// assignments, redirect targets, double quotes, here-documents), quoted and unquoted
// here-documents, `eval`, `sh -c`/`bash -c`, the wrappers of S6.5, assignments, functions,
// if/for/case/while with break, line continuations inside and between words, comments, every
// quoting form and `$'...'`. Scripts only name the sandbox's stub programs and write only inside
// the sandbox's work folder.
#pragma once

#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace claw::test::shell {

class script_generator {
public:
    explicit script_generator(std::uint32_t seed) : rng_(seed) {}

    /** A new script; `programs()` then lists the program names it mentions. */
    std::string script() {
        used_.clear();
        heredoc_id_ = 0;
        std::string s = list(0, 1 + pick(4));
        return s + "\n";
    }
    const std::set<std::string>& programs() const { return used_; }

    static std::string single_quote(const std::string& s) {
        std::string out = "'";
        for (const char c : s) {
            if (c == '\'') out += "'\\''";
            else out.push_back(c);
        }
        return out + "'";
    }

private:
    std::mt19937 rng_;
    std::set<std::string> used_;
    int heredoc_id_ = 0;
    bool needs_newline_ = false;

    int pick(int n) { return static_cast<int>(rng_() % static_cast<unsigned>(n)); }
    bool chance(int percent) { return pick(100) < percent; }
    template <class T, std::size_t N>
    const T& one(const T (&a)[N]) { return a[static_cast<std::size_t>(pick(static_cast<int>(N)))]; }

    std::string prog() {
        static const char* names[] = {"a1", "a2", "a3", "git", "rm", "curl", "ls", "cat", "grep", "npm", "no", "wc", "sort"};
        std::string p = one(names);
        used_.insert(p);
        return p;
    }

    std::string lit_word() {
        static const char* words[] = {"x", "y1", "-rf", "-n", "--all", "--flag=v", "status", "push", "origin", "f1.txt",
                                      "sub", "a.b", "1", "-c", "ok"};
        return one(words);
    }

    std::string arg(int depth) {
        if (chance(12)) return more_arg(depth);
        switch (pick(depth < 2 ? 24 : 16)) {
            case 0: return "'" + lit_word() + " q'";
            case 1: return "\"" + lit_word() + "\"";
            case 2: return "$'\\x41" + lit_word() + "\\t'";
            case 3: return lit_word() + "\\ " + lit_word();
            case 4: return "\"\"";
            case 5: return "\\$" + lit_word();
            case 6: return lit_word() + "\\\n" + lit_word();  // line continuation inside a word
            case 7: return "$V" + std::to_string(1 + pick(3));
            case 8: return "\"$V" + std::to_string(1 + pick(3)) + "\"";
            case 9: return "${V" + std::to_string(1 + pick(3)) + "}x";
            case 10: return "*.txt";
            case 11: return "{a,b}" + lit_word();
            case 12: return "~/" + lit_word();
            case 13: return "$((1+2))";
            case 14: return "'\\'\"$x\"";
            case 15: return "\"a'b\\\"c\"";
            case 16: return "$(" + simple(depth + 1) + ")";
            case 17: return "\"$(" + simple(depth + 1) + ")\"";
            case 18: return "`" + prog() + " " + lit_word() + "`";
            case 19: return "<(" + simple(depth + 1) + ")";
            case 20: return "pre$(" + simple(depth + 1) + ")post";
            case 21: return "\"x${V1:-$(" + simple(depth + 1) + ")}\"";
            case 22: return "$(" + list(depth + 1, 2) + ")";
            default: return ">(" + simple(depth + 1) + ")";
        }
    }

    std::string more_arg(int depth) {
        switch (pick(depth < 2 ? 14 : 9)) {
            case 0: return "$'\\x61\\0b'";
            case 1: return "$'\\101\\cA'";
            case 2: return "$\"loc\"";
            case 3: return "${#V1}";
            case 4: return "\"${V1:+set}\"";
            case 5: return "a$\\\n{V2}b";  // continuation between $ and {
            case 6: return "\"\\$\\\"\\\\\"";
            case 7: return "x=~/y";
            case 8: return "[ab].txt";
            case 9: return "\"${V1/x/$(" + simple(depth + 1) + ")}\"";
            case 10: return "\"$(" + prog() + " \"in q\" 'sq')\"";
            case 11: return "$(cat <<EOF\n$(" + simple(depth + 1) + ")\nEOF\n)";
            case 12: return "$\\\n(" + simple(depth + 1) + ")";
            default: return "\"${A[@]}\"";
        }
    }

    std::string redirect(int depth) {
        switch (pick(depth < 2 ? 9 : 7)) {
            case 0: return "> out" + std::to_string(pick(3));
            case 1: return ">> out" + std::to_string(pick(3));
            case 2: return "2>&1";
            case 3: return "< in1";
            case 4: return "&>/dev/null";
            case 5: return "2>/dev/null";
            case 6: return "<<< " + arg(depth + 1);
            case 7: return "> \"out$(" + simple(depth + 1) + ")\"";
            default: return "< <(" + simple(depth + 1) + ")";
        }
    }

    std::string simple(int depth) {
        std::string s;
        if (chance(15)) s += one({"V1=", "LANG=", "FOO=", "NODE_ENV="}) + lit_word() + " ";
        if (chance(5)) s += "V2=$(" + prog() + " " + lit_word() + ") ";
        s += prog();
        const int n = pick(4);
        // appended piece by piece: g++ 12 -O3 warns (-Wrestrict) on `" " + std::string` here
        for (int i = 0; i < n; ++i) {
            s += ' ';
            s += chance(60) ? lit_word() : arg(depth);
        }
        if (chance(15)) {
            s += ' ';
            s += redirect(depth);
        }
        if (chance(5)) s += " \\\n  " + lit_word();  // continuation between words
        return s;
    }

    std::string wrapped(int depth) {
        const std::string inner = simple(depth + 1);
        if (chance(35)) {
            switch (pick(22)) {
                case 0: return "env -S " + single_quote(prog() + " " + lit_word()) + " " + lit_word();
                case 1: return "( exec -a foo " + inner + " )";
                case 2: return "nice -5 " + inner;
                case 3: return "timeout -s KILL 5 " + inner;
                case 4: return "ls | xargs -0 " + inner;
                case 5: return "ls | xargs -r -L1 " + inner;
                case 6: return "ls | xargs -i " + prog() + " {} x";
                case 7: return "find . -maxdepth 0 -execdir " + prog() + " {} +";
                case 8: return "find . -maxdepth 0 -ok " + prog() + " \\;";
                case 9: return "command -- " + inner;
                case 10: return "sudo -E FOO=1 " + inner;
                case 11: return "sudo -- " + inner;
                case 12: return "setsid --wait " + inner;
                case 13: return "stdbuf -i0 -o0 " + inner;
                case 14: return "ionice -n 4 -c 2 " + inner;
                case 15: return "chrt --other 0 " + inner;
                case 16: return "taskset 1 " + inner;
                case 17: return "flock -n lockf " + inner;
                case 18: return "flock -w 1 lockf -c " + single_quote(inner);
                case 19: return "watch -x -n1 " + inner;
                case 20: return "nohup -- " + inner;
                default: return "env -- FOO=2 " + inner;
            }
        }
        switch (pick(26)) {
            case 0: return "timeout 5 " + inner;
            case 1: return "timeout -k 1 --foreground 5 " + inner;
            case 2: return "nice -n 1 " + inner;
            case 3: return "nohup " + inner;
            case 4: return "stdbuf -oL " + inner;
            case 5: return "env FOO=1 " + inner;
            case 6: return "env -u FOO " + inner;
            case 7: return "env -i PATH=\"$STUB\" " + inner;
            case 8: return "setsid -w " + inner;
            case 9: return "ionice -c3 " + inner;
            case 10: return "chrt -o 0 " + inner;
            case 11: return "taskset -c 0 " + inner;
            case 12: return "flock lockf " + inner;
            case 13: return "flock lockf -c " + single_quote(inner);
            case 14: return "sudo -u root " + inner;
            case 15: return "doas " + inner;
            case 16: return "unbuffer " + inner;
            case 17: return "noglob " + inner;
            case 18: return "watch -x " + inner;
            case 19: return "watch -n 1 " + single_quote(inner);
            case 20: return "command " + inner;
            case 21: return "( exec " + inner + " )";
            case 22: return "time " + inner;
            case 23: return "ls | xargs " + inner;
            case 24: return "ls | xargs -I{} " + prog() + " {} " + lit_word();
            default: return "find . -maxdepth 0 -exec " + prog() + " " + lit_word() + " {} \\;";
        }
    }

    static std::string end_of(const std::string& body) {
        return body + (!body.empty() && body.back() == '\n' ? "" : ";");
    }

    std::string compound(int depth) {
        const std::string a = list(depth + 1, 1 + pick(2));
        const std::string t = end_of(a);
        if (chance(30)) {
            switch (pick(16)) {
                case 0: return "select s in a b; do " + t + " break; done";
                case 1: return "coproc " + simple(depth + 1);
                case 2: return "exec 3>out3; " + prog() + " >&3";
                case 3: return "cd sub && " + simple(depth + 1) + "; cd ..";
                case 4: return "cd nosuch || " + simple(depth + 1);
                case 5: return "case x in $(" + simple(depth + 1) + ")) " + a + ";; esac";
                case 6: return "A=(x $(" + simple(depth + 1) + ") y); " + prog() + " \"${A[@]}\"";
                case 7: return "trap " + single_quote(simple(depth + 1)) + " EXIT";
                case 8: return "eval " + prog() + " '\"x y\"' " + lit_word();
                case 9: return "bash -c " + single_quote(prog() + " \"$1\" \"$0\"") + " name arg";
                case 10: return "{ " + t + " } > out4";
                case 11: return "while read l; do " + prog() + " $l; done < in1";
                case 12: return "IFS=:; V1=a:b; " + prog() + " $V1; unset IFS";
                case 13: return "set -f; " + prog() + " *.txt; set +f";
                case 14: return "if ! " + simple(depth + 1) + "; then " + t + " fi";
                default: return "g" + std::to_string(depth) + "() { " + t + " return 0; }; g" + std::to_string(depth);
            }
        }
        switch (pick(14)) {
            case 0: return "( " + a + " )";
            case 1: return "{ " + t + " }";
            case 2: return "if " + simple(depth + 1) + "; then " + t + " else " + simple(depth + 1) + "; fi";
            case 3: return "if no; then " + t + " elif " + simple(depth + 1) + "; then " + simple(depth + 1) + "; fi";
            case 4: return "while " + simple(depth + 1) + "; do " + t + " break; done";
            case 5: return "until no; do " + t + " break; done";
            case 6: return "for i in 1 " + lit_word() + "; do " + t + " done";
            case 7: return "for ((k" + std::to_string(depth) + "=0;k" + std::to_string(depth) + "<2;k" +
                           std::to_string(depth) + "++)); do " + t + " done";
            case 8: return "case " + lit_word() + " in x|y1) " + a + ";; -rf) " + simple(depth + 1) + ";; *) " +
                           simple(depth + 1) + ";; esac";
            case 9: return "f" + std::to_string(depth) + "() { " + t + " }; f" + std::to_string(depth) + " " + lit_word();
            case 10: return "eval " + single_quote(a);
            case 11: return std::string(one({"sh", "bash", "dash"})) + " -c " + single_quote(a);
            case 12: return "bash -xc " + single_quote(a) + " name arg";
            default: return "[[ -n $(" + simple(depth + 1) + ") ]] || " + simple(depth + 1);
        }
    }

    std::string heredoc(int depth) {
        const std::string tag = "EOF" + std::to_string(heredoc_id_++);
        const std::string body = "line $(" + simple(depth + 1) + ") `" + prog() + "` ${V1}\n$(" + prog() + " x)";
        const std::string p = prog();
        const std::string inner = simple(depth + 1);
        switch (pick(4)) {
            case 0: return p + " <<" + tag + "\n" + body + "\n" + tag;
            case 1: return p + " <<'" + tag + "'\n" + body + "\n" + tag;
            case 2: return p + " <<-" + tag + "\n\t" + body + "\n\t" + tag;
            default: return "bash <<'" + tag + "'\n" + inner + "\n" + tag;
        }
    }

    std::string exotic(int depth) {
        const std::string v = "V" + std::to_string(1 + pick(3));
        switch (pick(26)) {
            case 0: return "$" + v + " " + lit_word();
            case 1: return "\"$" + v + "\" " + lit_word();
            case 2: return v + "=" + prog() + "; $" + v + " " + lit_word();
            case 3: return "no || " + v + "=" + prog() + "; $" + v + " x";
            case 4: return v + "=" + prog() + "; (" + v + "=" + prog() + "); $" + v;
            case 5: return "f9() { " + v + "=" + prog() + "; }; " + v + "=" + prog() + "; f9; $" + v;
            case 6: return v + "='" + prog() + " x'; $" + v;
            case 7: return "for " + v + " in " + prog() + " " + prog() + "; do $" + v + " y; done";
            case 8: return "`" + prog() + " \\`" + prog() + " in\\``";
            case 9: return "echo $( case x in x) " + prog() + ";; esac )";
            case 10: return "echo $(" + prog() + " # c )\n)";
            case 11: return "{" + prog() + "," + prog() + "}";
            case 12: return prog() + " > >(" + prog() + " p)";
            case 13: return prog() + " <<< $'x\\ty'";
            case 14: return "time { " + simple(depth + 1) + "; }";
            case 15: return "eval \"eval '" + prog() + " x'\"";
            case 16: return "bash -c \"$(printf '" + prog() + " x')\"";
            case 17: return "sh -c '" + prog() + " \"$@\"' _ x y";
            case 18: return "ls | xargs sh -c '" + prog() + " \"$@\"' _";
            case 19: return "nohup " + prog() + " &";
            case 20: return prog() + " $(( 1 + $(" + prog() + ") ))";
            case 21: return "[[ -n \"$(" + prog() + ")\" && $(" + prog() + ") == x ]]";
            case 22: return v + "=" + prog() + " && $" + v + " z";
            case 23: return "export " + v + "=" + prog() + "; $" + v;
            case 24: return "exec 4<in1; " + prog() + " <&4";
            default: return prog() + "\\\n" + lit_word() + " x";  // continuation joins the program name
        }
    }

    std::string command(int depth) {
        if (chance(15)) {
            std::string c = exotic(depth);
            needs_newline_ = false;
            return c;
        }
        const int k = pick(depth < 2 ? 12 : 6);
        std::string c = command_of_kind(depth, k);
        needs_newline_ = k == 10 || k == 11;
        return c;
    }

    std::string command_of_kind(int depth, int k) {
        switch (k) {
            case 0: case 1: case 2: return simple(depth);
            case 3: return simple(depth) + " | " + simple(depth);
            case 4: return wrapped(depth);
            case 5: return "V" + std::to_string(1 + pick(3)) + "=" + (chance(50) ? prog() : lit_word());
            case 6: case 7: return compound(depth);
            case 8: return simple(depth) + " |& " + simple(depth);
            case 9: return "! " + simple(depth);
            case 10: return heredoc(depth);
            default: return simple(depth) + " # note $(" + prog() + ") '";
        }
    }

    std::string list(int depth, int n) {
        std::string s;
        for (int i = 0; i < n; ++i) {
            const std::string c = command(depth);
            const bool nl = needs_newline_;
            s += c;
            if (i + 1 < n) s += nl ? "\n" : one({"; ", "\n", " && ", " || ", " & ", ";\n"});
            else if (nl) s += "\n";
        }
        return s;
    }

    template <std::size_t N>
    std::string one(const char* const (&a)[N]) { return a[static_cast<std::size_t>(pick(static_cast<int>(N)))]; }
    std::string one(std::initializer_list<const char*> l) {
        return *(l.begin() + pick(static_cast<int>(l.size())));
    }
};

}  // namespace claw::test::shell
