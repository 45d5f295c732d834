#include "feed/recorded_events.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace citywall::feed {

RecordedLoad applyRecordedEvents(const std::string& path, live::Store& store) {
  std::ifstream in(path);
  if (!in) throw RecordedEventsError(path + ": cannot be read (" + std::strerror(errno) + ")");
  feed::Decoder decoder;
  RecordedLoad load;
  std::vector<live::FeedEvent> events;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    ++load.lines;
    events.clear();
    decoder.decode(line, events);
    for (const auto& e : events) store.apply(e), ++load.events;
  }
  load.decode = decoder.stats();
  load.newest = store.newestEventTime();
  return load;
}

}  // namespace citywall::feed
