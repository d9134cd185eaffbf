// SPDX-License-Identifier: MIT
// A read-only hash index from ASCII-case-folded strings to sorted lists of small integers, built
// once and looked up without allocation. Used by `paths::pattern_set` and
// `domains::domain_pattern_set` to find the few patterns worth testing for one input.
#pragma once

#include <claw/config.hpp>

#include <claw/paths/ascii.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

CLAW_BEGIN_NAMESPACE
namespace paths::detail {

class string_index {
public:
    /** Builds the index from (key, value) pairs; keys are folded here, values sorted per key. */
    void build(std::vector<std::pair<std::string, std::uint32_t>> entries) {
        slots_.clear();
        keys_.clear();
        values_.clear();
        if (entries.empty()) return;
        for (auto& e : entries) fold_into(e.first, e.first.data());
        std::sort(entries.begin(), entries.end());
        entries.erase(std::unique(entries.begin(), entries.end()), entries.end());
        std::size_t distinct = 0;
        for (std::size_t i = 0; i < entries.size(); ++i)
            if (i == 0 || entries[i].first != entries[i - 1].first) ++distinct;
        std::size_t cap = 8;
        while (cap < distinct * 2) cap *= 2;
        slots_.assign(cap, slot{});
        mask_ = cap - 1;
        for (std::size_t i = 0; i < entries.size();) {
            std::size_t j = i;
            while (j < entries.size() && entries[j].first == entries[i].first) ++j;
            slot s;
            s.hash = folded_hash(entries[i].first);
            s.key_offset = static_cast<std::uint32_t>(keys_.size());
            s.key_length = static_cast<std::uint32_t>(entries[i].first.size());
            keys_ += entries[i].first;
            s.value_offset = static_cast<std::uint32_t>(values_.size());
            s.value_count = static_cast<std::uint32_t>(j - i);
            for (std::size_t k = i; k < j; ++k) values_.push_back(entries[k].second);
            std::size_t at = static_cast<std::size_t>(s.hash) & mask_;
            while (slots_[at].value_count != 0) at = (at + 1) & mask_;
            slots_[at] = s;
            i = j;
        }
    }

    bool empty() const noexcept { return slots_.empty(); }

    /** The values stored under `key` compared ASCII-case-insensitively (empty when none). */
    std::span<const std::uint32_t> find(std::string_view key) const noexcept {
        if (slots_.empty()) return {};
        const std::uint64_t h = folded_hash(key);
        for (std::size_t at = static_cast<std::size_t>(h) & mask_;; at = (at + 1) & mask_) {
            const slot& s = slots_[at];
            if (s.value_count == 0) return {};
            if (s.hash == h && s.key_length == key.size() && equal_folded(keys_.data() + s.key_offset, key))
                return {values_.data() + s.value_offset, s.value_count};
        }
    }

private:
    // iequal(stored, key) for a stored key of key.size() bytes that was folded at build time:
    // eight bytes per step, the key's folded with ascii_fold_word.
    static bool equal_folded(const char* stored, std::string_view key) noexcept {
        using claw::detail::ascii_fold_word;
        using claw::detail::short_word;
        const std::size_t n = key.size();
        for (std::size_t i = 0; i < n; i += 8)
            if (short_word(stored + i, n - i) != ascii_fold_word(short_word(key.data() + i, n - i))) return false;
        return true;
    }

    struct slot {
        std::uint64_t hash = 0;
        std::uint32_t key_offset = 0, key_length = 0, value_offset = 0, value_count = 0;
    };
    std::vector<slot> slots_;
    std::string keys_;
    std::vector<std::uint32_t> values_;
    std::size_t mask_ = 0;
};

}  // namespace paths::detail
CLAW_END_NAMESPACE
