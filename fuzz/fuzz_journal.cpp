// libFuzzer: what the journal reader reads back from disk — a chunk's
// records (feed/journal.h unpackRecords) and a keyframe's store snapshot
// (live/store_snapshot.h). A journal is read days later, maybe from a disk
// that failed; whatever its bytes, a replay must refuse them or restore
// them, never crash. Invariants: records that unpack pack back to the same
// bytes; a refused snapshot leaves the store untouched; a restored store
// goes on (ticks, takes events) and saves to bytes that restore to the
// same store again.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "feed/journal.h"
#include "live/store_snapshot.h"

namespace {
using namespace citywall;

void records(std::string_view bytes) {
  std::vector<feed::JournalRecord> out;
  if (feed::unpackRecords(bytes, out) && feed::packRecords(out) != bytes) __builtin_trap();
}

void snapshot(std::string_view bytes) {
  live::Store store;
  std::string error;
  if (!live::restoreSnapshot(bytes, store, error)) {
    if (error.empty() || store.applied() != 0 || store.cases().size() != 0 || !store.sensors().all().empty())
      __builtin_trap();  // refused without a reason, or half restored
    return;
  }
  const std::string saved = live::saveSnapshot(store);
  live::Store again;
  if (!live::restoreSnapshot(saved, again, error) || live::saveSnapshot(again) != saved) __builtin_trap();
  // The restored store is used as the replay goes on: the clock moves
  // (overdue cases, evictions), an event arrives.
  store.tick(store.newestEventTime() + 3'600'000);
  live::CaseUpdate update;
  update.id = "fuzz-1";
  update.time = store.newestEventTime() + 1;
  store.apply(update);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  records(bytes);
  snapshot(bytes);
  return 0;
}
