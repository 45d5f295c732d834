// citywall-bridge's frame log: numbering (a source's own seq replaced),
// reading from a seq, and the byte budget.

#include <gtest/gtest.h>

#include "tools/bridge/frame_log.h"

using namespace citywall;

TEST(FrameLog, NumbersKeepsAndDropsTheOldestForItsBudget) {
  EXPECT_EQ(*bridge::withSeq(R"({"type":"batch","events":[]})", 7), R"({"seq":7,"type":"batch","events":[]})");
  EXPECT_EQ(*bridge::withSeq("{}", 1), R"({"seq":1})");
  EXPECT_EQ(*bridge::withSeq(R"( {"seq":99,"type":"case","id":"a"})", 3), R"({"seq":3,"type":"case","id":"a"})");
  EXPECT_FALSE(bridge::withSeq("[1]", 1));
  EXPECT_FALSE(bridge::withSeq(R"({"seq":1,"type")", 1));

  bridge::FrameLog log(100);
  EXPECT_FALSE(log.append("not json"));
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(log.append(R"({"type":"obs","n":)" + std::to_string(i) + "}"));
  EXPECT_EQ(log.lastSeq(), 5u);
  uint64_t first = 0;
  // ~30 bytes a frame, 100 bytes kept: the newest three.
  auto all = log.after(0, 100, first);
  EXPECT_EQ(first, 3u);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0], R"({"seq":3,"type":"obs","n":2})");
  EXPECT_EQ(log.dropped(), 2u);
  auto rest = log.after(4, 100, first);
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(first, 5u);
  EXPECT_TRUE(log.after(5, 100, first).empty());
  EXPECT_EQ(log.after(0, 1, first).size(), 1u);
}
