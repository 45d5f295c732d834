#include "wall/wall_layout.h"

#include <algorithm>
#include <cmath>

namespace citywall::wall {

uint32_t WallLayout::gapX() const {
  const double pixelsPerMm = panelWidthMm > 0 ? panelWidth / panelWidthMm : 1.0;
  return uint32_t(std::lround(bezelXMm * pixelsPerMm));
}

uint32_t WallLayout::gapY() const {
  const double pixelsPerMm = panelHeightMm > 0 ? panelHeight / panelHeightMm : 1.0;
  return uint32_t(std::lround(bezelYMm * pixelsPerMm));
}

scene::CanvasRect WallLayout::panelRect(int panel) const {
  const int row = (panel - 1) / columns, column = (panel - 1) % columns;
  return {double(column) * (panelWidth + gapX()), double(row) * (panelHeight + gapY()), double(panelWidth),
          double(panelHeight)};
}

scene::CanvasRect WallLayout::spanOf(const std::vector<int>& panels) const {
  if (panels.empty()) return {};
  double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
  for (int p : panels) {
    const auto r = panelRect(p);
    x0 = std::min(x0, r.x), y0 = std::min(y0, r.y), x1 = std::max(x1, r.x + r.width), y1 = std::max(y1, r.y + r.height);
  }
  return {x0, y0, x1 - x0, y1 - y0};
}

bool WallLayout::isBlock(const std::vector<int>& panels) const {
  if (panels.empty()) return false;
  int r0 = rows, r1 = -1, c0 = columns, c1 = -1;
  for (int p : panels) {
    if (p < 1 || p > panelCount()) return false;
    const int r = (p - 1) / columns, c = (p - 1) % columns;
    r0 = std::min(r0, r), r1 = std::max(r1, r), c0 = std::min(c0, c), c1 = std::max(c1, c);
  }
  std::vector<int> sorted = panels;
  std::sort(sorted.begin(), sorted.end());
  if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) return false;
  return int(panels.size()) == (r1 - r0 + 1) * (c1 - c0 + 1);
}

WallOutput WallLayout::outputOf(const std::vector<int>& panels) const {
  WallOutput out;
  if (panels.empty()) return out;
  int r0 = rows, c0 = columns;
  for (int p : panels) r0 = std::min(r0, (p - 1) / columns), c0 = std::min(c0, (p - 1) % columns);
  for (int p : panels) {
    const uint32_t dr = uint32_t((p - 1) / columns - r0), dc = uint32_t((p - 1) % columns - c0);
    WallOutput::Piece piece{p, dc * (panelWidth + gapX()), dr * (panelHeight + gapY()), dc * panelWidth, dr * panelHeight};
    out.width = std::max(out.width, piece.toX + panelWidth), out.height = std::max(out.height, piece.toY + panelHeight);
    out.pieces.push_back(piece);
  }
  return out;
}

const WallNode* WallLayout::node(std::string_view name) const {
  for (const auto& n : nodes)
    if (n.name == name) return &n;
  return nullptr;
}

std::vector<std::string> WallLayout::problems() const {
  std::vector<std::string> out;
  if (rows < 1 || columns < 1 || rows > 64 || columns > 64) out.push_back("rows and columns must be 1 to 64");
  if (panelWidth < 64 || panelHeight < 64 || panelWidth > 16384 || panelHeight > 16384)
    out.push_back("a panel must be 64 to 16384 pixels each way");
  if (uint64_t(canvasWidth()) > 1'000'000 || uint64_t(canvasHeight()) > 1'000'000) out.push_back("the canvas is too large");
  std::vector<int> drivenBy(size_t(std::max(0, panelCount())) + 1, -1);
  for (size_t i = 0; i < nodes.size(); ++i) {
    const auto& n = nodes[i];
    if (n.name.empty()) out.push_back("a node has no name");
    for (size_t j = 0; j < i; ++j)
      if (nodes[j].name == n.name) out.push_back("two nodes are named \"" + n.name + "\"");
    if (n.panels.empty()) out.push_back("node \"" + n.name + "\" drives no panel");
    bool onWall = true;
    for (int p : n.panels) {
      if (p < 1 || p > panelCount()) {
        out.push_back("node \"" + n.name + "\": panel " + std::to_string(p) + " is not on the wall (1 to " +
                      std::to_string(panelCount()) + ")");
        onWall = false;
        continue;
      }
      if (drivenBy[size_t(p)] == int(i)) continue;  // named twice: isBlock says so below
      if (drivenBy[size_t(p)] >= 0)
        out.push_back("panel " + std::to_string(p) + " is driven by both \"" + nodes[size_t(drivenBy[size_t(p)])].name +
                      "\" and \"" + n.name + "\"");
      else
        drivenBy[size_t(p)] = int(i);
    }
    if (onWall && n.panels.size() > 1 && !isBlock(n.panels))
      out.push_back("node \"" + n.name + "\": its panels must form a rectangle of the wall, each named once (its window shows them side by side)");
  }
  const bool any = !headerPanels.empty() || !leftPanels.empty() || !rightPanels.empty();
  if (any && (headerPanels.empty() || leftPanels.empty() || rightPanels.empty()))
    out.push_back("dashboard: give header, left and right together");
  for (const auto* list : {&headerPanels, &leftPanels, &rightPanels})
    for (int p : *list)
      if (p < 1 || p > panelCount())
        out.push_back("dashboard: panel " + std::to_string(p) + " is not on the wall (1 to " + std::to_string(panelCount()) + ")");
  return out;
}

std::string panelList(const std::vector<int>& panels) {
  if (panels.size() == 1) return std::to_string(panels[0]);
  std::string out = "[";
  for (size_t i = 0; i < panels.size(); ++i) out += (i ? ", " : "") + std::to_string(panels[i]);
  return out + "]";
}

}  // namespace citywall::wall
