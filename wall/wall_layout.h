#pragma once
// WallLayout: a video wall as the building sees it — rows × columns of
// panels, each with its pixels and its picture's physical size, and the
// bezels (mullions) between pictures — and which render node drives which
// panel. From it come the canvas (every panel's pixels plus the bezels as
// the pixels they hide) and each panel's rectangle of it, so one camera
// drawn as tiles reads as one picture through the gaps.
//
// Plain data and arithmetic, no I/O: config/ fills it from [wall], the
// conductor and the nodes read it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scene/camera.h"
#include "wall/wall_key.h"

namespace citywall::wall {

/// A render node and the panels it drives (panels are numbered
/// 1…rows×columns, row by row from the top-left, as an operator counts
/// them): one panel, or a block of them that one machine shows through one
/// window across its outputs (an extended desktop, or NVIDIA Mosaic / AMD
/// Eyefinity presenting the outputs as one screen).
struct WallNode {
  std::string name;
  std::vector<int> panels = {1};
  int monitor = -1;  ///< the output its window starts on, borderless (GLFW's monitor number); -1: a plain window
};

/// What a node's window shows of the canvas: its panels side by side with
/// nothing between them (the outputs' pixels touch; the bezels are in the
/// room, not on the desktop). The node draws the span of its panels (the
/// bezels included, so the picture is cut as the canvas is), and each piece
/// is copied from the span to the window.
struct WallOutput {
  uint32_t width = 0, height = 0;  ///< the window's pixels
  struct Piece {
    int panel = 0;
    uint32_t fromX = 0, fromY = 0;  ///< the panel's corner in the span
    uint32_t toX = 0, toY = 0;      ///< … and in the window
  };
  std::vector<Piece> pieces;  ///< each panel's pixels (panelWidth × panelHeight)
};

struct WallLayout {
  int rows = 1, columns = 1;
  uint32_t panelWidth = 1920, panelHeight = 1080;  ///< pixels of one panel
  /// The picture area of one panel in millimetres; with the bezels, what
  /// turns a gap into pixels. 0: taken as 1 px per mm (gaps then in pixels).
  double panelWidthMm = 0, panelHeightMm = 0;
  /// The gap between two neighbouring pictures (both panels' bezels
  /// together), between columns and between rows, in millimetres.
  double bezelXMm = 0, bezelYMm = 0;
  std::vector<WallNode> nodes;
  /// Where the dashboard's panels sit ([wall.dashboard]): the panels the
  /// header (KPIs) spans, the case list fills and the cards, alarms and
  /// charts fill. Empty: laid out on the canvas as on one screen.
  std::vector<int> headerPanels, leftPanels, rightPanels;
  std::string conductor;   ///< HOST:PORT the nodes reach the conductor at (it binds the port)
  double barrierMs = 50;   ///< how long a frame's swap barrier waits for a slow node
  double nodeTimeoutS = 3; ///< a node silent this long is dropped; the conductor silent this long: "conductor lost"
  /// [wall] key_file, read: the wall's messages encrypted and only its
  /// key's holders let in. None: plain TCP, for a trusted network.
  std::optional<WallKey> key;

  int panelCount() const { return rows * columns; }
  /// The bezels as the whole pixels of the panels' pitch they hide (a
  /// rounding of at most half a pixel: a street bends by less than that).
  uint32_t gapX() const;
  uint32_t gapY() const;
  uint32_t canvasWidth() const { return uint32_t(columns) * panelWidth + uint32_t(columns - 1) * gapX(); }
  uint32_t canvasHeight() const { return uint32_t(rows) * panelHeight + uint32_t(rows - 1) * gapY(); }
  /// Panel `panel` (1-based) as a rectangle of the canvas.
  scene::CanvasRect panelRect(int panel) const;
  /// The rectangle of the canvas that `panels` cover together (bezels between them included).
  scene::CanvasRect spanOf(const std::vector<int>& panels) const;
  /// Whether `panels` are a whole rectangle of the wall (each once), as a
  /// node's window can show them.
  bool isBlock(const std::vector<int>& panels) const;
  /// Where `panels` (a block) land in the window of the node that drives them.
  WallOutput outputOf(const std::vector<int>& panels) const;
  /// The node of that name, or null.
  const WallNode* node(std::string_view name) const;
  /// What is wrong with the layout, one line each (empty: nothing).
  std::vector<std::string> problems() const;
};

/// Panels as an operator reads them: "3", or "[1, 2]" for a block.
std::string panelList(const std::vector<int>& panels);

}  // namespace citywall::wall
