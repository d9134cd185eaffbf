// SPDX-License-Identifier: MIT
// The `paths` module: lexical normalisation (with Windows spellings), symbolic-link resolution
// with every hop reported, the case-sensitivity probe, gitignore-style path patterns with
// anchors, pattern sets with an index, and the candidate paths of RULES.md S8.3. It knows
// nothing of rules, layers or tools: `claw::rules_policy` builds on it.
//
// Linux/POSIX only: resolution and the probe use `fstatat(AT_SYMLINK_NOFOLLOW)` and
// `readlinkat`; Windows spellings are read as text and mapped onto POSIX form (`C:\a` -> `/c/a`).
// Everything on a check path (normalise, resolve, match, candidates) is noexcept and allocates
// nothing; only compiling patterns allocates and throws (`path_pattern_error`). Paths are bytes:
// invalid UTF-8 is kept and compared as is, and only ASCII letters are ever case-folded.
// Threads: compiled objects (`anchor_context`, `path_pattern`, `pattern_set`) never change after
// construction, so their const members may be called from many threads at once; `path_buffer`,
// `resolution` and `candidate_set` are scratch storage, one per thread.
#pragma once

#include <claw/paths/ascii.hpp>
#include <claw/paths/candidates.hpp>
#include <claw/paths/glob_expand.hpp>
#include <claw/paths/glob_path.hpp>
#include <claw/paths/case_probe.hpp>
#include <claw/paths/normalize.hpp>
#include <claw/paths/path_buffer.hpp>
#include <claw/paths/pattern.hpp>
#include <claw/paths/pattern_set.hpp>
#include <claw/paths/resolve.hpp>
