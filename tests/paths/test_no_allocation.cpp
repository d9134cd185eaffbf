// SPDX-License-Identifier: MIT
// normalize, resolve, pattern matching, pattern-set queries, candidate sets, URL host parsing and
// domain matching perform zero heap allocations: this file replaces the global allocation
// functions of the claw_paths_tests executable with counting ones and reads the count around
// each call.
#include <claw/domains.hpp>
#include <claw/paths.hpp>

#include "paths_test_support.hpp"

#include <atomic>
#include <cstdlib>
#include <new>

namespace {
std::atomic<std::size_t> allocations{0};

void* counted(std::size_t n) {
    allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(n ? n : 1)) return p;
    throw std::bad_alloc();
}

/** Allocations made while running `f`. */
template <class F>
std::size_t allocations_during(F&& f) {
    const std::size_t before = allocations.load();
    f();
    return allocations.load() - before;
}
}  // namespace

void* operator new(std::size_t n) { return counted(n); }
void* operator new[](std::size_t n) { return counted(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
    allocations.fetch_add(1, std::memory_order_relaxed);
    return std::malloc(n ? n : 1);
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
    allocations.fetch_add(1, std::memory_order_relaxed);
    return std::malloc(n ? n : 1);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

TEST_CASE("the counting allocator sees allocations", "[paths][alloc]") {
    CHECK(allocations_during([] {
              auto* s = new std::string(100, 'x');
              delete s;
          }) > 0);
}

TEST_CASE("normalize, resolve, match and candidates never allocate", "[paths][alloc]") {
    claw::test::paths::tree t("claw-noalloc");
    t.file("real/data/f");
    t.link("ws/l", "../real/data");
    t.link("ws/loop", "loop");
    t.link("ws/dang", "/nonexistent/x");
    const std::string cwd = t.at("ws");
    const claw::paths::anchor_context anchors({cwd, "/home/u", cwd});
    std::vector<std::string> specs = {"*.pem", "./l/**", "~/.ssh/**", "src/**", ".env*", "[a-c]?x", "**/data/f"};
    for (int i = 0; i < 1000; ++i) specs.push_back("dir" + std::to_string(i) + "/file" + std::to_string(i) + ".txt");
    const auto set = claw::paths::pattern_set::compile(specs, anchors);
    const auto one = claw::paths::path_pattern::compile("**/data/*", anchors);
    auto res = claw::test::paths::new_resolution();
    auto cands = claw::test::paths::new_candidates();
    claw::paths::path_buffer buf;
    claw::paths::normalize_options no;
    no.cwd = cwd;
    no.home = "/home/u";
    claw::paths::candidate_options co;
    co.cwd = cwd;
    co.home = "/home/u";
    const std::vector<std::string> inputs = {"l/f", "l/../data/f", "loop/x", "dang/y", "C:\\x\\..\\y", "~/.ssh/id",
                                             "\\\\?\\UNC\\s\\h", "/" + std::string(5000, 'a'), "", "a/./b//c/",
                                             "DIR7/FILE7.TXT", "x\xff\xfe/y"};
    std::size_t matched = 0;
    for (const auto& in : inputs) {
        INFO("input " << claw::test::visible(in));
        CHECK(allocations_during([&] {
                  no.syntax = claw::paths::path_syntax::posix;
                  (void)claw::paths::normalize(in, no, buf);
                  no.syntax = claw::paths::path_syntax::windows;
                  (void)claw::paths::normalize(in, no, buf);
              }) == 0);
        const std::string abs = cwd + "/" + in;
        CHECK(allocations_during([&] { (void)claw::paths::resolve(abs, *res); }) == 0);
        CHECK(allocations_during([&] {
                  (void)claw::paths::build_candidates(in, co, *cands);
                  matched += claw::paths::first_match_any_candidate(*cands, set, true) != claw::paths::pattern_set::npos;
                  matched += claw::paths::first_match_lexical_and_resolved(*cands, set, false) != claw::paths::pattern_set::npos;
                  matched += claw::paths::any_candidate_matches(*cands, one, true);
                  matched += claw::paths::lexical_and_resolved_match(*cands, one, false);
                  matched += set.match(cands->lexical(), true) != claw::paths::pattern_set::npos;
              }) == 0);
    }
    CHECK(matched > 0);
    CHECK(allocations_during([&] { (void)claw::paths::probe_case_sensitivity(cwd); }) == 0);
}

TEST_CASE("URL host parsing and domain matching never allocate", "[domains][alloc]") {
    std::vector<std::string> specs = {"*.example.com", "example.*", "api-*.x.org", "127.1", "[::1]", "*"};
    for (int i = 0; i < 1000; ++i) specs.push_back("host" + std::to_string(i) + ".example" + std::to_string(i % 7) + ".com");
    const auto set = claw::domains::domain_pattern_set::compile(specs);
    const auto one = claw::domains::domain_pattern::compile("*.example.com");
    const std::vector<std::string> urls = {"https://www.example.com/x", "https://example.com@evil.net/", "http://0x7f.1/",
                                           "http://[0:0::1]:8080/", "https:\\\\evil.net", "ftp://x/", "mailto:a@b",
                                           "https://b%C3%BCcher.de/", "https://" + std::string(400, 'a'), "not a url",
                                           "https://host7.example0.com/"};
    std::size_t matched = 0;
    for (const auto& u : urls) {
        INFO(u);
        CHECK(allocations_during([&] {
                  const auto h = claw::domains::parse_url_host(u);
                  matched += set.match(h.host()) != claw::domains::domain_pattern_set::npos;
                  matched += one.matches(h.host());
              }) == 0);
    }
    CHECK(matched > 0);
}
