#pragma once
// Transparent huge pages for the heap, asked for before anything is
// allocated. A city's first start builds about a gigabyte of meshes in small
// pieces; on Debian's default THP mode ("madvise") every 4 KiB of it is a
// page fault, a third of the build on a 2-core machine (perf). glibc
// advises its heap into huge pages when the tunable glibc.malloc.hugetlb=1
// is set, and tunables are read only when a process starts: so main() adds
// it to GLIBC_TUNABLES and executes itself again, once, before it does
// anything else. Nothing is done when the caller already set
// glibc.malloc.hugetlb (=0 turns this off), when the kernel's THP mode is
// not "madvise" ("always" gives huge pages anyway, "never" none), or when
// /proc/self/exe cannot be executed (then the program simply goes on).
// Under a tool that follows a process and not its execs (valgrind without
// --trace-children=yes), set glibc.malloc.hugetlb=0 so the tool sees the
// program run, not only its first few instructions.

#include <string>

namespace citywall::app {

/// What GLIBC_TUNABLES should become, or empty when nothing is to change.
/// `tunables`: the current value (null when unset); `thpMode`: the
/// contents of /sys/kernel/mm/transparent_hugepage/enabled.
std::string hugePageTunables(const char* tunables, const std::string& thpMode);

/// Re-executes the program with huge pages for its heap when
/// hugePageTunables says so; returns only when it does not (or cannot).
void useHugePagesForTheHeap(char** argv);

/// Once the city is loaded: no more huge pages for this process (and what
/// it starts). A running wall's heap is fragmented, and the kernel's
/// khugepaged would fill each 2 MiB around a live piece with zeroes (a
/// 15-minute kiosk soak climbed 274 → 294 MiB with them, BENCHMARKS.md);
/// pages already huge stay until freed, and malloc_trim splits them.
void endHugePages();

}  // namespace citywall::app
