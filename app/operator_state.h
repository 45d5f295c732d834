#pragma once
// What the operators set that lasts until they change it: the layers, the
// theme, alerts paused, the marked areas, the hidden buildings and the
// drill's banner (the
// commands ui::lasting names). It is a value, so that
//   - a replay that jumps can rebuild it as it stood at the moment it lands
//     on: the state the replay started with, with the journal's lasting
//     actions up to that moment done over it (JournalPlayer::takeJump);
//   - a live wall that looks back can keep its own aside while the review
//     shows the recorded one, and have it back (with what was changed
//     meanwhile) when it returns to live.

#include <optional>
#include <string>
#include <vector>

#include "scene/scene.h"
#include "ui/commands.h"

namespace citywall::app {

struct OperatorState {
  scene::LayerVisibility visible;
  std::vector<bool> featureLayers;  ///< by governance layer
  std::string theme;
  bool alertsPaused = false;
  std::vector<scene::AreaMark> marks;
  std::vector<scene::BuildingRef> hidden;  ///< buildings taken off the wall, in the order they were
  std::optional<ui::DrillBanner> banner;  ///< none: no drill banner shown
};

/// Whether the wall takes a mark: an id, a place on Earth, a radius of up to 50 km.
bool acceptableMark(const scene::AreaMark& mark);

/// `command` done to `state` (commands that are not ui::lasting change
/// nothing). `layers` names the governance layers, in featureLayers' order;
/// what the frame step would refuse (an unknown theme or layer, a bad mark)
/// is left out.
void fold(OperatorState& state, const ui::Command& command, const scene::FeatureSet& layers);

}  // namespace citywall::app
