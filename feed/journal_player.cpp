#include "feed/journal_player.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "live/store_snapshot.h"

namespace citywall::feed {

JournalPlayer::JournalPlayer(const std::filesystem::path& dir, live::TimeMs from, live::TimeMs to) : reader_(dir) {
  chunks_ = reader_.chunkIndex();
  live::TimeMs first = std::numeric_limits<live::TimeMs>::max(), last = std::numeric_limits<live::TimeMs>::min();
  for (const auto& c : chunks_)
    if (plausibleReceiveTime(c.first) && plausibleReceiveTime(c.last)) first = std::min(first, c.first), last = std::max(last, c.last);
  if (first <= last) {
    first_ = first;
    begin_ = std::max(first, from), end_ = std::min(last, to);
    if (begin_ > end_) begin_ = end_ = std::clamp(from, first, last);
  }
  time_ = begin_;
  for (const auto& c : chunks_)
    if (c.last >= begin_ && c.first <= end_) frames_ += c.records;
  // Keyframes, each with the position of the last chunk it includes.
  for (const auto& k : reader_.keyframeIndex()) {
    const auto it = std::lower_bound(chunks_.begin(), chunks_.end(), k, [](const JournalChunkRef& c, const JournalKeyframeRef& key) {
      return c.segment != key.segment ? c.segment < key.segment : c.id < key.afterChunk;
    });
    if (it == chunks_.end() || it->segment != k.segment || it->id != k.afterChunk) continue;  // its chunk is gone
    keyframes_.push_back(k);
    keyframeChunk_.push_back(size_t(it - chunks_.begin()));
  }
  lastingListed_ = reader_.lastingActions(lasting_);
  for (const auto& m : reader_.marks())
    if (m.time >= begin_ && m.time <= end_) urgent_.push_back(m.time);
}

const std::vector<uint32_t>& JournalPlayer::density(size_t bins) const {
  if (density_.size() == bins) return density_;
  density_.assign(bins, 0);
  if (!bins || chunks_.empty()) return density_;
  const double span = double(std::max<live::TimeMs>(1, end_ - begin_));
  const auto binOf = [&](live::TimeMs t) {
    return size_t(std::clamp(double(t - begin_) / span * double(bins), 0.0, double(bins - 1)));
  };
  for (const auto& c : chunks_) {
    if (c.last < begin_ || c.first > end_ || !c.records) continue;
    // A chunk's records spread evenly over its span (a chunk is a quarter
    // second live; a recorded drill's chunk may cover minutes).
    const size_t from = binOf(c.first), to = binOf(c.last);
    if (from == to) {
      density_[from] += c.records;
      continue;
    }
    const double perMs = double(c.records) / double(c.last - c.first);
    double owed = 0;
    uint32_t given = 0;
    for (size_t b = from; b <= to; ++b) {
      const double binStart = double(begin_) + span * double(b) / double(bins), binEnd = binStart + span / double(bins);
      owed += perMs * (std::min(binEnd, double(c.last)) - std::max(binStart, double(c.first)));
      const auto n = b == to ? c.records - given : std::min(c.records - given, uint32_t(std::lround(owed)));
      density_[b] += n;
      given += n;
      owed -= double(n);
    }
  }
  return density_;
}

void JournalPlayer::setSpeed(double speed) { speed_ = std::clamp(speed, 0.1, 1000.0); }

void JournalPlayer::setLoopRange(live::TimeMs from, live::TimeMs to) {
  from = std::clamp(from, begin_, end_), to = std::clamp(to, begin_, end_);
  if (from > to) std::swap(from, to);
  if (from == to) loopRange_.reset();
  else loopRange_.emplace(from, to);
}

void JournalPlayer::takeActions(std::vector<std::string>& out) {
  for (auto& a : actions_) out.push_back(std::move(a));
  actions_.clear();
}

std::optional<std::vector<std::string>> JournalPlayer::takeJump() { return std::exchange(jump_, std::nullopt); }

size_t JournalPlayer::chunkAt(live::TimeMs t) const {
  const auto it = std::find_if(chunks_.begin(), chunks_.end(), [&](const JournalChunkRef& c) { return c.last >= t; });
  return size_t(it - chunks_.begin());
}

void JournalPlayer::rebuildBefore(size_t at, live::TimeMs t, live::Store& store) {
  ++rebuilds_;
  started_ = true;
  applier_.reset();
  buffer_.clear();
  pos_ = 0;
  actions_.clear();
  const live::TimeMs run = chunks_.empty() ? 0 : reader_.segments()[chunks_[std::min(at, chunks_.size() - 1)].segment].run;
  // The nearest keyframe of the same run that holds nothing after t (with
  // the whole snapshot and deltas it is built from).
  for (size_t k = keyframes_.size(); k-- > 0;) {
    // (At the journal's first moment its first records are read instead:
    // they are few, and hold what the operators did then.)
    if (keyframes_[k].time > t || t <= first_ || reader_.segments()[keyframes_[k].segment].run != run) continue;
    const std::vector<size_t> links = keyframeChain(keyframes_, k);
    std::vector<std::string> bytes;
    for (size_t i : links) {
      auto b = reader_.readKeyframe(keyframes_[i], i != k);
      if (!b) break;  // damaged: an earlier one, or the run's start
      bytes.push_back(std::move(*b));
    }
    if (links.empty() || bytes.size() != links.size()) continue;
    std::string error;
    if (!live::restoreSnapshotChain(std::vector<std::string_view>(bytes.begin(), bytes.end()), store, error)) {
      std::string wholeError;
      live::Store scratch(store.config());
      if (links.size() > 1 && live::restoreSnapshot(bytes.front(), scratch, wholeError)) {
        // A damaged delta: this keyframe is unusable, an earlier one may do.
        reader_.note({reader_.segments()[keyframes_[k].segment].path, "keyframe " + std::to_string(keyframes_[k].id) + " skipped: " + error});
        continue;
      }
      // Another configuration (or format): every keyframe is alike, so replay instead.
      if (!keyframesRefused_)
        reader_.note({reader_.segments()[keyframes_[k].segment].path, "keyframes not used (" + error + "): jumps replay from the start"});
      keyframesRefused_ = true;
      keyframes_.clear(), keyframeChunk_.clear();
      break;
    }
    ++keyframeJumps_;
    run_ = run;
    chunk_ = keyframeChunk_[k] + 1;
    return;
  }
  // No keyframe: the store as the wall started it, then the run from its first chunk.
  store = live::Store(store.config());
  size_t first = std::min(at, chunks_.size() - 1);
  while (first > 0 && reader_.segments()[chunks_[first - 1].segment].run == run) --first;
  run_ = run;
  chunk_ = first;
}

bool JournalPlayer::loadChunk(size_t index) {
  buffer_.clear();
  pos_ = 0;
  chunk_ = index + 1;  // the next one to load
  return reader_.readChunk(chunks_[index], buffer_);
}

void JournalPlayer::applyUpTo(live::TimeMs t, live::Store& store, Collect collect) {
  for (;;) {
    if (pos_ >= buffer_.size()) {
      if (chunk_ >= chunks_.size()) break;
      const JournalChunkRef& next = chunks_[chunk_];
      if (next.first > t && plausibleReceiveTime(next.first)) break;  // not due yet
      if (const live::TimeMs run = reader_.segments()[next.segment].run; run != run_) {
        // The recording wall restarted here: its store started empty.
        store = live::Store(store.config());
        applier_.reset();
        run_ = run;
        ++rebuilds_;
      }
      loadChunk(chunk_);
      continue;
    }
    const JournalRecord& r = buffer_[pos_];
    const uint64_t position = (uint64_t(chunk_) << 32) | pos_;
    if (!plausibleReceiveTime(r.received)) {
      if (position > furthest_) ++skippedTimes_, furthest_ = position;
      ++pos_;
      continue;
    }
    if (r.received > t) break;
    if (r.channel == JournalChannel::operatorAction) {
      if (collect == Collect::all || (collect == Collect::passing && r.feed != kLastingAction)) actions_.push_back(r.bytes);
    } else {
      applier_.apply(r, store);
    }
    furthest_ = std::max(furthest_, position);
    ++pos_;
  }
  if (t > store.cases().now()) store.tick(t);
}

bool JournalPlayer::seek(live::TimeMs t, live::Store& store) {
  t = std::clamp(t, begin_, end_);
  const uint64_t before = rebuilds_;
  bool rebuild = !started_ || t < time_;
  if (!rebuild) {
    // Far ahead: a keyframe past the cursor is quicker than the chunks before it.
    for (size_t k = keyframes_.size(); k-- > 0 && !rebuild;)
      if (keyframeChunk_[k] >= chunk_ + 2 && keyframes_[k].time <= t) rebuild = true;
  }
  if (rebuild) rebuildBefore(chunkAt(t), t, store);
  time_ = t;
  carry_ = 0;
  // A jump does not do again what the operators did on the way (no flight
  // to a case passed over), but what they had set by then stands: their
  // lasting actions up to t. Without that list, what they did at the
  // journal's first moment (a drill's first banner and marks) is the start's.
  actions_.clear();
  applyUpTo(t, store, t > first_ ? Collect::none : lastingListed_ ? Collect::passing : Collect::all);
  jump_.reset();
  if (lastingListed_) {
    jump_.emplace();
    const auto& segments = reader_.segments();
    for (const auto& a : lasting_)
      if (a.time <= t && segments[a.segment].run == run_) jump_->push_back(a.json);
  }
  return rebuilds_ != before;
}

bool JournalPlayer::advance(double wallSeconds, live::Store& store) {
  if (chunks_.empty()) return false;
  const uint64_t before = rebuilds_;
  if (!started_) seek(begin_, store);
  if (playing_) {
    carry_ += std::max(0.0, wallSeconds) * speed_ * 1000.0;
    const double whole = std::floor(carry_);
    carry_ -= whole;
    time_ += live::TimeMs(whole);
  }
  if (loopRange_ && time_ > loopRange_->second) {  // a range drawn on the timeline: round again
    seek(loopRange_->first, store);  // behind the clock: the store is rebuilt
  } else if (time_ > end_) {
    if (loop) {
      seek(begin_, store);  // behind the clock: the store is rebuilt
      time_ = begin_;
    } else {
      time_ = end_;
      playing_ = false;  // the end: hold the last moment
    }
  }
  applyUpTo(time_, store, Collect::all);
  return rebuilds_ != before;
}

}  // namespace citywall::feed
