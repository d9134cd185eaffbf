// SPDX-License-Identifier: MIT
// The routing tests replace the global allocation functions with counting ones
// (test_memory.cpp); this is how the other files of the suite read the counts.
#pragma once

#include <cstddef>
#include <functional>

namespace claw::test {

/** Heap bytes (as malloc_usable_size counts them) held at most while `f` ran, above what was held before. */
std::size_t peak_heap_during(const std::function<void()>& f);

/** Number of allocations made while `f` ran. */
std::size_t allocations_during(const std::function<void()>& f);

}  // namespace claw::test
