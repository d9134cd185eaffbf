// SPDX-License-Identifier: MIT
// The programs the shell module and the command-pattern layer know by name (file commands,
// network commands, the built-in read-only set, programs with dangerous operands): one constexpr
// hash table from a command's basename to a small enum, so that code dispatching on the program
// pays one lookup instead of a chain of string comparisons.
#pragma once

#include <claw/config.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

CLAW_BEGIN_NAMESPACE
namespace shell {
namespace detail {

/** Programs known by name. `none` for every other name. */
enum class prog : unsigned char {
    none,
    // file commands (operands.hpp)
    cat, less, more, wc, diff, cmp, head, tail, file, stat, ls, tree, realpath, readlink, find, du, cut, tr, sort,
    uniq, grep, egrep, fgrep, rg, sed, awk, gawk, mawk, cp, install, mv, ln, rm, rmdir, touch, mkdir, tee, truncate,
    dd,
    // readers of their operands outside the built-in read-only set (operands.hpp)
    nl, tac, rev, xxd, od, hexdump, strings, paste, comm, join, sdiff, diff3, base32, base64, md5sum, sha1sum,
    sha224sum, sha256sum, sha384sum, sha512sum, b2sum, cksum, sum, fold, fmt, expand, unexpand, pr, shuf, iconv,
    zcat, bzcat, xzcat, zstdcat, column, look, jq, yq, zgrep, zegrep, zfgrep, bzgrep, xzgrep, zstdgrep, zless, zmore,
    bzless, bzmore, xzless, xzmore, zdiff, zcmp, bzdiff, bzcmp, xzdiff, xzcmp, lzcat, tsort, ptx, csplit, date, openssl,
    // compressors (read and replace their operands), tar (roles depend on the mode)
    gzip, gunzip, bzip2, bunzip2, xz, unxz, zstd, unzstd, lz4, lzma, unlzma, tar,
    // network commands
    curl, wget, nc, ncat, telnet, ftp, ssh, sftp, scp, rsync, git,
    // the rest of the built-in read-only set (S12)
    pwd, echo, printf, which, type, df, basename, dirname, true_, false_, test, bracket, cd,
    count
};

inline constexpr std::array<std::string_view, static_cast<std::size_t>(prog::count)> prog_names{
    "",
    "cat", "less", "more", "wc", "diff", "cmp", "head", "tail", "file", "stat", "ls", "tree", "realpath", "readlink",
    "find", "du", "cut", "tr", "sort", "uniq", "grep", "egrep", "fgrep", "rg", "sed", "awk", "gawk", "mawk", "cp",
    "install", "mv", "ln", "rm", "rmdir", "touch", "mkdir", "tee", "truncate", "dd",
    "nl", "tac", "rev", "xxd", "od", "hexdump", "strings", "paste", "comm", "join", "sdiff", "diff3", "base32", "base64",
    "md5sum", "sha1sum", "sha224sum", "sha256sum", "sha384sum", "sha512sum", "b2sum", "cksum", "sum", "fold", "fmt",
    "expand", "unexpand", "pr", "shuf", "iconv", "zcat", "bzcat", "xzcat", "zstdcat", "column", "look", "jq", "yq",
    "zgrep", "zegrep", "zfgrep", "bzgrep", "xzgrep", "zstdgrep", "zless", "zmore", "bzless", "bzmore", "xzless", "xzmore",
    "zdiff", "zcmp", "bzdiff", "bzcmp", "xzdiff", "xzcmp", "lzcat", "tsort", "ptx", "csplit", "date", "openssl",
    "gzip", "gunzip", "bzip2", "bunzip2", "xz", "unxz", "zstd", "unzstd", "lz4", "lzma", "unlzma", "tar",
    "curl", "wget", "nc", "ncat", "telnet", "ftp", "ssh", "sftp", "scp", "rsync", "git",
    "pwd", "echo", "printf", "which", "type", "df", "basename", "dirname", "true", "false", "test", "[", "cd"};

constexpr std::size_t prog_hash(std::string_view s) noexcept {
    std::size_t h = s.size();
    for (const char c : s) h = h * 31 + static_cast<unsigned char>(c);
    return h ^ (h >> 6);
}

inline constexpr std::size_t prog_slots = 256;
// first byte x length filter, then open addressing (slot: enum value, 0 empty)
inline constexpr auto prog_filter = [] {
    std::array<std::uint16_t, 256> f{};
    for (std::size_t i = 1; i < prog_names.size(); ++i)
        f[static_cast<unsigned char>(prog_names[i][0])] |= static_cast<std::uint16_t>(1u << prog_names[i].size());
    return f;
}();
inline constexpr auto prog_index = [] {
    std::array<std::uint8_t, prog_slots> t{};
    for (std::size_t i = 1; i < prog_names.size(); ++i) {
        std::size_t h = prog_hash(prog_names[i]) & (prog_slots - 1);
        while (t[h] != 0) h = (h + 1) & (prog_slots - 1);
        t[h] = static_cast<std::uint8_t>(i);
    }
    return t;
}();

/** The known program named `name` (a basename, compared exactly), or `prog::none`. O(1). */
constexpr prog program_of(std::string_view name) noexcept {
    if (name.empty() || name.size() > 15 ||
        (prog_filter[static_cast<unsigned char>(name[0])] & (1u << name.size())) == 0)
        return prog::none;
    for (std::size_t i = prog_hash(name) & (prog_slots - 1); prog_index[i] != 0; i = (i + 1) & (prog_slots - 1)) {
        const std::string_view n = prog_names[prog_index[i]];
        if (n.size() != name.size()) continue;
        std::size_t k = 0;
        while (k < n.size() && n[k] == name[k]) ++k;
        if (k == n.size()) return static_cast<prog>(prog_index[i]);
    }
    return prog::none;
}

static_assert([] {
    for (std::size_t i = 1; i < prog_names.size(); ++i)
        if (prog_names[i].size() > 15 || program_of(prog_names[i]) != static_cast<prog>(i)) return false;
    return program_of("gitk") == prog::none && program_of("") == prog::none && program_of("Git") == prog::none;
}(), "every known program is found through the index");

}  // namespace detail
}  // namespace shell
CLAW_END_NAMESPACE
