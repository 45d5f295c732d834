#pragma once
// Open311Cases: service requests → protocol v1 `case` messages, each
// version of a request once. A request is new, or changed when its
// updated_datetime moved; the same version seen again (windows overlap,
// a server that ignores `page`) is a duplicate and sends nothing.
//
// A new request becomes its report (at requested_datetime, the mapped
// "open" status, every field) and, when it has moved on since (closed,
// say), that change at updated_datetime, so time-to-close and the case's
// lifecycle are right from the first load. A known request that changed
// becomes one message at updated_datetime. Not thread-safe: one per source.

#include <string>
#include <unordered_map>
#include <vector>

#include "feed/open311.h"
#include "feed/open311_requests.h"

namespace citywall::feed {

class Open311Cases {
 public:
  explicit Open311Cases(Open311Mapping mapping);

  /// Appends the messages for the new and changed requests to `frame` as
  /// one `batch` (frame left empty when there are none). Returns how many
  /// requests were new or changed.
  size_t toFrame(const std::vector<Open311Request>& requests, std::string& frame);

  /// Requests refused here (no position for a new one, a status the mapping
  /// does not know), each version counted once.
  const live::RejectCounts& rejected() const { return rejected_; }
  uint64_t duplicates() const { return duplicates_; }
  size_t known() const { return known_.size(); }
  /// Up to `n` ids of requests still open and requested before `before`,
  /// taking turns, so every open request is re-read now and then (servers
  /// without updated_after report a closure only when asked by id).
  std::vector<std::string> openIdsToRefresh(size_t n, live::TimeMs before);
  /// Forgets requests closed before `before` (their versions no longer come
  /// back in any window), so a wall that runs for months holds a bounded
  /// set. Only a request updated again comes back in a later window, and
  /// that is a new version anyway.
  void forgetClosedBefore(live::TimeMs before);

 private:
  struct Known {
    live::TimeMs version;    // updated_datetime (or requested when the server gives none)
    live::TimeMs requested;
    bool open;
  };
  std::optional<std::string> status(const Open311Request& r);
  void appendCase(std::string& out, const Open311Request& r, live::TimeMs time, const std::string& status, bool full) const;
  std::string category(const Open311Request& r) const;

  Open311Mapping mapping_;
  std::unordered_map<std::string, Known> known_;
  std::unordered_map<std::string, live::TimeMs> refusedVersions_;  // counted once each
  std::vector<std::string> refreshOrder_;  // ids in the order they were first seen
  size_t refreshNext_ = 0;
  live::RejectCounts rejected_;
  uint64_t duplicates_ = 0;
};

}  // namespace citywall::feed
