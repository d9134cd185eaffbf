// SPDX-License-Identifier: MIT
// Build-time configuration of claw-cpp: the versioned namespace every declaration lives in, the
// switches of the vectorised code paths, and every limit an application may override. Nothing
// here needs to be touched to use the library; each `CLAW_*` macro can be set before the first
// claw-cpp include (or with `-D` on the command line) and documents its default.
#pragma once

/**
 * Every declaration of claw-cpp lives in `claw::v0`, an inline namespace: users write `claw::x`,
 * while the linker sees `claw::v0::x`. Two incompatible versions of claw-cpp linked into one
 * program therefore fail to link instead of silently mixing their types (as {fmt} and
 * nlohmann/json do). The inline namespace changes with every release that breaks the ABI.
 */
#define CLAW_BEGIN_NAMESPACE \
    namespace claw {         \
    inline namespace v0 {
#define CLAW_END_NAMESPACE \
    }                      \
    }

// ------------------------------------------------------------------------------------------------
// Vectorised code paths. Both give the same results as the scalar code (the tests build both).

/** Scan text 16 bytes at a time with SSE2 (UTF-8 validation, JSON escaping). Default: where the compiler targets SSE2. */
#ifndef CLAW_USE_SSE2
#if defined(__SSE2__)
#define CLAW_USE_SSE2 1
#else
#define CLAW_USE_SSE2 0
#endif
#endif

/** Compare and fold bytes 8 at a time in 64-bit words (the bash gate, deny-list matching). Default 1. */
#ifndef CLAW_USE_SWAR
#define CLAW_USE_SWAR 1
#endif

/**
 * Keeps a function out of its callers: for the rarely taken parts of a hot function, whose
 * inlined code (and stack) would otherwise be set up on every call. Not for users.
 */
#if defined(__GNUC__) || defined(__clang__)
#define CLAW_NOINLINE [[gnu::noinline]]
#else
#define CLAW_NOINLINE
#endif

// ------------------------------------------------------------------------------------------------
// Overridable limits. Each may be defined before the first claw-cpp include (or with -D); the
// value here is the default. Limits bound memory and time on hostile input: exceeding one is an
// error or a fail-closed decision, never truncation.

// ---- Sessions

/**
 * Most messages a stored session may hold (default 1,048,576). `session_from_json` refuses a text
 * with more (`errc::too_large`) as soon as it sees one too many, and every store refuses to save
 * more, so what is saved can always be loaded. It bounds the memory of a load: each message costs
 * a `std::string` (32 bytes) in a vector that may be twice as large as needed while it grows, so
 * a text of tiny messages (`"",` is three bytes) cannot multiply into gigabytes.
 */
#ifndef CLAW_MAX_SESSION_MESSAGES
#define CLAW_MAX_SESSION_MESSAGES 1048576
#endif

/**
 * Deepest nesting `session_from_json` accepts (default 64): the session's own fields need 2, but
 * unknown fields may hold nested values. Deeper text is refused with `errc::too_deep`.
 */
#ifndef CLAW_MAX_SESSION_JSON_DEPTH
#define CLAW_MAX_SESSION_JSON_DEPTH 64
#endif

/**
 * Largest session file `json_file_store` reads and writes by default, in bytes (64 MiB). `load`
 * refuses a larger file before reading it; `save` refuses a session whose ENCODED form is larger,
 * before writing anything. Per store: `json_file_store::set_max_file_size`.
 */
#ifndef CLAW_MAX_SESSION_FILE_SIZE
#define CLAW_MAX_SESSION_FILE_SIZE (64ull << 20)
#endif


// ---- Inventories and the project scan

/** Largest inventory file, in bytes, that `load_inventory` reads (default 64 MiB). */
#ifndef CLAW_MAX_INVENTORY_FILE_SIZE
#define CLAW_MAX_INVENTORY_FILE_SIZE (64ull << 20)
#endif

/** Deepest nesting of arrays and objects an inventory text may hold (default 64). */
#ifndef CLAW_MAX_INVENTORY_JSON_DEPTH
#define CLAW_MAX_INVENTORY_JSON_DEPTH 64
#endif

/** Default of `project_scan_options::max_entries`. */
#ifndef CLAW_PROJECT_SCAN_MAX_ENTRIES
#define CLAW_PROJECT_SCAN_MAX_ENTRIES 10000
#endif


// ---- Permission rules

/** Largest settings file read (bytes). Default 1 MiB. */
#ifndef CLAW_MAX_SETTINGS_FILE_SIZE
#define CLAW_MAX_SETTINGS_FILE_SIZE (1u << 20)
#endif

/** Largest tool input (JSON argument object or subject) a check reads; larger inputs are denied. */
#ifndef CLAW_RULES_MAX_INPUT_BYTES
#define CLAW_RULES_MAX_INPUT_BYTES (1u << 20)
#endif

/**
 * Most directories one shell command is checked in. A literal `cd` that may fail (`cd x; cat y`)
 * leaves two possible directories for what follows; each such `cd` doubles them. Beyond this
 * many, later relative paths are unknown and the analysis counts as incomplete (ask). Default 4.
 */
#ifndef CLAW_RULES_MAX_CWD_CHOICES
#define CLAW_RULES_MAX_CWD_CHOICES 4
#endif

/** Most top-level members a tool's JSON argument object may have. */
#ifndef CLAW_RULES_MAX_INPUT_MEMBERS
#define CLAW_RULES_MAX_INPUT_MEMBERS 64
#endif

/** Deepest nesting in a tool's JSON argument object. */
#ifndef CLAW_RULES_MAX_INPUT_DEPTH
#define CLAW_RULES_MAX_INPUT_DEPTH 64
#endif

/** Most keys of one nested object in a tool's JSON argument object (duplicates are looked for). */
#ifndef CLAW_RULES_MAX_NESTED_KEYS
#define CLAW_RULES_MAX_NESTED_KEYS 128
#endif


// ---- Shell analysis (RULES.md S6.9)

/** Commands longer than this many bytes are analysed for deny/ask but never complete (S6.9). */
#ifndef CLAW_SHELL_MAX_ALLOW_BYTES
#define CLAW_SHELL_MAX_ALLOW_BYTES 10000
#endif

/** Hard cap: longer commands are not analysed at all (incomplete, conservative scan only). */
#ifndef CLAW_SHELL_MAX_BYTES
#define CLAW_SHELL_MAX_BYTES 1048576
#endif

/** Reachable simple commands (exec facts), including wrapped, nested and candidate commands. */
#ifndef CLAW_SHELL_MAX_COMMANDS
#define CLAW_SHELL_MAX_COMMANDS 256
#endif

/** Syntactic nesting: compound commands, substitutions, nested scripts and wrappers. */
#ifndef CLAW_SHELL_MAX_DEPTH
#define CLAW_SHELL_MAX_DEPTH 8
#endif

/** Words stored in one analysis (argv words, assignment values, redirect targets). */
#ifndef CLAW_SHELL_MAX_WORDS
#define CLAW_SHELL_MAX_WORDS 4096
#endif

/** Redirections stored in one analysis. */
#ifndef CLAW_SHELL_MAX_REDIRECTS
#define CLAW_SHELL_MAX_REDIRECTS 256
#endif

/** Assignments (prefix and bare) stored in one analysis. */
#ifndef CLAW_SHELL_MAX_ASSIGNMENTS
#define CLAW_SHELL_MAX_ASSIGNMENTS 256
#endif

/** Bytes of text produced by the analysis (quote removal, decoded `$'...'`, nested scripts). */
#ifndef CLAW_SHELL_TEXT_CAPACITY
#define CLAW_SHELL_TEXT_CAPACITY 65536
#endif

/** Variables tracked by constant propagation at once; beyond it propagation stops (S6.4). */
#ifndef CLAW_SHELL_MAX_CONSTANTS
#define CLAW_SHELL_MAX_CONSTANTS 128
#endif

/** Working directories tracked through `cd` (S6.7); beyond it the cwd becomes unknown. */
#ifndef CLAW_SHELL_MAX_CWDS
#define CLAW_SHELL_MAX_CWDS 64
#endif

/** Function names remembered (a call may change variables); beyond it propagation stops. */
#ifndef CLAW_SHELL_MAX_FUNCTIONS
#define CLAW_SHELL_MAX_FUNCTIONS 64
#endif

/**
 * Written values of a `for` loop (`for f in a b; do ...`) for which its body is analysed again with
 * the variable set, so that deny and ask rules see each value (S6.4); further values stay unknown.
 */
#ifndef CLAW_SHELL_MAX_LOOP_VALUES
#define CLAW_SHELL_MAX_LOOP_VALUES 8
#endif

/** Here-documents pending on one line. */
#ifndef CLAW_SHELL_MAX_HEREDOCS
#define CLAW_SHELL_MAX_HEREDOCS 16
#endif


// ---- Paths and URLs

/**
 * The capacity of a `claw::paths::path_buffer` in bytes, including the terminating NUL, as
 * Linux's `PATH_MAX`: a path may hold at most `CLAW_PATH_MAX - 1` bytes. A longer result is
 * reported as `path_status::too_long`, never truncated. Default 4096.
 */
#ifndef CLAW_PATH_MAX
#define CLAW_PATH_MAX 4096
#endif

/** Most symbolic links one resolution follows (Linux's own limit, `MAXSYMLINKS`, is 40). Default 40. */
#ifndef CLAW_PATH_MAX_HOPS
#define CLAW_PATH_MAX_HOPS 40
#endif

/** Bytes a `resolution` has for the text of its hops. Default `4 * CLAW_PATH_MAX`. */
#ifndef CLAW_PATH_HOP_BYTES
#define CLAW_PATH_HOP_BYTES (4 * CLAW_PATH_MAX)
#endif

/** Bytes a `candidate_set` has for the text of its candidates. Default `4 * CLAW_PATH_MAX`. */
#ifndef CLAW_PATH_CANDIDATE_BYTES
#define CLAW_PATH_CANDIDATE_BYTES (4 * CLAW_PATH_MAX)
#endif

/** Most candidates one `candidate_set` holds. Default `8 + 4 * CLAW_PATH_MAX_HOPS`. */
#ifndef CLAW_PATH_MAX_CANDIDATES
#define CLAW_PATH_MAX_CANDIDATES (8 + 4 * CLAW_PATH_MAX_HOPS)
#endif

/** Most bytes of a parsed host (after percent-decoding). Longer hosts fail with `too_long`. Default 255. */
#ifndef CLAW_URL_HOST_MAX
#define CLAW_URL_HOST_MAX 255
#endif
