// SPDX-License-Identifier: MIT
// The programs the shell module and the command-pattern layer know by name (file commands,
// network commands, the built-in read-only set, programs with dangerous operands), as a small
// enum: the analysis looks a command's basename up once (`find_name`, names.hpp, which indexes
// these names with the classes of names.hpp) and code dispatching on the program compares enums
// instead of strings.
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

}  // namespace detail
}  // namespace shell
CLAW_END_NAMESPACE
