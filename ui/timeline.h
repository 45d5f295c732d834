#pragma once
// The replay's timeline: a bar along the bottom of the wall while a journal
// plays — how busy each moment of the range was (frames received), red marks
// where priority-1 cases and alarms arrived, the playhead, and the range's
// start and end times. Click or drag to move there: the replay seeks when
// the button is let go (a ghost playhead follows the pointer meanwhile).

#include "ui/dashboard.h"

namespace citywall::ui {

/// Draws the timeline window between the side columns; `left`/`right` are
/// its horizontal extent in pixels, `bottom` the y of its lower edge.
void drawTimeline(const DashboardInput& in, DashboardState& state, float left, float right, float bottom, Commands& out);

/// The receive time at a fraction (0–1) along the bar.
live::TimeMs timelineTimeAt(const DashboardInput::ReplayStatus& replay, double fraction);

}  // namespace citywall::ui
