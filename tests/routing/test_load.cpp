// SPDX-License-Identifier: MIT
// Inventory files are untrusted input: what load_inventory refuses (links, folders, devices,
// pipes, odd paths) and the message of every refusal of a file or text, each one line naming
// the source, the entry, the field and the cause.
#include <claw/routing/inventory.hpp>

#include "../support/test_support.hpp"

#include <filesystem>
#include <string>

#include <sys/stat.h>

namespace fs = std::filesystem;
using claw::inventory;

namespace {

const std::string valid = R"([{"name": "A", "source_hint": "a.ts", "responsibility": "does a"}])";

claw::test::refusal text_refusal(std::string_view text, const std::string& source = "inv.json") {
    return claw::test::refused<claw::inventory_error>([&] { (void)inventory::from_json(text, source); });
}
std::string text_error(std::string_view text) { return text_refusal(text).what; }

claw::test::refusal file_refusal(const fs::path& p) {
    return claw::test::refused<claw::inventory_error>([&] { (void)claw::load_inventory(p); });
}

bool one_line(const std::string& s) { return s.find_first_of("\n\r") == std::string::npos; }

}  // namespace

TEST_CASE("load_inventory reads a regular file and refuses everything else", "[routing]") {
    const claw::test::temp_dir dir("claw-inventory-load");
    const fs::path file = dir.path / "tools.json";
    claw::test::write_file(file, valid);
    REQUIRE(claw::load_inventory(file).size() == 1);

    SECTION("a missing file: the system's reason") {
        const auto r = file_refusal(dir.path / "missing.json");
        CHECK(r.code == std::errc::no_such_file_or_directory);
        CHECK(r.what == "inventory " + (dir.path / "missing.json").string() +
                            ": cannot read: open failed: No such file or directory");
    }
    SECTION("a path through a file: the system's reason") {
        const auto r = file_refusal(file / "x.json");
        CHECK(r.code == std::errc::not_a_directory);
        CHECK(r.what.ends_with(": cannot read: open failed: Not a directory"));
    }
    SECTION("a symbolic link to an inventory is refused, naming the link") {
        fs::create_symlink(file, dir.path / "link.json");
        const auto r = file_refusal(dir.path / "link.json");
        CHECK(r.code == claw::errc::not_a_regular_file);
        CHECK(r.what == "inventory " + (dir.path / "link.json").string() +
                            ": is a symbolic link; inventory files are not followed through links (pass the path "
                            "of the file itself)");
        // A dangling link is a link too, not a missing file.
        fs::create_symlink(dir.path / "nowhere.json", dir.path / "dangling.json");
        CHECK(file_refusal(dir.path / "dangling.json").code == claw::errc::not_a_regular_file);
    }
    SECTION("links among the parent folders are followed") {
        fs::create_directory_symlink(dir.path, dir.path / "linked-dir");
        CHECK(claw::load_inventory(dir.path / "linked-dir" / "tools.json").size() == 1);
    }
    SECTION("a folder, a device and a pipe are refused without reading or blocking") {
        fs::create_directory(dir.path / "folder.json");
        for (const fs::path& p : {dir.path / "folder.json", fs::path("/dev/null"), fs::path("/dev/zero")}) {
            INFO(p.string());
            const auto r = file_refusal(p);
            CHECK(r.code == claw::errc::not_a_regular_file);
            CHECK(r.what == "inventory " + p.string() + ": is not a regular file (a folder, device or pipe)");
        }
        // A pipe without a writer: opening it for reading must not wait for one.
        const fs::path fifo = dir.path / "fifo.json";
        REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
        CHECK(file_refusal(fifo).code == claw::errc::not_a_regular_file);
    }
    SECTION("a path holding a NUL byte is refused, not cut short") {
        const std::string with_nul = file.string() + std::string("\0.txt", 5);
        const auto r = file_refusal(fs::path(with_nul));
        CHECK(r.code == claw::errc::invalid_argument);
        CHECK(r.what == "inventory " + claw::text::repr(with_nul) + ": the path holds a NUL byte");
    }
    SECTION("an empty path") {
        const auto r = file_refusal(fs::path());
        CHECK(r.code == std::errc::no_such_file_or_directory);
        CHECK(r.what == "inventory '': cannot read: open failed: No such file or directory");
    }
    SECTION("a file name with a newline, quotes or spaces is shown escaped, on one line") {
        const fs::path odd = dir.path / "it's a\nfile.json";
        claw::test::write_file(odd, "[1]");
        const auto r = file_refusal(odd);
        CHECK(r.what == "inventory " + claw::text::repr(odd.string()) + ": entry 0 must be an object");
        CHECK(r.what.find("'a\\nfile.json") == std::string::npos);  // repr chose double quotes...
        CHECK(r.what.find("it's a\\nfile.json\"") != std::string::npos);  // ...and escaped the newline
        CHECK(one_line(r.what));
    }
}

TEST_CASE("invalid UTF-8 is reported with the entry, the field, the offset and the value escaped", "[routing]") {
    CHECK(text_error("[{\"name\": \"a\", \"source_hint\": \"b\", \"responsibility\": \"c\"},\n"
                     " {\"name\": \"ok\", \"source_hint\": \"tools/\xC3(.ts\", \"responsibility\": \"c\"}]") ==
          "inventory inv.json: entry 1 field 'source_hint' is not valid UTF-8 at byte offset 97 (line 2, column 39): "
          "'tools/\\udcc3(.ts'");
    CHECK(text_error("[{\"name\": \"\xFF\", \"source_hint\": \"b\", \"responsibility\": \"c\"}]") ==
          "inventory inv.json: entry 0 field 'name' is not valid UTF-8 at byte offset 11 (line 1, column 12): '\\udcff'");
    // Fields routing ignores must be valid too; they are named by their key.
    CHECK(text_error("[{\"name\": \"a\", \"note\": [\"x\", \"\xED\xA0\x80\"], \"source_hint\": \"b\", \"responsibility\": \"c\"}]") ==
          "inventory inv.json: entry 0 field 'note' is not valid UTF-8 at byte offset 30 (line 1, column 31): "
          "'\\udced\\udca0\\udc80'");
    CHECK(text_error("[{\"name\": \"a\", \"k\xC0\xAF\": 1}]") ==
          "inventory inv.json: a key of entry 0 is not valid UTF-8 at byte offset 17 (line 1, column 18): "
          "'k\\udcc0\\udcaf'");
    CHECK(text_error("[\"ok\", \"\xF5\"]") ==
          "inventory inv.json: entry 1 is not valid UTF-8 at byte offset 8 (line 1, column 9): '\\udcf5'");
    // Outside any string.
    CHECK(text_error("[\xFF]") == "inventory inv.json: the text is not valid UTF-8 at byte offset 1 (line 1, column 2)");
    // A long value is cut around the bad byte; a newline in it stays escaped.
    const std::string long_value = std::string(200, 'x') + "\\n\xFE" + std::string(200, 'y');  // a JSON escape
    const auto r = text_refusal("[{\"name\": \"" + long_value + "\"}]");
    CHECK(r.code == claw::errc::invalid_utf8);
    CHECK(r.what.starts_with("inventory inv.json: entry 0 field 'name' is not valid UTF-8 at byte offset 213 (line 1, "
                             "column 214): ...'xxxxx"));
    CHECK(r.what.find("x\\n\\udcfeyyy") != std::string::npos);
    CHECK(r.what.ends_with("y'..."));
    CHECK(r.what.size() < 200);
    CHECK(one_line(r.what));
}

TEST_CASE("a lone surrogate escape is named, with where it is", "[routing]") {
    const std::string prefix = "[{\"name\": \"";
    const std::string suffix = "\", \"source_hint\": \"b\", \"responsibility\": \"c\"}]";
    const auto error_for = [&](const std::string& name) {
        const auto r = text_refusal(prefix + name + suffix);
        CHECK(r.code == claw::errc::malformed_json);
        return r.what;
    };
    const std::string high = "(a high surrogate must be followed by a low surrogate escape \\udc00-\\udfff)";
    const std::string low = "(a low surrogate must follow a high surrogate escape \\ud800-\\udbff)";
    CHECK(error_for("\\ud800") == "inventory inv.json: malformed JSON at line 1, column 12: lone surrogate escape \\ud800 " + high);
    CHECK(error_for("ab\\uDBFFx") == "inventory inv.json: malformed JSON at line 1, column 14: lone surrogate escape \\uDBFF " + high);
    CHECK(error_for("\\ud800\\u0041") == "inventory inv.json: malformed JSON at line 1, column 12: lone surrogate escape \\ud800 " + high);
    CHECK(error_for("\\ud800\\ud800") == "inventory inv.json: malformed JSON at line 1, column 12: lone surrogate escape \\ud800 " + high);
    CHECK(error_for("\\udfff") == "inventory inv.json: malformed JSON at line 1, column 12: lone surrogate escape \\udfff " + low);
    CHECK(error_for("x\\u00e9\\udc00") == "inventory inv.json: malformed JSON at line 1, column 19: lone surrogate escape \\udc00 " + low);
    // A pair is a code point; an escaped backslash before "ud800" is just text.
    CHECK(inventory::from_json(prefix + "\\ud83d\\ude00" + suffix)[0].name == "\xF0\x9F\x98\x80");
    CHECK(inventory::from_json(prefix + "\\\\ud800" + suffix)[0].name == "\\ud800");
    // The corpus file of the bad-input suite.
    CHECK(claw::test::refused<claw::inventory_error>([] {
              (void)claw::load_inventory(claw::test::data_dir() / "bad" / "inventories" / "lone_surrogate.json");
          }).what.find(": malformed JSON at line 1, column 12: lone surrogate escape \\udfff") != std::string::npos);
}

TEST_CASE("syntax and structure errors: the cause, with line and column", "[routing]") {
    CHECK(text_error("") == "inventory inv.json: malformed JSON: the text is empty, expected an array of objects");
    CHECK(text_error(" \n\t") == "inventory inv.json: malformed JSON: the text is empty, expected an array of objects");
    CHECK(text_error("\xEF\xBB\xBF[]") == "inventory inv.json: malformed JSON: the text starts with a UTF-8 byte order mark");
    CHECK(text_error("[\n  {\"name\": \"a\",]") == "inventory inv.json: malformed JSON at line 2, column 16: syntax error");
    CHECK(text_error("[{\"name\": \"a\"") == "inventory inv.json: malformed JSON at line 1, column 14: incomplete JSON");
    CHECK(text_error("[] x") == "inventory inv.json: malformed JSON at line 1, column 4: unexpected data after the top-level value");
    CHECK(text_error(std::string(65, '[') + std::string(65, ']')) ==
          "inventory inv.json: nesting deeper than 64 levels at line 1, column 65");
    CHECK(text_refusal(std::string(65, '[')).code == claw::errc::too_deep);
    // A syntax error anywhere wins over a schema problem before it.
    CHECK(text_error("[5, {]") == "inventory inv.json: malformed JSON at line 1, column 6: syntax error");
    CHECK(text_error("{\"a\": 1}") == "inventory inv.json: the top-level value must be an array of objects");
    CHECK(text_error("\"x\"") == "inventory inv.json: the top-level value must be an array of objects");
    CHECK(text_error("[" + valid.substr(1, valid.size() - 2) + ", [1]]") == "inventory inv.json: entry 1 must be an object");
    CHECK(text_error("[null]") == "inventory inv.json: entry 0 must be an object");
    // Fields are checked in the order name, source_hint, responsibility.
    CHECK(text_error(R"([{"responsibility": 1}])") == "inventory inv.json: entry 0 has no field 'name'");
    CHECK(text_error(R"([{"name": "a", "responsibility": 1}])") == "inventory inv.json: entry 0 has no field 'source_hint'");
    CHECK(text_error(R"([{"name": "a", "source_hint": {}, "responsibility": "c"}])") ==
          "inventory inv.json: entry 0 field 'source_hint' must be a string");
    CHECK(text_error(R"([{"name": "a", "source_hint": "b", "responsibility": ["c"]}])") ==
          "inventory inv.json: entry 0 field 'responsibility' must be a string");
    // When a key appears twice the last one counts, as in Python's json module.
    CHECK(inventory::from_json(R"([{"name": 1, "name": "b", "source_hint": "h", "responsibility": "r"}])")[0].name == "b");
    CHECK(text_error(R"([{"name": "b", "name": null, "source_hint": "h", "responsibility": "r"}])") ==
          "inventory inv.json: entry 0 field 'name' must be a string");
    // Unknown keys and nested values are ignored; status is always "mirrored".
    const inventory inv = inventory::from_json(
        R"([{"x": {"name": 1}, "name": "n", "source_hint": "h", "responsibility": "r", "status": "other"}])");
    REQUIRE(inv.size() == 1);
    CHECK(inv[0] == claw::module_entry{"n", "r", "h"});
}

TEST_CASE("the source is shown as it is when plain, escaped otherwise", "[routing]") {
    CHECK(text_refusal("[1]", "tools.json").what.starts_with("inventory tools.json: "));
    CHECK(text_refusal("[1]", "<text>").what.starts_with("inventory <text>: "));
    CHECK(text_refusal("[1]", "caf\xC3\xA9.json").what.starts_with("inventory caf\xC3\xA9.json: "));
    CHECK(text_refusal("[1]", "my tools.json").what.starts_with("inventory 'my tools.json': "));
    CHECK(text_refusal("[1]", "a\nb").what.starts_with("inventory 'a\\nb': "));
    CHECK(text_refusal("[1]", "x\xFFy").what.starts_with("inventory 'x\\udcffy': "));
    CHECK(text_refusal("[1]", "\xE2\x80\xA8").what.starts_with("inventory '\\u2028': "));
    CHECK(text_refusal("[1]", "a\\b").what.starts_with("inventory 'a\\\\b': "));
    CHECK(text_refusal("[1]", "").what.starts_with("inventory '': "));
}

TEST_CASE("every refusal of the bad-input corpus is one line", "[routing]") {
    std::size_t files = 0;
    for (const auto& f : fs::directory_iterator(claw::test::data_dir() / "bad" / "inventories")) {
        const auto r = file_refusal(f.path());
        INFO(r.what);
        CHECK(one_line(r.what));
        CHECK(r.what.starts_with("inventory " + f.path().string() + ": "));
        ++files;
    }
    CHECK(files == 15);
}
