#include "feed/journal_replay.h"

#include <map>

namespace citywall::feed {

JournalLoad applyJournal(const std::filesystem::path& dir, live::Store& store, live::TimeMs from, live::TimeMs to) {
  JournalReader reader(dir);
  JournalLoad load;
  std::map<uint16_t, Decoder> decoders;  // one per recorded feed, as live
  std::vector<live::FeedEvent> events;
  reader.forEach(from, to, [&](const JournalRecord& r) {
    if (r.channel != JournalChannel::feedFrame) return;
    events.clear();
    decoders[r.feed].decode(r.bytes, events);
    for (const auto& e : events) store.apply(e);
    if (!load.frames) load.first = r.received;
    load.last = r.received;
    ++load.frames;
    load.events += events.size();
  });
  for (const auto& [feed, d] : decoders) {
    const DecodeStats& s = d.stats();
    load.decode.frames += s.frames, load.decode.bytes += s.bytes, load.decode.events += s.events;
    load.decode.duplicates += s.duplicates;
    load.decode.rejected += s.rejected;
  }
  load.damage = reader.damage();
  return load;
}

}  // namespace citywall::feed
