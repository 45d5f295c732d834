#include "tools/bridge/frame_log.h"

#include <simdjson.h>

#include "geo/json_text.h"

namespace citywall::bridge {

std::optional<std::string> withSeq(std::string_view frame, uint64_t seq) {
  size_t start = 0;
  while (start < frame.size() && (frame[start] == ' ' || frame[start] == '\n' || frame[start] == '\r' || frame[start] == '\t'))
    ++start;
  if (start >= frame.size() || frame[start] != '{') return std::nullopt;
  std::string out = "{\"seq\":" + std::to_string(seq);
  if (frame.find("\"seq\"") == std::string_view::npos) {  // the usual case: no need to parse
    std::string_view rest = frame.substr(start + 1);
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\n' || rest.front() == '\t')) rest.remove_prefix(1);
    if (!rest.empty() && rest.front() != '}') out += ',';
    out += rest;
    return out;
  }
  simdjson::dom::parser parser;
  simdjson::dom::object o;
  if (parser.parse(frame.data(), frame.size()).get_object().get(o)) return std::nullopt;
  for (auto [key, value] : o) {
    if (key == "seq") continue;
    out += ',';
    geo::appendJsonString(out, key);
    out += ':';
    out += simdjson::minify(value);
  }
  out += '}';
  return out;
}

bool FrameLog::append(std::string_view frame) {
  {
    std::lock_guard lock(mutex_);
    auto numbered = withSeq(frame, next_);
    if (!numbered) return false;
    ++next_;
    bytes_ += numbered->size();
    frames_.push_back(std::move(*numbered));
    while (bytes_ > maxBytes_ && frames_.size() > 1) {
      bytes_ -= frames_.front().size();
      frames_.pop_front();
      ++first_;
      ++dropped_;
    }
  }
  return true;
}

std::vector<std::string> FrameLog::after(uint64_t afterSeq, size_t max, uint64_t& firstSeq) const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  const uint64_t from = std::max(afterSeq + 1, first_);
  firstSeq = from;
  for (uint64_t s = from; s < next_ && out.size() < max; ++s) out.push_back(frames_[s - first_]);
  return out;
}

uint64_t FrameLog::lastSeq() const {
  std::lock_guard lock(mutex_);
  return next_ - 1;
}

uint64_t FrameLog::oldestSeq() const {
  std::lock_guard lock(mutex_);
  return frames_.empty() ? 0 : first_;
}

uint64_t FrameLog::dropped() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

}  // namespace citywall::bridge
