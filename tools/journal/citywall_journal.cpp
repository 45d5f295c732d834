// citywall-journal: what a journal folder holds, whether it is whole, and
// its feed frames as protocol-v1 JSON lines (the --events format).
//
//   citywall-journal info DIR
//   citywall-journal verify DIR
//   citywall-journal export DIR [--from TIME] [--to TIME] [--jsonl FILE]
//   citywall-journal import FILE.jsonl DIR
//   citywall-journal serve DIR [--port 8765] [--host 127.0.0.1] [--speed 1] [--from TIME]
//                          [--batch 1] [--token T] [--tls-cert PEM --tls-key PEM] [--original-times]
//
// serve plays a journal to other walls and desks as a protocol-v1 feed:
// every message in the order the recording wall received it, paced by its
// receive time × --speed, numbered with `seq` anew, a client's `resume`
// honoured (it misses nothing and gets nothing twice), with a bearer token
// and TLS as any feed. Times move so the first message is now (the receiving
// wall sees the drill live) unless --original-times. It is feed-sim's server
// (`--replay journal`), found beside this program or on the PATH.
//
// import turns recorded protocol-v1 JSON lines (the --events format, or an
// export) into a journal, each message received at its own "time" (a
// message without one, such as a sensor's registration, at the time of the
// message before it, or of the first timed one): a recording from another
// system, or a scripted incident, replayed and scrubbed like a live day.
//
// TIME is RFC 3339 or epoch milliseconds. Feed URLs are stored without
// credentials, and tokens are never stored, so nothing here prints one.

#include <algorithm>
#include <cstdio>
#include <cerrno>
#include <cstring>
#include <unistd.h>
#include <filesystem>
#include <optional>
#include <fstream>
#include <iostream>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include <simdjson.h>

#include "feed/journal.h"
#include "geo/time.h"

using namespace citywall;

namespace {

int usage() {
  std::fputs(
      "usage: citywall-journal info DIR\n"
      "       citywall-journal verify DIR\n"
      "       citywall-journal export DIR [--from TIME] [--to TIME] [--jsonl FILE]\n"
      "       citywall-journal import FILE.jsonl DIR\n"
      "       citywall-journal serve DIR [--port P] [--host H] [--speed X] [--from TIME] [--batch N]\n"
      "                              [--token T] [--tls-cert PEM --tls-key PEM] [--original-times]\n"
      "TIME: RFC 3339 (2026-12-01T08:30:00+08:00) or epoch milliseconds\n",
      stderr);
  return 2;
}

bool parseTime(const std::string& text, live::TimeMs& out) {
  if (geo::parseRfc3339(text, out)) return true;
  char* end = nullptr;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  if (end && *end == '\0' && !text.empty()) return out = v, true;
  return false;
}

void printDamage(const feed::JournalReader& reader) {
  for (const auto& d : reader.damage()) std::printf("damaged: %s: %s\n", d.path.string().c_str(), d.what.c_str());
}

int info(const std::string& dir) {
  feed::JournalReader reader(dir);
  uint64_t records = 0, raw = 0, file = 0, chunks = 0;
  live::TimeMs first = std::numeric_limits<live::TimeMs>::max(), last = std::numeric_limits<live::TimeMs>::min();
  std::map<std::string, int> feeds;
  for (const auto& s : reader.segments()) {
    records += s.records, raw += s.rawBytes, file += s.fileBytes, chunks += s.chunks;
    if (s.records) first = std::min(first, s.first), last = std::max(last, s.last);
    for (const auto& f : s.feeds) ++feeds[f];
  }
  std::printf("journal %s: %zu segments, %llu chunks\n", dir.c_str(), reader.segments().size(), (unsigned long long)chunks);
  if (records) {
    std::printf("span: %s … %s (%.1f h)\n", geo::formatRfc3339(first).c_str(), geo::formatRfc3339(last).c_str(),
                double(last - first) / 3.6e6);
    std::printf("span_ms: %lld %lld\n", (long long)first, (long long)last);
  }
  // All keyframes, and those this build restores: whole snapshots and the deltas built on them.
  uint64_t keyframes = 0;
  for (const auto& s : reader.segments()) keyframes += s.keyframes;
  size_t whole = 0, deltas = 0;
  for (const auto& k : reader.keyframeIndex()) ++(k.base ? deltas : whole);
  std::printf("keyframes: %llu (this build restores %zu whole and %zu deltas)\n", (unsigned long long)keyframes, whole, deltas);
  std::printf("records: %llu (%llu bytes as received, %llu bytes on disk, %.1f bytes a record)\n",
              (unsigned long long)records, (unsigned long long)raw, (unsigned long long)file,
              records ? double(file) / double(records) : 0.0);
  for (const auto& [url, n] : feeds) std::printf("feed: %s (%d segments)\n", url.c_str(), n);
  printDamage(reader);
  return 0;
}

int verify(const std::string& dir) {
  feed::JournalReader reader(dir);
  const bool whole = reader.verify();
  printDamage(reader);
  if (!whole) return 1;
  std::printf("journal %s: %zu segments, whole\n", dir.c_str(), reader.segments().size());
  return 0;
}

int exportJsonl(const std::string& dir, live::TimeMs from, live::TimeMs to, const std::string& path) {
  std::ofstream file;
  if (!path.empty()) {
    file.open(path, std::ios::binary | std::ios::trunc);
    if (!file) return std::fprintf(stderr, "citywall-journal: cannot write %s\n", path.c_str()), 1;
  }
  std::ostream& out = path.empty() ? std::cout : file;
  feed::JournalReader reader(dir);
  uint64_t frames = 0;
  std::string line;
  reader.forEach(from, to, [&](const feed::JournalRecord& r) {
    if (r.channel != feed::JournalChannel::feedFrame) return;
    // One message a line: JSON never needs a raw line break (inside strings it is escaped).
    line = r.bytes;
    for (char& c : line)
      if (c == '\n' || c == '\r') c = ' ';
    out << line << '\n';
    ++frames;
  });
  out.flush();
  printDamage(reader);
  std::fprintf(stderr, "citywall-journal: exported %llu frames\n", (unsigned long long)frames);
  return out ? 0 : 1;
}

int importJsonl(const std::string& path, const std::string& dir) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::fprintf(stderr, "citywall-journal: cannot read %s\n", path.c_str()), 1;
  // Each message at its own time: a recording need not be in time order
  // (one case's whole history, then the next case's).
  simdjson::dom::parser parser;
  std::vector<std::pair<std::optional<live::TimeMs>, std::string>> messages;
  uint64_t bad = 0;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::optional<live::TimeMs> t;
    simdjson::dom::element message;
    int64_t ms;
    std::string_view text;
    if (parser.parse(line).get(message)) ++bad;  // kept as received: the replay counts it as malformed, as live
    else if (!message["time"].get_int64().get(ms)) t = ms;
    else if (!message["time"].get_string().get(text) && geo::parseRfc3339(text, ms)) t = ms;
    messages.emplace_back(t, line);
  }
  // Untimed messages (registrations) keep their place after the message before them.
  std::optional<live::TimeMs> previous;
  for (auto& [t, m] : messages) t ? void(previous = t) : void(t = previous);
  const auto firstTimed = std::find_if(messages.begin(), messages.end(), [](const auto& m) { return m.first.has_value(); });
  for (auto& m : messages) if (!m.first) m.first = firstTimed == messages.end() ? 0 : *firstTimed->first;
  std::stable_sort(messages.begin(), messages.end(), [](const auto& a, const auto& b) { return *a.first < *b.first; });

  feed::JournalWriter writer({dir});
  const uint16_t feed = writer.addFeed("import:" + std::filesystem::path(path).filename().string());
  std::optional<live::TimeMs> last;
  for (auto& [t, m] : messages) {
    if (last && *t / 250 != *last / 250) writer.flush();  // a chunk holds a quarter second of receive time, as live
    writer.record({feed::JournalChannel::feedFrame, feed, *t, std::move(m)});
    last = t;
  }
  writer.flush();
  const auto status = writer.status();
  if (!status.error.empty()) return std::fprintf(stderr, "citywall-journal: %s\n", status.error.c_str()), 1;
  std::fprintf(stderr, "citywall-journal: imported %zu messages (%llu not JSON, kept) into %s, %llu keyframes\n",
               messages.size(), (unsigned long long)bad, dir.c_str(), (unsigned long long)status.keyframes);
  return 0;
}

// The feed server: feed-sim beside this program (installed together, or the
// build tree's tools/feed_sim/), else the PATH.
std::string feedSimPath() {
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec).parent_path();
  for (const auto& p : {self / "feed-sim", self / ".." / "feed_sim" / "feed-sim"})
    if (!ec && ::access(p.c_str(), X_OK) == 0) return p.string();
  return "feed-sim";
}

int serve(const std::string& dir, int argc, char** argv) {
  std::vector<std::string> args = {feedSimPath(), "--replay", "journal", "--data", dir};
  bool port = false;
  for (int i = 3; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--original-times") {
      args.push_back(a);
      continue;
    }
    if (i + 1 >= argc) return usage();
    std::string v = argv[++i];
    if (a == "--from") {
      live::TimeMs t;
      if (!parseTime(v, t)) return std::fprintf(stderr, "citywall-journal: --from: not a time: %s\n", v.c_str()), 2;
      v = std::to_string(t);
    } else if (a != "--port" && a != "--host" && a != "--speed" && a != "--batch" && a != "--token" && a != "--tls-cert" &&
               a != "--tls-key") {
      return std::fprintf(stderr, "citywall-journal: serve: unknown option %s\n", a.c_str()), 2;
    }
    port = port || a == "--port";
    args.push_back(a), args.push_back(v);
  }
  if (!port) args.push_back("--port"), args.push_back("8765");
  feed::JournalReader reader(dir);
  if (reader.segments().empty()) return std::fprintf(stderr, "citywall-journal: %s holds no journal\n", dir.c_str()), 1;
  std::vector<char*> argvOut;
  for (auto& a : args) argvOut.push_back(a.data());
  argvOut.push_back(nullptr);
  ::execvp(argvOut[0], argvOut.data());
  std::fprintf(stderr, "citywall-journal: cannot run %s (feed-sim is installed with citywall): %s\n", args[0].c_str(),
               std::strerror(errno));
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return usage();
  const std::string command = argv[1], dir = argv[2];
  if (command == "info") return info(dir);
  if (command == "verify") return verify(dir);
  if (command == "import") return argc == 4 ? importJsonl(argv[2], argv[3]) : usage();
  if (command == "serve") return serve(dir, argc, argv);
  if (command != "export") return usage();
  live::TimeMs from = std::numeric_limits<live::TimeMs>::min(), to = std::numeric_limits<live::TimeMs>::max();
  std::string jsonl;
  for (int i = 3; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) return usage();
    const std::string value = argv[++i];
    if (arg == "--jsonl") jsonl = value;
    else if ((arg == "--from" && parseTime(value, from)) || (arg == "--to" && parseTime(value, to))) continue;
    else return std::fprintf(stderr, "citywall-journal: %s: not a time or option: %s\n", arg.c_str(), value.c_str()), 2;
  }
  return exportJsonl(dir, from, to, jsonl);
}
