#include "wall/packets.h"

#include "live/byte_codec.h"

namespace citywall::wall {
namespace {

constexpr std::string_view kMagic = "CWW6";  // 2: a node drives a block of panels; 3: a case's due time; 4: a picked tile point;
                                              // 5: a selected tile building, marked areas; 6: hidden buildings
enum Kind : uint8_t { kHello = 'H', kReady = 'R', kSnapshot = 'S', kFrame = 'F', kGo = 'G' };

using live::ByteReader;
using live::ByteWriter;

// Reads and writes one value either way, so each message's layout is
// written once (the writer and the reader cannot drift apart).
struct Writer {
  ByteWriter out;
  void operator()(uint64_t& v) { out.u(v); }
  void operator()(int64_t& v) { out.i(v); }
  void operator()(int& v) { out.i(v); }
  void operator()(uint32_t& v) { out.u(v); }
  void operator()(uint8_t& v) { out.u(v); }
  void operator()(double& v) { out.f(v); }
  void operator()(bool& v) { out.b(v); }
  void operator()(std::string& v) { out.s(v); }
  template <typename T>
  void operator()(std::optional<T>& v) {
    out.b(v.has_value());
    if (v) (*this)(*v);
  }
  template <typename T>
  void list(std::vector<T>& items, size_t) {
    out.u(items.size());
    for (auto& x : items) field(*this, x);
  }
  void bits(std::vector<bool>& v) {
    out.u(v.size());
    for (bool b : v) out.b(b);
  }
  static constexpr bool reading = false;
};

struct Reader {
  ByteReader in;
  void operator()(uint64_t& v) { v = in.u(); }
  void operator()(int64_t& v) { v = in.i(); }
  void operator()(int& v) { v = int(in.i()); }
  void operator()(uint32_t& v) { v = uint32_t(in.u()); }
  void operator()(uint8_t& v) { v = uint8_t(in.u()); }
  void operator()(double& v) { v = in.f(); }
  void operator()(bool& v) { v = in.b(); }
  void operator()(std::string& v) { v = in.s(); }
  template <typename T>
  void operator()(std::optional<T>& v) {
    if (in.b()) {
      T x{};
      (*this)(x);
      v = std::move(x);
    } else {
      v.reset();
    }
  }
  template <typename T>
  void list(std::vector<T>& items, size_t minBytes) {
    items.resize(in.count(minBytes));
    for (auto& x : items) field(*this, x);
  }
  void bits(std::vector<bool>& v) {
    v.resize(in.count(1));
    for (size_t i = 0; i < v.size(); ++i) v[i] = in.b();
  }
  static constexpr bool reading = true;
};

template <typename S>
void field(S& s, int& v) {
  s(v);
}
template <typename S>
void field(S& s, live::LonLat& v) {
  s(v.lon), s(v.lat);
}
// A value that may be absent: a flag, then the value when present.
template <typename S, typename T>
void field(S& s, std::optional<T>& v) {
  bool present = v.has_value();
  s(present);
  if (!present) return v.reset();
  if (!v) v.emplace();
  field(s, *v);
}
template <typename S>
void field(S& s, glm::dvec3& v) {
  s(v.x), s(v.y), s(v.z);
}
template <typename S>
void field(S& s, std::pair<std::string, std::string>& v) {
  s(v.first), s(v.second);
}
template <typename S>
void field(S& s, std::pair<std::string, double>& v) {
  s(v.first), s(v.second);
}
template <typename S>
void field(S& s, scene::TilePoint& v) {
  s(v.source), s(v.index), field(s, v.where);
  s.list(v.properties, 2);
}
template <typename S>
void field(S& s, scene::TileFeature& v) {
  s(v.tileset), s(v.identity), s(v.key);
  s.list(v.properties, 2);
  field(s, v.where);
}
template <typename S>
void field(S& s, scene::AreaMark& m) {
  s(m.id), s(m.lon), s(m.lat), s(m.radius), s(m.rgba);
}
template <typename S>
void field(S& s, scene::BuildingRef& b) {
  s(b.tileset), s(b.number), s(b.identity);
}
template <typename S>
void field(S& s, WallFeed& v) {
  s(v.state), s(v.events), s(v.rejected);
}
template <typename S>
void field(S& s, live::Threshold& v) {
  s(v.metric), s(v.warn), s(v.alarm);
}

template <typename S>
void field(S& s, live::CaseUpdate& e) {
  s(e.id), s(e.time);
  uint8_t status = uint8_t(e.status);
  s(status);
  e.status = live::CaseStatus(std::min<uint8_t>(status, live::kCaseStatusCount - 1));
  s(e.category), field(s, e.position), s(e.priority), s(e.title), s(e.description), s(e.address), s(e.grid), s(e.agency),
      s(e.source);
  s.list(e.props, 2);
  s(e.drill), s(e.due);
}
template <typename S>
void field(S& s, live::SensorUpdate& e) {
  s(e.id), s(e.kind), field(s, e.position), s(e.name);
  s.list(e.thresholds, 3);
  s(e.drill);
}
template <typename S>
void field(S& s, live::Observation& e) {
  s(e.sensor), s(e.time);
  s.list(e.values, 9);
  s(e.drill);
}
template <typename S>
void field(S& s, live::AlarmUpdate& e) {
  s(e.id), s(e.time);
  uint8_t level = uint8_t(e.level);
  s(level);
  e.level = live::AlarmLevel(std::min<uint8_t>(level, uint8_t(live::AlarmLevel::alarm)));
  s(e.sensor), field(s, e.position), s(e.message), s(e.drill);
}

// An op: 0 a tick, 1–4 an event of the FeedEvent's alternative + 1.
template <typename S>
void field(S& s, live::StoreOp& op) {
  uint8_t tag = 0;
  if constexpr (!S::reading) {
    if (const auto* e = std::get_if<live::FeedEvent>(&op)) tag = uint8_t(1 + e->index());
  }
  s(tag);
  if (tag == 0) {
    if constexpr (S::reading) op = live::TimeMs(0);
    s(std::get<live::TimeMs>(op));
    return;
  }
  if constexpr (S::reading) {
    switch (tag) {
      case 1: op = live::FeedEvent(live::CaseUpdate{}); break;
      case 2: op = live::FeedEvent(live::SensorUpdate{}); break;
      case 3: op = live::FeedEvent(live::Observation{}); break;
      case 4: op = live::FeedEvent(live::AlarmUpdate{}); break;
      default: s.in.refuse(); return;  // an op this version does not know
    }
  }
  std::visit([&](auto& e) { field(s, e); }, std::get<live::FeedEvent>(op));
}

template <typename S>
void field(S& s, WallView& v) {
  s(v.target.x), s(v.target.y), s(v.target.z), s(v.distance), s(v.heading), s(v.pitch);
  s(v.theme), s(v.chinese);
  s(v.markers), s(v.heat), s(v.regions), s(v.sensors), s(v.basemap), s(v.sensorField);
  s.bits(v.featureLayers);
  s(v.caseSlot), s(v.sensorSlot), s(v.building), s(v.feature);
  field(s, v.tilePoint);
  field(s, v.tileFeature);
  s.list(v.marks, 26);  // an id's length, three doubles, a colour
  s.list(v.hidden, 3);   // a tileset, a number, an identity's length
  s(v.ui), s(v.panels);
  s(v.category), s(v.grid), s(v.search), s(v.status), s(v.priority), s(v.sortColumn), s(v.sortAscending), s(v.carousel);
  s(v.drillShown), s(v.drillPaused), s(v.drillName), s(v.drillCaption);
  s(v.identify);
  s.bits(v.blanked);
  s.list(v.feeds, 3);
}

template <typename S>
void field(S& s, Hello& m) {
  s(m.name);
  s.list(m.panels, 1);
}
template <typename S>
void field(S& s, Thumbnail& t) {
  s(t.width), s(t.height), s(t.rgb);
  if constexpr (S::reading) {
    if (t.width > Thumbnail::kMaxSide || t.height > Thumbnail::kMaxSide || t.rgb.size() != size_t(t.width) * t.height * 3)
      s.in.refuse();  // a picture that is not what it says
  }
}
template <typename S>
void field(S& s, Ready& m) {
  s(m.session), s(m.frame), s(m.drawMs);
  field(s, m.picture);
}
template <typename S>
void field(S& s, Snapshot& m) {
  s(m.session), s(m.frame), s(m.opsNext), s(m.store);
}
template <typename S>
void field(S& s, Frame& m) {
  s(m.session), s(m.frame), s(m.clock), s(m.seconds), s(m.time), s(m.opsFirst);
  s.list(m.ops, 2);
  field(s, m.view);
}
template <typename S>
void field(S& s, Go& m) {
  s(m.session), s(m.frame);
}

constexpr Kind kindOf(size_t index) {
  constexpr Kind kinds[] = {kHello, kReady, kSnapshot, kFrame, kGo};
  return kinds[index];
}

}  // namespace

std::string encode(const Message& message) {
  Writer w;
  w.out.bytes = kMagic;
  w.out.bytes += char(kindOf(message.index()));
  Message copy = message;  // the field functions take references both ways
  std::visit([&](auto& m) { field(w, m); }, copy);
  return std::move(w.out.bytes);
}

std::optional<Message> decode(std::string_view bytes, std::string& error) {
  if (bytes.size() > kMaxMessageBytes) {
    error = "message of " + std::to_string(bytes.size()) + " bytes (at most " + std::to_string(kMaxMessageBytes) + ")";
    return std::nullopt;
  }
  if (bytes.size() < kMagic.size() + 1 || bytes.substr(0, 3) != kMagic.substr(0, 3)) {
    error = "not a wall message";
    return std::nullopt;
  }
  if (bytes.substr(0, kMagic.size()) != kMagic) {
    error = "a wall message of another version (" + std::string(bytes.substr(0, kMagic.size())) + ", this is " +
            std::string(kMagic) + ")";
    return std::nullopt;
  }
  Reader r{ByteReader(bytes.substr(kMagic.size() + 1))};
  Message m;
  switch (uint8_t(bytes[kMagic.size()])) {
    case kHello: m = Hello{}; break;
    case kReady: m = Ready{}; break;
    case kSnapshot: m = Snapshot{}; break;
    case kFrame: m = Frame{}; break;
    case kGo: m = Go{}; break;
    default: error = "unknown message kind"; return std::nullopt;
  }
  std::visit([&](auto& x) { field(r, x); }, m);
  if (!r.in.done()) {
    error = r.in.bad ? "message cut short or damaged" : "bytes left over after the message";
    return std::nullopt;
  }
  return m;
}

}  // namespace citywall::wall
