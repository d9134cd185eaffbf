// SPDX-License-Identifier: MIT
// Measures the memory load_inventory takes: peak heap bytes (every allocation counted with
// malloc_usable_size by replaced global allocation functions) and the growth of the process's
// peak resident set (getrusage), for generated files of 100,000 ordinary entries and of one
// 60 MB entry. Each file is generated, then loaded, in a child process of its own, so that
// neither the generator nor another case counts. Usage: claw_inventory_memory [folder]
#include "inventory_files.hpp"

#include <claw/routing/inventory.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <new>
#include <string>

#include <malloc.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {
std::atomic<std::size_t> live{0}, peak{0};

void* counted(std::size_t n) {
    void* p = std::malloc(n ? n : 1);
    if (!p) throw std::bad_alloc();
    const std::size_t now = live.fetch_add(::malloc_usable_size(p)) + ::malloc_usable_size(p);
    std::size_t seen = peak.load();
    while (now > seen && !peak.compare_exchange_weak(seen, now)) {
    }
    return p;
}
// Out of line: GCC would otherwise see free() meet a pointer from operator new and warn.
[[gnu::noinline]] void uncounted(void* p) noexcept {
    if (!p) return;
    live.fetch_sub(::malloc_usable_size(p));
    std::free(p);
}
}  // namespace

void* operator new(std::size_t n) { return counted(n); }
void* operator new[](std::size_t n) { return counted(n); }
void operator delete(void* p) noexcept { uncounted(p); }
void operator delete[](void* p) noexcept { uncounted(p); }
void operator delete(void* p, std::size_t) noexcept { uncounted(p); }
void operator delete[](void* p, std::size_t) noexcept { uncounted(p); }

namespace {

long max_rss_kib() {
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

template <class F>
void in_child(F&& f) {
    std::fflush(stdout);
    const pid_t pid = ::fork();
    if (pid < 0) {
        std::perror("fork");
        std::exit(1);
    }
    if (pid == 0) {
        f();
        std::fflush(stdout);
        std::_Exit(0);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::fprintf(stderr, "a measurement failed\n");
        std::exit(1);
    }
}

void measure(const char* label, const std::filesystem::path& file, const std::string& (*make)()) {
    in_child([&] { claw::bench::write_inventory_file(file, make()); });
    in_child([&] {
        const auto bytes = static_cast<double>(std::filesystem::file_size(file));
        const long rss_before = max_rss_kib();
        const std::size_t heap_before = live.load();
        peak.store(heap_before);
        const auto t0 = std::chrono::steady_clock::now();
        const claw::inventory inv = claw::load_inventory(file);
        const auto t1 = std::chrono::steady_clock::now();
        const auto heap_peak = static_cast<double>(peak.load() - heap_before);
        const auto heap_kept = static_cast<double>(live.load() - heap_before);
        const auto rss = static_cast<double>(max_rss_kib() - rss_before) * 1024.0;
        std::printf("| %s | %zu | %.1f MB | %.1f MB (%.2fx) | %.1f MB (%.2fx) | %.1f MB (%.2fx) | %.0f ms |\n", label,
                    inv.size(), bytes / 1e6, heap_peak / 1e6, heap_peak / bytes, heap_kept / 1e6, heap_kept / bytes,
                    rss / 1e6, rss / bytes, std::chrono::duration<double, std::milli>(t1 - t0).count());
    });
    std::filesystem::remove(file);
}

const std::string& ordinary() {
    static const std::string text = claw::bench::ordinary_inventory_json(100000);
    return text;
}
const std::string& one_entry_words() {
    static const std::string text = claw::bench::one_entry_inventory_json(60u << 20, false);
    return text;
}
const std::string& one_entry_letters() {
    static const std::string text = claw::bench::one_entry_inventory_json(60u << 20, true);
    return text;
}

}  // namespace

int main(int argc, char** argv) {
    const std::filesystem::path dir = argc > 1 ? std::filesystem::path(argv[1]) : std::filesystem::temp_directory_path();
    const std::filesystem::path file = dir / ("claw-inventory-memory-" + std::to_string(::getpid()) + ".json");
    std::printf("| inventory | entries | file | peak heap while loading | heap kept | peak RSS growth | one load |\n");
    std::printf("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    measure("100,000 ordinary entries", file, ordinary);
    measure("one 60 MB entry, words", file, one_entry_words);
    measure("one 60 MB entry, random letters", file, one_entry_letters);
}
