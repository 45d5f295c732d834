#include "tools/feed_sim/journal_source.h"

#include <simdjson.h>

#include <deque>
#include <stdexcept>

#include "feed/journal.h"
#include "geo/json_text.h"
#include "geo/time.h"

namespace citywall::tools {

namespace {

class JournalSource : public MessageSource {
 public:
  JournalSource(const std::string& dir, const ReplayOptions& options, live::TimeMs from, bool originalTimes)
      : reader_(dir), from_(from), originalTimes_(originalTimes) {
    for (const auto& c : reader_.chunkIndex())
      if (c.last >= from) chunks_.push_back(c);
    if (reader_.segments().empty()) throw std::runtime_error(dir + ": no journal segments here");
    if (!chunks_.empty() && options.shiftTo) {
      const live::TimeMs first = std::max(from, chunks_.front().first);
      shift_ = options.shiftTo - first;
    }
  }
  std::vector<SimMessage> registrations() const override { return {}; }
  std::optional<SimMessage> next() override {
    while (pending_.empty()) {
      if (next_ >= chunks_.size()) return std::nullopt;
      records_.clear();
      if (!reader_.readChunk(chunks_[next_++], records_)) continue;  // damaged: skipped, as a replay does
      for (const auto& r : records_) {
        if (r.channel == feed::JournalChannel::operatorAction || r.received < from_ || !feed::plausibleReceiveTime(r.received))
          continue;
        unpack(r);
      }
    }
    SimMessage m = std::move(pending_.front());
    pending_.pop_front();
    return m;
  }

 private:
  // One received frame → its messages (a batch's elements), without seq, time shifted.
  void unpack(const feed::JournalRecord& r) {
    simdjson::dom::element frame;
    if (parser_.parse(r.bytes).get(frame)) return;  // what the wall could not decode either
    simdjson::dom::array events;
    std::string_view type;
    if (!frame["type"].get_string().get(type) && type == "batch" && !frame["events"].get_array().get(events)) {
      for (auto e : events) emit(e, r.received);
    } else {
      emit(frame, r.received);
    }
  }
  void emit(simdjson::dom::element message, live::TimeMs received) {
    simdjson::dom::object o;
    if (message.get_object().get(o)) return;
    std::string json = "{";
    for (auto [key, value] : o) {
      if (key == "seq") continue;
      if (json.size() > 1) json += ',';
      geo::appendJsonString(json, key);
      json += ':';
      int64_t ms;
      std::string_view text;
      live::TimeMs t;
      const bool move = key == "time" && shift_ && !originalTimes_;
      if (move && !value.get_int64().get(ms)) json += std::to_string(ms + shift_);
      else if (move && !value.get_string().get(text) && geo::parseRfc3339(text, t))
        json += std::to_string(t + shift_);
      else json += simdjson::minify(value);
    }
    json += '}';
    pending_.push_back({received + shift_, std::move(json)});
  }

  feed::JournalReader reader_;
  std::vector<feed::JournalChunkRef> chunks_;
  size_t next_ = 0;
  live::TimeMs from_, shift_ = 0;  // shift_: the stream's pace (and its times, unless originalTimes_)
  bool originalTimes_;
  std::vector<feed::JournalRecord> records_;
  std::deque<SimMessage> pending_;
  simdjson::dom::parser parser_;
};

}  // namespace

std::unique_ptr<MessageSource> loadJournal(const std::string& dir, const ReplayOptions& options, live::TimeMs from,
                                           bool originalTimes) {
  return std::make_unique<JournalSource>(dir, options, from, originalTimes);
}

}  // namespace citywall::tools
