// SPDX-License-Identifier: MIT
// The engine's transcript: the submitted prompts, whether they were flushed, and Python-style
// tail compaction.
#pragma once

#include <claw/config.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

CLAW_BEGIN_NAMESPACE

namespace detail {
// Python's `items[:] = items[-keep_last:]`, including its edge cases: keep_last == 0 keeps
// everything (`[-0:]` is the whole list) and a negative value drops that many from the front.
// Any `keep_last` is defined, LLONG_MIN included (never negated when below -n).
inline void keep_python_tail(std::vector<std::string>& items, long long keep_last) noexcept {
    const auto n = static_cast<long long>(items.size());
    long long start = 0;                                      // keep_last == 0: [-0:] is everything
    if (keep_last > 0) start = keep_last >= n ? 0 : n - keep_last;
    else if (keep_last < 0) start = keep_last < -n ? n : -keep_last;  // [k:] for k = -keep_last
    items.erase(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(start));
}
}  // namespace detail

/** The transcript of one engine: every submitted prompt, compacted with the messages. */
class transcript_store {
public:
    transcript_store() = default;
    transcript_store(std::vector<std::string> entries, bool flushed) : entries_(std::move(entries)), flushed_(flushed) {}

    /** Appends a copy of `entry`. Amortised O(|entry|); never throws but allocation. */
    void append(std::string_view entry) {
        entries_.emplace_back(entry);
        flushed_ = false;
    }
    /** Keeps the last `keep_last` entries when there are more (Python slicing rules). O(number of entries); never throws. */
    void compact(long long keep_last) {
        if (static_cast<long long>(entries_.size()) > keep_last) detail::keep_python_tail(entries_, keep_last);
    }
    void flush() noexcept { flushed_ = true; }

    const std::vector<std::string>& entries() const noexcept { return entries_; }
    /** The entries, for replay (a copy). O(size of the entries); never throws but allocation. */
    std::vector<std::string> replay() const { return entries_; }
    bool flushed() const noexcept { return flushed_; }

private:
    std::vector<std::string> entries_;
    bool flushed_ = false;
};

CLAW_END_NAMESPACE
