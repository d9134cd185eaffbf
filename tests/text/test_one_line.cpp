// SPDX-License-Identifier: MIT
#include <claw/text/one_line.hpp>

#include "../support/test_support.hpp"

#include <string>
#include <string_view>

using claw::text::control_style;
using claw::text::one_line;

namespace {
// Every byte value once, in order: what each style does with each byte.
std::string all_bytes() {
    std::string s;
    for (int b = 0; b < 256; ++b) s.push_back(static_cast<char>(b));
    return s;
}
}  // namespace

TEST_CASE("one_line: no style leaves a control byte, every other byte stays", "[text]") {
    const std::string bytes = all_bytes();
    for (const control_style style : {control_style::hex_escape, control_style::c_escape, control_style::repr_if_any,
                                      control_style::space, control_style::collapse}) {
        const std::string out = one_line(bytes, style);
        CHECK_FALSE(claw::text::has_control_byte(out));
        if (style != control_style::repr_if_any) CHECK(out.find(bytes.substr(0x20, 0x7F - 0x20)) != std::string::npos);
        if (style != control_style::repr_if_any) CHECK(out.ends_with(bytes.substr(0x80)));  // invalid UTF-8 kept as is
    }
}

TEST_CASE("one_line: hex_escape writes every control byte as \\xNN", "[text]") {
    CHECK(one_line("plain/path*.txt", control_style::hex_escape) == "plain/path*.txt");
    CHECK(one_line(std::string_view("a\0b", 3), control_style::hex_escape) == "a\\x00b");
    CHECK(one_line("x\n\t\r\x1b[2J\x7f", control_style::hex_escape) == "x\\x0a\\x09\\x0d\\x1b[2J\\x7f");
    CHECK(one_line("caf\xc3\xa9 \xff", control_style::hex_escape) == "caf\xc3\xa9 \xff");
}

TEST_CASE("one_line: c_escape names newline, tab and return, and hex-escapes the rest", "[text]") {
    CHECK(one_line("rule 'Bash(a\nb)'\t\r", control_style::c_escape) == "rule 'Bash(a\\nb)'\\t\\r");
    CHECK(one_line("\x01\x1f\x7f" "x", control_style::c_escape) == "\\x01\\x1f\\x7fx");
    CHECK(one_line("", control_style::c_escape).empty());
}

TEST_CASE("one_line: repr_if_any quotes the whole value only when it holds a control byte", "[text]") {
    CHECK(one_line("/etc/claw/settings.json", control_style::repr_if_any) == "/etc/claw/settings.json");
    CHECK(one_line("it's \"quoted\" \\ \xff", control_style::repr_if_any) == "it's \"quoted\" \\ \xff");
    CHECK(one_line("/permissions/a\nb", control_style::repr_if_any) == "'/permissions/a\\nb'");
    CHECK(one_line("bad\x1b" "\xff", control_style::repr_if_any) == "'bad\\x1b\\udcff'");
}

TEST_CASE("one_line: space turns each control byte into a space and drops trailing spaces", "[text]") {
    CHECK(one_line("near \"x\":\nsyntax error\n", control_style::space) == "near \"x\": syntax error");
    CHECK(one_line("\ta\r\n\nb \n", control_style::space) == " a   b");
    CHECK(one_line("\n\n", control_style::space).empty());
}

TEST_CASE("one_line: collapse makes each run of control bytes one space between text", "[text]") {
    CHECK(one_line("ERROR:  duplicate key\nDETAIL:  Key (id)=(x) exists.\n", control_style::collapse) ==
          "ERROR:  duplicate key DETAIL:  Key (id)=(x) exists.");
    CHECK(one_line("\n\ta\r\n\x7f" "b \n", control_style::collapse) == "a b ");  // a space before controls is kept
    CHECK(one_line("\n\r\t", control_style::collapse).empty());
}
