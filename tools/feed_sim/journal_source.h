#pragma once
// A journal as feed-sim's message source: what a wall recorded (its feeds'
// frames and its drills' injections), message by message in the order it
// was received, each paced by its receive time. Batches are unpacked and
// the recording's own `seq` dropped, so the server numbers the stream anew
// (deterministically: a client that resumes gets exactly what follows).
// The stream is paced from ReplayOptions::shiftTo (its first message goes
// then); every "time" moves with it, so a replayed drill looks live on the
// wall that receives it, unless `originalTimes`.

#include <limits>
#include <memory>
#include <string>

#include "tools/feed_sim/replay.h"

namespace citywall::tools {

/// Throws std::runtime_error when the folder holds no journal.
std::unique_ptr<MessageSource> loadJournal(const std::string& dir, const ReplayOptions& options,
                                           live::TimeMs from = std::numeric_limits<live::TimeMs>::min(),
                                           bool originalTimes = false);

}  // namespace citywall::tools
