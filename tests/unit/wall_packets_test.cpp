// The wall's messages: every kind and every store change survives the trip
// as bytes; a message cut short, damaged, of another version or too large
// is refused with a reason. And the links over loopback: a node joins with
// a snapshot, follows frames in step through the barrier, a node that
// stops answering costs the wall at most the barrier's deadline, and a
// malformed message from a stranger is refused and counted.

#include <gtest/gtest.h>

#include <zmq.hpp>

#include <sys/stat.h>

#include <atomic>
#include <cstdio>
#include <thread>

#include "wall/conductor_link.h"
#include "wall/node_link.h"
#include "wall/packets.h"
#include "wall/wall_key.h"

using namespace citywall;
using namespace std::chrono_literals;

namespace {

wall::Frame sampleFrame() {
  wall::Frame f;
  f.session = 77, f.frame = 12, f.clock = 1'763'800'000'123, f.seconds = 1.0 / 30, f.time = 4.5, f.opsFirst = 1000;
  live::CaseUpdate c;
  c.id = "SR-1", c.time = 1'763'799'000'000, c.status = live::CaseStatus::dispatched, c.category = "safety.fire";
  c.position = live::LonLat{121.5, 31.24}, c.priority = 1, c.title = "火情", c.grid = "HP-0003", c.drill = true;
  c.props = {{"floor", "12"}, {"note", "\"smoke\""}};
  live::SensorUpdate s;
  s.id = "aq-1", s.kind = "air_quality", s.position = {121.49, 31.23}, s.name = "外滩站";
  s.thresholds = {{"pm25", 75.0, 150.0}, {"pm10", std::nullopt, 300.0}};
  live::Observation o;
  o.sensor = "aq-1", o.time = 1'763'799'100'000, o.values = {{"pm25", 81.5}, {"pm10", 120.25}};
  live::AlarmUpdate a;
  a.id = "AL-9", a.time = 1'763'799'200'000, a.level = live::AlarmLevel::warn, a.sensor = "aq-1", a.message = "PM2.5";
  f.ops = {live::FeedEvent(c), live::TimeMs(1'763'800'000'000), live::FeedEvent(s), live::FeedEvent(o), live::FeedEvent(a)};
  f.view.target = {12.5, -300.25, 4}, f.view.distance = 2600, f.view.heading = 30, f.view.pitch = 55;
  f.view.theme = "day", f.view.chinese = false, f.view.heat = false, f.view.featureLayers = {true, false, true};
  f.view.caseSlot = 3, f.view.search = "漏水", f.view.status = -1, f.view.sortColumn = 2, f.view.drillShown = true;
  f.view.drillName = "化工泄漏演练", f.view.drillCaption = "第一阶段";
  f.view.tilePoint = scene::TilePoint{"survey.pnts", 6000, {45, 10, 78}, {{"Classification", "6"}, {"Intensity", "3390"}}};
  f.view.tileFeature = scene::TileFeature{1, "BLDG_0042", "BLDG_0042", {{"name", "上海中心"}, {"height", "632"}}, glm::dvec3(120.5, -40, 316)};
  f.view.marks = {{"疏散区", 121.4935, 31.247, 300, 0xff3b30a0u}, {"cordon", 121.49, 31.24, 50.5, 0xffd60aff}};
  f.view.hidden = {{-1, 7, {}}, {1, 0, "BLDG_0042"}};
  return f;
}

// The store changes' effect, compared through a store that applies them.
std::string dumpOf(const std::vector<live::StoreOp>& ops) {
  live::Store store;
  for (const auto& op : ops) store.applyOp(op);
  std::string out = std::to_string(store.applied()) + "/" + std::to_string(store.cases().size());
  for (const auto& c : store.cases().all()) out += "|" + c.id + "," + std::string(live::toString(c.status)) + "," + c.category;
  for (const auto& s : store.sensors().all()) out += "|" + s.id + "," + s.name;
  return out;
}

}  // namespace

TEST(WallPackets, EveryMessageSurvivesTheTrip) {
  const wall::Frame f = sampleFrame();
  std::string error;
  const auto back = wall::decode(wall::encode(f), error);
  ASSERT_TRUE(back) << error;
  const auto& g = std::get<wall::Frame>(*back);
  EXPECT_EQ(g.session, 77u);
  EXPECT_EQ(g.frame, 12u);
  EXPECT_EQ(g.clock, f.clock);
  EXPECT_EQ(g.time, 4.5);
  EXPECT_EQ(g.opsFirst, 1000u);
  EXPECT_TRUE(g.view == f.view);
  ASSERT_EQ(g.ops.size(), 5u);
  EXPECT_EQ(std::get<live::TimeMs>(g.ops[1]), 1'763'800'000'000);
  const auto& c = std::get<live::CaseUpdate>(std::get<live::FeedEvent>(g.ops[0]));
  EXPECT_EQ(c.title, "火情");
  EXPECT_EQ(c.props[1].second, "\"smoke\"");
  EXPECT_TRUE(c.drill);
  EXPECT_EQ(*c.priority, 1);
  const auto& s = std::get<live::SensorUpdate>(std::get<live::FeedEvent>(g.ops[2]));
  EXPECT_FALSE(s.thresholds[1].warn);
  EXPECT_EQ(*s.thresholds[1].alarm, 300.0);
  EXPECT_EQ(std::get<live::Observation>(std::get<live::FeedEvent>(g.ops[3])).values[1].second, 120.25);
  EXPECT_EQ(std::get<live::AlarmUpdate>(std::get<live::FeedEvent>(g.ops[4])).level, live::AlarmLevel::warn);
  EXPECT_EQ(dumpOf(g.ops), dumpOf(f.ops));

  for (const wall::Message& m : {wall::Message(wall::Hello{"top-left", {1, 2}}), wall::Message(wall::Ready{77, 12, 3.25, {}}),
                                 wall::Message(wall::Ready{77, 13, 3.5, {2, 1, std::string("\x01\x02\x03\xff\xfe\xfd", 6)}}),
                                 wall::Message(wall::Snapshot{77, 12, 1005, std::string("\0CWSS\xff", 6)}),
                                 wall::Message(wall::Go{77, 12})}) {
    const auto again = wall::decode(wall::encode(m), error);
    ASSERT_TRUE(again) << error;
    EXPECT_EQ(again->index(), m.index());
    EXPECT_EQ(wall::encode(*again), wall::encode(m));
  }
}

TEST(WallPackets, BadBytesAreRefusedWithAReason) {
  const std::string good = wall::encode(sampleFrame());
  std::string error;
  for (size_t cut : {size_t(0), size_t(3), size_t(5), good.size() / 2, good.size() - 1}) {
    EXPECT_FALSE(wall::decode(good.substr(0, cut), error)) << cut;
    EXPECT_FALSE(error.empty());
  }
  EXPECT_FALSE(wall::decode(good + "x", error));
  EXPECT_NE(error.find("left over"), std::string::npos) << error;
  std::string other = good;
  other[3] = '1';
  EXPECT_FALSE(wall::decode(other, error));
  EXPECT_NE(error.find("another version"), std::string::npos) << error;
  std::string kind = good;
  kind[4] = 'Z';
  EXPECT_FALSE(wall::decode(kind, error));
  EXPECT_NE(error.find("unknown message kind"), std::string::npos) << error;
  // A picture whose bytes are not its size.
  EXPECT_FALSE(wall::decode(wall::encode(wall::Ready{1, 2, 3, {2, 2, "rgb"}}), error));
  EXPECT_FALSE(wall::decode(wall::encode(wall::Ready{1, 2, 3, {2000, 1, std::string(6000, 'x')}}), error));
  // A count that claims more than the bytes hold never allocates it.
  std::string huge = wall::encode(wall::Frame{});
  EXPECT_FALSE(wall::decode(huge.substr(0, 5) + std::string(10, char(0xff)), error));
  EXPECT_FALSE(wall::decode(std::string(wall::kMaxMessageBytes + 1, 'C'), error));
  EXPECT_NE(error.find("at most"), std::string::npos) << error;
  // Every single damaged byte: refused or decoded, never a crash.
  for (size_t i = 5; i < good.size(); ++i) {
    std::string d = good;
    d[i] = char(d[i] ^ 0x5a);
    (void)wall::decode(d, error);
  }
}

TEST(WallLinks, NodesJoinFollowInStepAndASilentOneCostsOnlyTheDeadline) {
  wall::WallLayout layout;
  layout.columns = 2;
  layout.nodes = {{"a", {1}}, {"b", {2}}};
  layout.barrierMs = 150;
  layout.nodeTimeoutS = 30;
  // Fixed loopback ports below the kernel's ephemeral range (32768 up), which
  // outgoing connections elsewhere on the machine could be holding.
  wall::ConductorLink conductor(layout, "127.0.0.1:27580");
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> aFrames{0};
  // Node a follows every frame; node b joins, follows two frames, then stops answering.
  std::thread a([&] {
    wall::NodeLink link("127.0.0.1:27580", "a", {1});
    link.hello();
    uint64_t session = 0;
    while (!stop) {
      auto m = link.receive(50ms);
      if (!m) continue;
      if (auto* s = std::get_if<wall::Snapshot>(&*m)) session = s->session;
      if (auto* f = std::get_if<wall::Frame>(&*m)) {
        EXPECT_EQ(f->session, session);
        if (link.readyThenWait(f->session, f->frame, 1.0, 2000ms)) ++aFrames;
      }
    }
  });
  std::thread b([&] {
    wall::NodeLink link("127.0.0.1:27580", "b", {2});
    link.hello();
    int frames = 0;
    while (!stop && frames < 2) {
      auto m = link.receive(50ms);
      if (auto* f = m ? std::get_if<wall::Frame>(&*m) : nullptr) link.readyThenWait(f->session, f->frame, 1.0, 2000ms), ++frames;
    }
    while (!stop) std::this_thread::sleep_for(10ms);  // connected, silent
  });
  uint64_t frame = 0;
  int snapshots = 0;
  auto publish = [&] {
    wall::Frame f;
    f.frame = ++frame;
    conductor.publish(f, [&] { return ++snapshots, std::string("state"); });
    conductor.barrier();
  };
  // Until both joined.
  for (int i = 0; i < 200; ++i) {
    publish();
    const auto n = conductor.nodes();
    if (n[0].inStep && n[1].inStep) break;
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_TRUE(conductor.nodes()[0].inStep && conductor.nodes()[1].inStep);
  EXPECT_LE(snapshots, 2);  // one snapshot a frame, whoever joins with it
  // Both answer: a barrier waits for them, well inside its deadline.
  publish();
  publish();
  EXPECT_LT(conductor.stats().lastBarrierMs, 150);
  // b went silent: each barrier waits out its deadline and the wall goes on.
  const uint64_t before = aFrames;
  for (int i = 0; i < 4; ++i) publish();
  EXPECT_GE(conductor.stats().lastBarrierMs, 140);
  EXPECT_LT(conductor.stats().lastBarrierMs, 600);
  EXPECT_GE(conductor.nodes()[1].missedBarriers, 3u);
  EXPECT_EQ(conductor.nodes()[0].missedBarriers, 0u);
  // A stranger's garbage is refused and counted; the wall is unmoved.
  {
    zmq::context_t ctx;
    zmq::socket_t s(ctx, zmq::socket_type::dealer);
    s.set(zmq::sockopt::routing_id, "stranger");
    s.set(zmq::sockopt::linger, 1000);
    s.connect("tcp://127.0.0.1:27580");
    s.send(zmq::str_buffer("CWW4Hgarbage"), zmq::send_flags::none);
    std::this_thread::sleep_for(200ms);
  }
  publish();
  EXPECT_GE(conductor.stats().rejected, 1u);
  EXPECT_FALSE(conductor.stats().lastRejection.empty());
  stop = true;
  a.join(), b.join();
  EXPECT_GE(aFrames - before, 4u);
}

TEST(WallKey, WrittenForItsOwnerAloneAndReadBackChecked) {
  if (!wall::curveAvailable()) GTEST_SKIP() << "this libzmq cannot encrypt";
  const std::string dir = ::testing::TempDir();
  const std::string path = dir + "/citywall-test-wall.key";
  const wall::WallKey key = wall::makeWallKey();
  EXPECT_EQ(key.publicKey.size(), 40u);
  wall::saveWallKey(key, path);
  struct stat st {};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  std::string error;
  const auto again = wall::loadWallKey(path, error);
  ASSERT_TRUE(again) << error;
  EXPECT_TRUE(*again == key);
  EXPECT_EQ(wall::keyBytes(key.publicKey).size(), 32u);
  // Another pair's public key with this secret: the halves do not belong together.
  const wall::WallKey other = wall::makeWallKey();
  const auto write = [&](const std::string& text) {
    std::FILE* f = std::fopen(path.c_str(), "w");
    std::fputs(text.c_str(), f);
    std::fclose(f);
  };
  write("public = \"" + other.publicKey + "\"\nsecret = \"" + key.secretKey + "\"\n");
  EXPECT_FALSE(wall::loadWallKey(path, error));
  EXPECT_NE(error.find("not the secret key's"), std::string::npos) << error;
  write("public = \"short\"\n");
  EXPECT_FALSE(wall::loadWallKey(path, error));
  EXPECT_NE(error.find("40 characters"), std::string::npos) << error;
  write("hello\n");
  EXPECT_FALSE(wall::loadWallKey(path, error));
  EXPECT_NE(error.find(":1: not a line of a wall key"), std::string::npos) << error;
  EXPECT_FALSE(wall::loadWallKey(dir + "/no-such.key", error));
  EXPECT_NE(error.find("cannot read"), std::string::npos) << error;
  std::remove(path.c_str());
}

// With a wall key the conductor lets in only nodes that hold it: a node
// with the key follows; one with another key, and one without any, never
// get a frame, are counted as refused, and the mis-keyed one says why; a
// stranger who knows the conductor's public key but not the wall's secret
// cannot pose as a node.
TEST(WallLinks, OnlyTheHoldersOfTheWallKeyJoin) {
  if (!wall::curveAvailable()) GTEST_SKIP() << "this libzmq cannot encrypt";
  wall::WallLayout layout;
  layout.columns = 3;
  layout.nodes = {{"a", {1}}, {"b", {2}}, {"c", {3}}};
  layout.barrierMs = 50;
  layout.key = wall::makeWallKey();
  wall::ConductorLink conductor(layout, "127.0.0.1:27581");
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> frames[3] = {0, 0, 0};
  std::string problemB;
  const auto node = [&](int i, std::optional<wall::WallKey> key, std::string* problem) {
    const std::string name(1, char('a' + i));
    wall::NodeLink link("127.0.0.1:27581", name, {i + 1}, key);
    auto lastHello = std::chrono::steady_clock::now() - 1s;
    while (!stop) {
      if (std::chrono::steady_clock::now() - lastHello > 200ms) link.hello(), lastHello = std::chrono::steady_clock::now();
      auto m = link.receive(20ms);
      if (auto* f = m ? std::get_if<wall::Frame>(&*m) : nullptr)
        if (link.readyThenWait(f->session, f->frame, 1.0, 500ms)) ++frames[i];
      if (problem && problem->empty()) *problem = link.handshakeProblem();
    }
  };
  std::thread a(node, 0, layout.key, nullptr), b(node, 1, wall::makeWallKey(), &problemB), c(node, 2, std::nullopt, nullptr);
  uint64_t frame = 0;
  for (int i = 0; i < 150 && (frames[0] < 5 || conductor.stats().rejected < 2); ++i) {
    wall::Frame f;
    f.frame = ++frame;
    conductor.publish(f, [] { return std::string("state"); });
    conductor.barrier();
    std::this_thread::sleep_for(20ms);
  }
  stop = true;
  a.join(), b.join(), c.join();
  const uint64_t refusedBefore = conductor.stats().rejected;
  {
    zmq::context_t ctx;
    zmq::socket_t s(ctx, zmq::socket_type::dealer);
    const wall::WallKey own = wall::makeWallKey();
    s.set(zmq::sockopt::routing_id, "b");
    s.set(zmq::sockopt::linger, 0);
    s.set(zmq::sockopt::curve_serverkey, layout.key->publicKey);
    s.set(zmq::sockopt::curve_publickey, own.publicKey);
    s.set(zmq::sockopt::curve_secretkey, own.secretKey);
    s.connect("tcp://127.0.0.1:27581");
    const std::string hello = wall::encode(wall::Hello{"b", {2}});
    for (int i = 0; i < 10; ++i) {
      (void)s.send(zmq::buffer(hello), zmq::send_flags::dontwait);
      wall::Frame f;
      f.frame = ++frame;
      conductor.publish(f, [] { return std::string("state"); });
      std::this_thread::sleep_for(30ms);
    }
  }
  EXPECT_FALSE(conductor.nodes()[1].inStep);
  EXPECT_GT(conductor.stats().rejected, refusedBefore);
  EXPECT_NE(conductor.stats().lastRejection.find("its key refused"), std::string::npos) << conductor.stats().lastRejection;
  EXPECT_GE(frames[0].load(), 5u);
  EXPECT_EQ(frames[1].load(), 0u);
  EXPECT_EQ(frames[2].load(), 0u);
  const auto nodes = conductor.nodes();
  EXPECT_TRUE(nodes[0].inStep);
  EXPECT_FALSE(nodes[1].inStep);
  EXPECT_FALSE(nodes[2].inStep);
  EXPECT_GE(refusedBefore, 2u);  // b and c, each at least once
  EXPECT_NE(problemB.find("handshake with the conductor failed"), std::string::npos) << problemB;
}
