// SPDX-License-Identifier: MIT
// Bash evaluates some values a second time: arithmetic (`$((x))`, `$[x]`, `((x))`, `let`,
// `[[ x -eq y ]]`, subscripts, `${x:offset}`) evaluates the value of every variable it names, and a
// subscript in that value (`a[$(cmd)]`) runs its command substitution; `${!x}`, `${x@P}`,
// `[[ -v ]]`, `declare -n` and `printf -v "$n"` do the same with names. Each bypass below was an
// allow by `Bash(echo *)` (and friends) while bash ran the hidden command. Values written in the
// text are scanned as data (the hidden command is reported); values the text does not know make
// the analysis incomplete (S6.9) when the text also evaluates a value.
#include "test_rules_support.hpp"

#include <claw/shell/analyze.hpp>

using namespace claw::test::rules_fixture;

namespace {
const char* const evaluation_rules =
    R"J({"allow":["Bash(echo *)","Bash(cat *)","Bash(read *)","Bash(test *)","Bash(printf *)","Bash(declare *)","Bash(let *)"],
        "deny":["Bash(rm *)"]})J";
}  // namespace

TEST_CASE("evaluation: a command hidden in a value written in the text is reported (deny holds)",
          "[permissions][rules][evaluation]") {
    const rules_env e(evaluation_rules, "default");
    all_decided(e, {"for x in 'a[$(rm e1)]'; do echo $((x)); done", "echo $(( 'a[$(rm e2)]' ))",
                    "echo ${a['$(rm e3)']}", "echo $[ 'a[$(rm e4)]' ]", "select x in 'a[$(rm e5)]'; do echo $((x)); done",
                    "for x in {'a[$(rm e6)]',b}; do echo $((x)); done", "echo ${x:'a[$(rm e7)]'}",
                    "a['$(rm e8)']=1", "a=(['$(rm e9)']=1)"}, deny);
}

TEST_CASE("evaluation: a command spelt with escapes that bash decodes before evaluating is reported",
          "[permissions][rules][evaluation]") {
    const rules_env e(evaluation_rules, "default");
    // `$'...'` in a subscript, offset or arithmetic, and the octal / `\$` escapes that a prompt
    // expansion decodes: bash 5.2 ran the hidden command in each (each was an ask).
    all_decided(e, {"a=(1); echo ${a[$'\\x60rm f1\\x60']}", "echo ${a[$'\\x24(rm f2)']}", "echo ${x:$'\\x24(rm f3)'}",
                    "echo $((a[$'\\x60rm f4\\x60']))", "x='\\044(rm f5)'; echo ${x@P}", "x='\\140rm f6\\140'; echo ${x@P}",
                    "x='\\$(rm f7)'; echo ${x@P}", "for p in '\\044(rm f8)'; do echo ${p@P}; done"}, deny, decision_code::deny_rule);
    // Escapes that spell no substitution find nothing to deny.
    CHECK(e("Bash", "x='a\\tb'; echo \"$x\"") == ask);  // an expansion: never covered by `*`
    CHECK(e("Bash", "printf 'a\\n'") == allow);
}

TEST_CASE("evaluation: an unknown value that the text evaluates makes the analysis incomplete",
          "[permissions][rules][evaluation]") {
    const rules_env e(evaluation_rules, "default");
    for (const char* cmd : {
             "cat f | while read x; do echo $((x)); done", "read x < f; echo $[x]", "read x < f; (( x ))",
             "read x < f; let y=x", "read x < f; [[ x -eq 1 ]] && echo same", "read x < f; echo ${b[x]}",
             "read x < f; echo ${x:x}", "read x < f; echo ${!x}", "read x < f; echo ${x@P}",
             "read x < f; test -v \"$x\"", "read x < f; [[ -v $x ]]", "read x < f; declare -i y; y=x",
             "read x < f; declare -n r=$x; echo $r", "read x < f; printf -v \"$x\" 1",
             "for x in $(cat f); do echo $((x)); done", "for x in *; do echo $((x)); done",
             "for x; do echo $((x)); done", "echo $(( $(cat f) ))", "echo $((`cat f`))",
             "f() { echo $(($1)); }; f 1", "echo a; echo $(($_))", "echo $(( a[\\$(cat f)] ))",
             "[[ $(cat f) =~ (.*) ]] && echo $((BASH_REMATCH[1]))", "mapfile -t m < f; echo $((m))",
             "echo ${x:='$(cat f)'} ${x@P}", "echo ${x:=a[\\$(cat f)]} $((x))", "echo ${x='a[$(cat f)]'} $[x]",
             // variables bash sets from text the command chooses: $_, PWD, ...
             "true 'a[$(cat f)]'; (( _ ))", "echo *; echo $((_))", "true x; echo ${a[_]}", "true x; let _",
             "true x; [[ _ -eq 1 ]]", "cd d; echo ${PWD@P}", "cd d; echo ${!PWD}",
             // `$'...'` decodes `\x24(` to `$(` inside arithmetic and subscripts
             "(( $'a[\\x24(cat f)]' ))", "echo ${a[$'\\x24(cat f)']}", "echo \"${a[$'\\x60cat f\\x60']}\"",
             // printf -v stores the format's output, escapes decoded
             "printf -v x '\\x24(cat f)'; echo ${x@P}",
             // a subscripted name assigned by ${...:=...}
             "echo ${a[0]:='$(cat f)'} ${a@P}",
             // subscripts of assignments, compound arrays, `[[ -v ]]` and `declare -i` on bash-set text
             "true x; a[_]=1", "ls -d a*; [[ -v a[_] ]]", "true x; test -v 'a[_]'", "declare -i n=_", "a=([_]=1)",
             "a=($(cat f)); echo $((a))", "a=(*); echo ${b[a]}"}) {
        INFO(cmd);
        const result r = e.check("Bash", cmd);
        CHECK(r.what == ask);
        CHECK(r.rec.code == decision_code::incomplete_analysis);
        const auto runs = claw::shell::what_runs(cmd);
        CHECK_FALSE(runs.complete);
        CHECK(runs.reason == claw::shell::describe(claw::shell::incomplete_reason::evaluated_data));
    }
    // Deny rules still hold on what the analysis found.
    CHECK(e("Bash", "read x < f; echo $((x)); rm -f y") == deny);
}

TEST_CASE("evaluation: known values and unevaluated input stay allowable", "[permissions][rules][evaluation]") {
    const rules_env e(evaluation_rules, "default");
    all_decided(e, {"echo $((1+2))", "echo $((y * 2))", "for i in 1 2 3; do echo $((i*2)); done",
                    "for i in {1..3}; do echo $((i)); done", "cat f | while read line; do echo \"$line\"; done",
                    "echo ${x:-'$(rm q1)'}", "read -n 1 x < f; echo \"$x\"", "echo ${#x} ${x:-y}",
                    "declare -i n=3; echo $((n+1))", "a=([1]=2)", "i=0; a[i]=$((i+1))"}, allow);
}
