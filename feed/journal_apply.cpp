#include "feed/journal_apply.h"

#include <iterator>

namespace citywall::feed {

namespace {
constexpr uint32_t kDrillFeed = 1u << 16;  // past every feed index
}  // namespace

size_t RecordApplier::apply(const JournalRecord& r, live::Store& store, std::vector<JournalMark>* marks) {
  if (r.channel == JournalChannel::operatorAction || !plausibleReceiveTime(r.received)) return 0;
  if (r.received > store.cases().now()) store.tick(r.received);
  events_.clear();
  decoders_[r.channel == JournalChannel::drill ? kDrillFeed : r.feed].decode(r.bytes, events_);
  const uint64_t raisedBefore = store.sensors().raisedLog().empty() ? 0 : store.sensors().raisedLog().back().serial;
  for (const auto& e : events_) {
    const auto* c = std::get_if<live::CaseUpdate>(&e);
    const bool urgentCase = marks && c && c->priority == 1 && !store.cases().find(c->id);
    if (!store.apply(e) && urgentCase) marks->push_back({r.received, JournalMarkKind::urgentCase, c->id});
  }
  if (marks) {  // the alarms this record raised: the newest entries of the log
    const auto& log = store.sensors().raisedLog();
    auto first = log.end();
    while (first != log.begin() && std::prev(first)->serial > raisedBefore) --first;
    for (auto a = first; a != log.end(); ++a)
      marks->push_back({r.received, JournalMarkKind::alarm, a->sensor.empty() ? a->alarmId : a->sensor});
  }
  return events_.size();
}

}  // namespace citywall::feed
