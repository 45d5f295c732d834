#include "feed/state_dump.h"

#include <malloc.h>

#include <fstream>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "geo/json_text.h"
#include "geo/time.h"

namespace citywall::feed {
namespace {

// A small JSON writer: enough for the dump, with correct string escaping.
class Json {
 public:
  std::string text;
  Json& key(std::string_view k) {
    comma();
    string(k);
    text += ':';
    fresh_ = true;
    return *this;
  }
  Json& open(char c) {
    comma();
    text += c;
    fresh_ = true;
    return *this;
  }
  Json& close(char c) {
    text += c;
    fresh_ = false;
    return *this;
  }
  Json& value(std::string_view s) { return comma(), string(s), done(); }
  Json& value(const char* s) { return value(std::string_view(s)); }
  Json& value(uint64_t n) { return comma(), text += std::to_string(n), done(); }
  Json& value(int64_t n) { return comma(), text += std::to_string(n), done(); }
  Json& value(uint32_t n) { return value(uint64_t(n)); }
  Json& value(bool b) { return comma(), text += b ? "true" : "false", done(); }
  Json& value(double d) {
    comma();
    if (!std::isfinite(d)) text += "null";
    else {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.10g", d);
      text += buf;
    }
    return done();
  }
  Json& null() { return comma(), text += "null", done(); }

 private:
  bool fresh_ = true;
  void comma() {
    if (!fresh_) text += ',';
    fresh_ = true;
  }
  Json& done() {
    fresh_ = false;
    return *this;
  }
  void string(std::string_view s) { geo::appendJsonString(text, s); }
};

void statusCounts(Json& j, const live::StatusCounts& counts) {
  j.open('{');
  for (size_t s = 0; s < live::kCaseStatusCount; ++s) j.key(live::toString(live::CaseStatus(s))).value(counts[s]);
  j.close('}');
}

}  // namespace

std::string stateDumpJson(const LiveSession& session, live::TimeMs now) {
  const auto& cases = session.store().cases();
  const auto& sensors = session.store().sensors();
  Json j;
  j.open('{');
  j.key("schema").value("citywall.state.v1");
  j.key("time").value(geo::formatRfc3339(now));
  j.key("time_ms").value(int64_t(now));
  j.key("events_received").value(session.eventsReceived());
  j.key("events_applied").value(session.store().applied());

  j.key("cases").open('{');
  j.key("total").value(uint64_t(cases.countedCases()));
  j.key("open").value(cases.open());
  j.key("new_last_hour").value(cases.newLastHour());
  j.key("closed_today").value(cases.closedToday());
  j.key("overdue").value(cases.overdue());
  j.key("reopenings").value(cases.reopenings());
  if (auto m = cases.meanMinutesToDispatch()) j.key("mean_minutes_to_dispatch").value(*m);
  else j.key("mean_minutes_to_dispatch").null();
  if (auto m = cases.meanMinutesToClose()) j.key("mean_minutes_to_close").value(*m);
  else j.key("mean_minutes_to_close").null();
  // What the dashboard's header shows, so a script can check the wall's numbers.
  j.key("reported_today").value(cases.reportedToday());
  if (auto m = cases.medianMinutesToDispatch()) j.key("median_minutes_to_dispatch").value(*m);
  else j.key("median_minutes_to_dispatch").null();
  if (auto m = cases.medianMinutesToClose()) j.key("median_minutes_to_close").value(*m);
  else j.key("median_minutes_to_close").null();
  j.key("evicted").value(cases.evictedCount());
  j.key("drill").value(uint64_t(cases.drillCases()));  // held, shown, never in the counts above
  j.key("by_status");
  statusCounts(j, cases.byStatus());
  j.key("by_category").open('{');
  for (const auto& [name, counts] : cases.byCategory()) j.key(name), statusCounts(j, counts);
  j.close('}');
  j.key("by_grid").open('{');
  for (const auto& [name, counts] : cases.byGrid()) j.key(name), statusCounts(j, counts);
  j.close('}');
  j.key("status_by_id").open('{');
  for (const auto& c : cases.all())
    if (!c.evicted) j.key(c.id).value(live::toString(c.status));
  j.close('}');
  j.close('}');

  j.key("sensors").open('{');
  j.key("total").value(uint64_t(sensors.realSensors()));
  j.key("alarms_active").value(sensors.alarmsActive());
  j.key("warnings_active").value(sensors.warningsActive());
  j.key("observations_before_registration").value(sensors.observationsForUnregistered());
  j.key("drill").value(uint64_t(sensors.drillItems()));  // drill sensors and explicit drill alarms
  j.key("by_id").open('{');
  for (const auto& s : sensors.all()) {
    j.key(s.id).open('{');
    j.key("kind").value(s.kind);
    j.key("registered").value(s.registered);
    j.key("level").value(live::toString(s.level));
    j.key("values").open('{');
    for (const auto& m : s.metrics) {
      j.key(m.metric).open('{');
      j.key("value").value(m.latest);
      j.key("time_ms").value(int64_t(m.latestTime));
      j.key("level").value(live::toString(m.level));
      j.close('}');
    }
    j.close('}');
    j.close('}');
  }
  j.close('}');
  j.close('}');

  j.key("alarms").open('{');
  for (const auto& [id, a] : sensors.explicitAlarms()) {
    j.key(id).open('{');
    j.key("level").value(live::toString(a.level));
    j.key("time_ms").value(int64_t(a.time));
    if (a.sensor) j.key("sensor").value(*a.sensor);
    j.key("message").value(a.message);
    j.close('}');
  }
  j.close('}');

  const auto rejected = session.rejected();
  j.key("rejected").open('{');
  for (size_t r = 0; r < live::kRejectReasonCount; ++r) j.key(live::toString(live::RejectReason(r))).value(rejected.byReason[r]);
  j.close('}');
  j.key("dropped").value(uint64_t(0));  // the queue pushes back instead of dropping; kept for scripts that check

  // The process's memory, so a wall's operators (and soak runs) can follow
  // it: resident set, and the C heap in use versus held free (fragmentation).
  {
    j.key("process").open('{');
    long rss = 0;
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
      if (line.rfind("VmRSS:", 0) == 0) rss = std::stol(line.substr(6));
    j.key("rss_kib").value(int64_t(rss));
    const struct mallinfo2 heap = mallinfo2();
    // In use counts the blocks malloc mmapped on their own too (big ones:
    // a software renderer's device memory), as the status line does.
    j.key("heap_in_use_bytes").value(uint64_t(heap.uordblks + heap.hblkhd));
    j.key("heap_free_bytes").value(uint64_t(heap.fordblks));
    j.close('}');
  }

  j.key("feeds").open('[');
  for (const auto& f : session.feeds()) {
    j.open('{');
    j.key("url").value(f.url);
    j.key("kind").value(toString(f.kind));
    j.key("state").value(toString(f.state));
    j.key("connections").value(f.connections);
    j.key("reconnects").value(f.reconnects);
    j.key("frames").value(f.decode.frames);
    j.key("events").value(f.decode.events);
    j.key("gaps").value(f.decode.rejected[live::RejectReason::gap]);
    j.key("duplicates").value(f.decode.duplicates);
    j.key("too_large").value(f.tooLarge);
    if (f.kind != FeedKind::websocket) {  // polled sources
      j.key("polls").value(f.polls);
      j.key("failed_polls").value(f.failedPolls);
      j.key("records_read").value(f.items);
      j.key("records_seen_again").value(f.sourceDuplicates);
    }
    if (f.lastSeq) j.key("last_seq").value(*f.lastSeq);
    else j.key("last_seq").null();
    j.key("last_error").value(f.lastError);
    j.close('}');
  }
  j.close(']');

  const auto q = session.queue();
  j.key("queue").open('{');
  j.key("depth").value(uint64_t(q.depth));
  j.key("max_depth").value(uint64_t(q.maxDepth));
  j.key("capacity").value(uint64_t(q.capacity));
  j.key("full_refusals").value(q.fullRefusals);
  j.key("latency_p50_ms").value(q.latencyP50Ms);
  j.key("latency_p99_ms").value(q.latencyP99Ms);
  j.close('}');
  j.close('}');
  return j.text + "\n";
}

bool writeStateDump(const LiveSession& session, live::TimeMs now, const std::string& path, std::string& error,
                    const std::string& extra) {
  std::string text = stateDumpJson(session, now);
  if (const size_t end = text.rfind('}'); !extra.empty() && end != std::string::npos) text.insert(end, "," + extra);
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    out << text;
    out.flush();
    if (!out) {
      error = path + ": cannot write the state dump (" + std::strerror(errno) + ")";
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      return false;
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    error = path + ": cannot write the state dump (" + ec.message() + ")";
    return false;
  }
  return true;
}

}  // namespace citywall::feed
