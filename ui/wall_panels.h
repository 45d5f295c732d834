#pragma once
// A video wall in the UI. On a render node's panel: a card over the city
// (its number while the console identifies panels, black while blanked,
// or why it is not following the wall). On the conductor's console: the
// wall's panels as a plan, each showing the picture its node last sent
// (a preview made of the nodes' own pixels) framed in its node's health, a
// click blanking one, a button that makes every panel show its number, and
// a table of the nodes (state, frames behind, draw time, frames missed).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "scene/camera.h"
#include "ui/commands.h"
#include "ui/map_labels.h"
#include "ui/strings.h"

namespace citywall::ui {

enum class WallCardKind { none, identify, blank, joining, conductorLost };

/// What one node's panel shows over the city.
struct WallCard {
  WallCardKind kind = WallCardKind::none;
  scene::CanvasRect panel;  ///< the panel's rectangle of the canvas the UI is laid out on
  int number = 1;
  std::string node;
};

/// Draws `card` over everything on its panel (ImGui's foreground).
void drawWallCard(const WallCard& card, Language language, float scale);

/// What the console shows of the wall.
struct WallConsoleInfo {
  int rows = 1, columns = 1;
  float aspect = 16.0f / 9;  ///< one panel's width / height
  float gapX = 0, gapY = 0;  ///< the bezels as a share of a panel's width and height
  struct Node {
    std::string name;
    std::vector<int> panels;
    std::string panelNames;  ///< "3", or "[1, 2]"
    int state = 2;  ///< 0 in step, 1 joining, 2 offline
    uint64_t lag = 0, missed = 0;
    double drawMs = 0;
    /// Its panels as it last showed them: its output scaled, RGB, row by
    /// row (the preview); null until one came.
    std::shared_ptr<const std::string> picture;
    uint32_t pictureWidth = 0, pictureHeight = 0;
  };
  std::vector<Node> nodes;
  std::vector<bool> blanked;  ///< by panel − 1
  bool identify = false;
  uint64_t frame = 0, bytesPerFrame = 0, refused = 0;
  double barrierMs = 0;
};

/// The console's window at the bottom of the map, between `left` and
/// `right`, its lower edge at `bottom`; clicks become commands. Adds the
/// window's box to `panels` (the map's names keep out from under it).
void drawWallConsole(const WallConsoleInfo& info, Language language, float scale, float left, float right, float bottom,
                     Commands& out, std::vector<LabelBox>* panels);

}  // namespace citywall::ui
