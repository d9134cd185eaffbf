# SPDX-License-Identifier: MIT
# Fails unless the README's C++ example is the body of examples/custom_policy.cpp, which ctest
# builds and runs: the README can only show code that compiles and works.
file(READ "${README}" readme)
file(READ "${EXAMPLE}" example)
string(FIND "${readme}" "```cpp\n#include <claw/claw.hpp>" start)
if(start EQUAL -1)
  message(FATAL_ERROR "README.md has no example starting with #include <claw/claw.hpp>")
endif()
math(EXPR start "${start} + 7")
string(SUBSTRING "${readme}" ${start} -1 rest)
string(FIND "${rest}" "```" end)
string(SUBSTRING "${rest}" 0 ${end} code)
string(FIND "${example}" "${code}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "the README example differs from ${EXAMPLE}")
endif()
message(STATUS "README example matches ${EXAMPLE}")
