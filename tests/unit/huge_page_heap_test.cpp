// When citywall runs itself again with huge pages for its heap
// (app/huge_page_heap.h): only on the kernel's "madvise" THP mode, never
// over the caller's own choice, keeping the caller's other tunables.
#include <gtest/gtest.h>

#include "app/huge_page_heap.h"

using citywall::app::hugePageTunables;

TEST(HugePageHeap, AskedForOnlyWhereTheKernelWaitsToBeAdvised) {
  const std::string madvise = "always [madvise] never\n";
  EXPECT_EQ(hugePageTunables(nullptr, madvise), "glibc.malloc.hugetlb=1");
  EXPECT_EQ(hugePageTunables("", madvise), "glibc.malloc.hugetlb=1");
  EXPECT_EQ(hugePageTunables("glibc.malloc.arena_max=2", madvise), "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1");
  // The caller chose (=0 turns it off); after the exec this is what stops a second one.
  EXPECT_EQ(hugePageTunables("glibc.malloc.hugetlb=0", madvise), "");
  EXPECT_EQ(hugePageTunables("glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1", madvise), "");
  // "always" gives huge pages without advice, "never" none at all; no THP file: nothing known.
  EXPECT_EQ(hugePageTunables(nullptr, "[always] madvise never\n"), "");
  EXPECT_EQ(hugePageTunables(nullptr, "always madvise [never]\n"), "");
  EXPECT_EQ(hugePageTunables(nullptr, ""), "");
}
