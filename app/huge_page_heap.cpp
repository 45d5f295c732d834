#include "app/huge_page_heap.h"

#include <sys/prctl.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

namespace citywall::app {

std::string hugePageTunables(const char* tunables, const std::string& thpMode) {
  const std::string current = tunables ? tunables : "";
  if (current.find("glibc.malloc.hugetlb") != std::string::npos) return {};  // the caller's choice
  if (thpMode.find("[madvise]") == std::string::npos) return {};
  return current.empty() ? "glibc.malloc.hugetlb=1" : current + ":glibc.malloc.hugetlb=1";
}

void useHugePagesForTheHeap(char** argv) {
  std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
  const std::string mode((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string tunables = hugePageTunables(std::getenv("GLIBC_TUNABLES"), mode);
  if (tunables.empty()) return;
  // After the exec the variable names hugetlb, so this runs once.
  if (setenv("GLIBC_TUNABLES", tunables.c_str(), 1) != 0) return;
  execv("/proc/self/exe", argv);
  // Not executed (no /proc): go on with the heap as it is. The variable
  // stays; it only matters to programs started from here, which it helps too.
}

void endHugePages() {
  // PR_SET_THP_DISABLE: no huge page at a fault and none made by
  // khugepaged, whatever glibc advises from now on. Failure (an old
  // kernel) leaves things as they were.
  (void)prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
}

}  // namespace citywall::app
