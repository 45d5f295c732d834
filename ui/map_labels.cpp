#include "ui/map_labels.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

#include <glm/geometric.hpp>

namespace citywall::ui {

float mapLabelSize(scene::BaseMapLabel::Kind kind) {
  using K = scene::BaseMapLabel::Kind;
  switch (kind) {
    case K::district: return 1.5f;
    case K::place: return 1.2f;
    case K::water: return 1.15f;
    case K::road: return 0.9f;
    case K::poi: return 0.85f;
    case K::feature: return 0.85f;
  }
  return 1;
}

namespace {

// A name at a place, whatever its index: its text and its spot to the metre.
std::string identity(const scene::BaseMapLabel& l) {
  return l.name + '@' + std::to_string(std::lround(l.position.x)) + ',' + std::to_string(std::lround(l.position.y));
}

}  // namespace

void MapLabelPlacer::carryOver(const std::vector<scene::BaseMapLabel>& before, const std::vector<scene::BaseMapLabel>& after) {
  std::unordered_map<std::string, std::pair<float, uint8_t>> kept;
  for (size_t i = 0; i < before.size() && i < alpha_.size(); ++i) kept.emplace(identity(before[i]), std::pair{alpha_[i], shown_[i]});
  alpha_.assign(after.size(), 0), shown_.assign(after.size(), 0);
  for (size_t i = 0; i < after.size(); ++i)
    if (auto it = kept.find(identity(after[i])); it != kept.end()) alpha_[i] = it->second.first, shown_[i] = it->second.second;
}

std::vector<PlacedMapLabel> MapLabelPlacer::place(const std::vector<scene::BaseMapLabel>& labels,
                                                  const scene::CameraMatrices& camera, double cameraDistance, double width,
                                                  double height, Language language, const std::vector<LabelBox>& obstacles,
                                                  const MeasureText& measure, double seconds) {
  if (alpha_.size() != labels.size()) alpha_.assign(labels.size(), 0), shown_.assign(labels.size(), 0);
  struct Candidate {
    size_t index;
    glm::dvec2 at;
    float rank;
  };
  std::vector<Candidate> candidates;
  const glm::dvec2 centre(width / 2, height / 2);
  for (size_t i = 0; i < labels.size(); ++i) {
    const scene::BaseMapLabel& l = labels[i];
    if (cameraDistance > l.maxDistance || cameraDistance < l.minDistance) continue;
    // Near the horizon a wall would fill with names of places far away.
    if (glm::distance(camera.eye, l.position) > cameraDistance * 4) continue;
    const auto at = scene::projectToPixel(camera, l.position, width, height);
    if (!at || at->x < 0 || at->y < 0 || at->x > width || at->y > height) continue;
    // Favour what was shown (no flicker between equals), then the middle of the screen.
    const float rank = l.priority + (shown_[i] ? 5.0f : 0.0f) - float(glm::distance(*at, centre) / std::max(width, height));
    candidates.push_back({i, *at, rank});
  }
  std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) { return a.rank > b.rank; });

  std::vector<LabelBox> taken = obstacles;
  std::vector<uint8_t> placedNow(labels.size(), 0);
  std::vector<LabelBox> boxes(labels.size());
  std::vector<std::string> texts(labels.size());
  std::vector<float> angles(labels.size(), 0.0f);
  for (const Candidate& c : candidates) {
    const scene::BaseMapLabel& l = labels[c.index];
    const std::string& text = language == Language::en && !l.nameEn.empty() ? l.nameEn : l.name;
    const float size = mapLabelSize(l.kind);
    const glm::vec2 text2 = measure(text, size);
    // A road's name turns to follow the road on screen (kept upright); its
    // box is the turned text's bounds.
    float angle = 0;
    if (l.kind == scene::BaseMapLabel::Kind::road) {
      const glm::dvec3 ahead = l.position + glm::dvec3(std::cos(l.angle), std::sin(l.angle), 0) * 20.0;
      if (const auto b = scene::projectToPixel(camera, ahead, width, height)) {
        angle = float(std::atan2(b->y - c.at.y, b->x - c.at.x));
        if (angle > float(M_PI / 2)) angle -= float(M_PI);
        if (angle < -float(M_PI / 2)) angle += float(M_PI);
      }
    }
    const glm::vec2 extent(std::abs(text2.x * std::cos(angle)) + std::abs(text2.y * std::sin(angle)),
                           std::abs(text2.x * std::sin(angle)) + std::abs(text2.y * std::cos(angle)));
    const glm::dvec2 at = c.at + glm::dvec2(0, l.belowPixels > 0 ? l.belowPixels * uiScale + extent.y / 2 : 0.0);
    const float pad = 0.25f * text2.y;  // a little air around each name
    const LabelBox box{float(at.x) - extent.x / 2 - pad, float(at.y) - extent.y / 2 - pad,
                       float(at.x) + extent.x / 2 + pad, float(at.y) + extent.y / 2 + pad};
    texts[c.index] = text, boxes[c.index] = box, angles[c.index] = angle;
    if (std::any_of(taken.begin(), taken.end(), [&](const LabelBox& t) { return t.overlaps(box); })) continue;
    taken.push_back(box);
    placedNow[c.index] = 1;
  }

  // Fades: a quarter of a second in or out.
  const float step = float(std::clamp(seconds / 0.25, 0.0, 1.0));
  std::vector<PlacedMapLabel> out;
  for (const Candidate& c : candidates) {
    const size_t i = c.index;
    alpha_[i] = placedNow[i] ? std::min(1.0f, alpha_[i] + step) : std::max(0.0f, alpha_[i] - step);
  }
  for (size_t i = 0; i < labels.size(); ++i) {
    if (texts[i].empty() && !placedNow[i]) alpha_[i] = 0;  // off screen or out of range: gone at once
    shown_[i] = placedNow[i];
  }
  // Drawn: what is placed, and what is fading out where nothing placed now would be covered.
  for (auto it = candidates.rbegin(); it != candidates.rend(); ++it) {
    const size_t i = it->index;
    if (alpha_[i] <= 0) continue;
    if (!placedNow[i] && std::any_of(candidates.begin(), candidates.end(), [&](const Candidate& o) {
          return placedNow[o.index] && boxes[o.index].overlaps(boxes[i]);
        }))
      continue;
    const LabelBox& b = boxes[i];
    out.push_back({(b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2, texts[i], mapLabelSize(labels[i].kind), alpha_[i], labels[i].kind, b,
                   angles[i], labels[i].rgb});
  }
  return out;
}

}  // namespace citywall::ui
