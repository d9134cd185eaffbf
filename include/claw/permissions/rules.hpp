// SPDX-License-Identifier: MIT
// The rules policy of RULES.md: `claw::rules_policy` with its settings, vocabulary and explained
// decisions. Depends on the shell, paths and domains modules, which know nothing of rules.
//
//   rules_policy            allow / ask / deny rules under a permission mode, from layered settings
//   rules::load_options     where settings come from (the options of `claw-port check`)
//   rules::request_context  per-request trust, interaction, input form and override
//   rules::decision_record  the explained decision; rules::format_reason renders it
#pragma once

#include <claw/permissions/rules/decision_record.hpp>
#include <claw/permissions/rules/rule_text.hpp>
#include <claw/permissions/rules/rules_policy.hpp>
#include <claw/permissions/rules/settings.hpp>
#include <claw/permissions/rules/tools.hpp>
#include <claw/permissions/rules/vocabulary.hpp>
