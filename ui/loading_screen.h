#pragma once
// The window's loading screen while the city is first built: a bar with
// the stage and how far it is, in the middle of the screen, over the
// theme's sky (the renderer draws it; the city is not there yet).

#include "ui/strings.h"

namespace citywall::ui {

/// How far the build is: `stage` as the loader names it ("parsing",
/// "extruding"), `fraction` of that stage done.
struct LoadProgress {
  std::string stage;
  double fraction = 0;
};

/// The whole build's fraction done from one stage's (reading is the first
/// two fifths, extruding the rest).
double overallFraction(const LoadProgress& progress);

/// Draws the loading window (inside an ImGuiHost::build).
void drawLoadingScreen(const LoadProgress& progress, Language language, float scale);

}  // namespace citywall::ui
