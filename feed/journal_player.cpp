#include "feed/journal_player.h"

#include <algorithm>
#include <cmath>

namespace citywall::feed {

JournalPlayer::JournalPlayer(const std::filesystem::path& dir, live::TimeMs from, live::TimeMs to) {
  JournalReader reader(dir);
  reader.forEach(from, to, [&](const JournalRecord& r) {
    if (r.channel == JournalChannel::feedFrame) frames_.push_back(r);
    else if (r.channel == JournalChannel::operatorAction) actions_.push_back(r);
  });
  // Receive times only go forward as recorded, but a clock step on the
  // recording machine could make one go back: play in receive order.
  std::stable_sort(frames_.begin(), frames_.end(), [](const auto& a, const auto& b) { return a.received < b.received; });
  damage_ = reader.damage();
  if (!frames_.empty()) begin_ = frames_.front().received, end_ = frames_.back().received;
  time_ = begin_;
  // Marks for the timeline: a look at the text, not a decode (a mark is a
  // hint where to scrub to; the store decides what happened).
  for (const auto& f : frames_)
    if (f.bytes.find("\"type\":\"alarm\"") != std::string::npos || f.bytes.find("\"priority\":1") != std::string::npos)
      urgent_.push_back(f.received);
}

const std::vector<uint32_t>& JournalPlayer::density(size_t bins) const {
  if (density_.size() == bins) return density_;
  density_.assign(bins, 0);
  if (!bins || frames_.empty()) return density_;
  const double span = double(std::max<live::TimeMs>(1, end_ - begin_));
  for (const auto& f : frames_) ++density_[std::min(bins - 1, size_t(double(f.received - begin_) / span * double(bins)))];
  return density_;
}

void JournalPlayer::setSpeed(double speed) { speed_ = std::clamp(speed, 0.1, 1000.0); }

void JournalPlayer::applyUpTo(live::TimeMs t, live::Store& store) {
  for (; next_ < frames_.size() && frames_[next_].received <= t; ++next_) {
    scratch_.clear();
    decoders_[frames_[next_].feed].decode(frames_[next_].bytes, scratch_);
    for (const auto& e : scratch_) store.apply(e);
  }
  store.tick(t);
}

bool JournalPlayer::restart(live::Store& store) {
  store = live::Store(store.config());
  decoders_.clear();
  next_ = 0;
  ++rebuilds_;
  return true;
}

void JournalPlayer::takeActions(std::vector<std::string>& out) {
  for (; nextAction_ < actions_.size() && actions_[nextAction_].received <= time_; ++nextAction_)
    out.push_back(actions_[nextAction_].bytes);
}

bool JournalPlayer::seek(live::TimeMs t, live::Store& store) {
  t = std::clamp(t, begin_, end_);
  // A jump does not replay what the operators did on the way.
  nextAction_ = size_t(std::upper_bound(actions_.begin(), actions_.end(), t,
                                        [](live::TimeMs v, const JournalRecord& r) { return v < r.received; }) -
                       actions_.begin());
  const bool rebuilt = t < time_ || (next_ > 0 && t < frames_[next_ - 1].received) ? restart(store) : false;
  time_ = t;
  carry_ = 0;
  applyUpTo(t, store);
  return rebuilt;
}

bool JournalPlayer::advance(double wallSeconds, live::Store& store) {
  if (frames_.empty()) return false;
  if (playing_) {
    carry_ += std::max(0.0, wallSeconds) * speed_ * 1000.0;
    const double whole = std::floor(carry_);
    carry_ -= whole;
    time_ += live::TimeMs(whole);
  }
  bool rebuilt = false;
  if (time_ > end_) {
    if (loop) {
      rebuilt = restart(store);
      time_ = begin_;
      nextAction_ = 0;
    } else {
      time_ = end_;
      playing_ = false;  // the end: hold the last moment
    }
  }
  applyUpTo(time_, store);
  return rebuilt;
}

}  // namespace citywall::feed
