#include "scene/layers/feature_layer.h"

#include <algorithm>
#include <cmath>

#include "scene/camera.h"
#include "scene/color.h"

namespace citywall::scene {
namespace {

// The distance from `p` to the segment a–b.
double segmentDistance(glm::dvec2 p, glm::dvec2 a, glm::dvec2 b) {
  const glm::dvec2 ab = b - a;
  const double len2 = ab.x * ab.x + ab.y * ab.y;
  const double t = len2 > 0 ? std::clamp(((p.x - a.x) * ab.x + (p.y - a.y) * ab.y) / len2, 0.0, 1.0) : 0.0;
  const glm::dvec2 d = a + ab * t - p;
  return std::sqrt(d.x * d.x + d.y * d.y);
}

// Even-odd rule: inside when a ray to the east crosses the ring an odd number of times.
bool insideRing(glm::dvec2 p, std::span<const glm::dvec2> ring) {
  bool inside = false;
  for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    const glm::dvec2 a = ring[i], b = ring[j];
    if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

}  // namespace

FeatureLayers::FeatureLayers(const FeatureSet& set, double latitude)
    : set_(set), on_(set.layers.size()), reach_(set.layers.size()), alpha_(set.layers.size(), -1.0f),
      paints_(2 * set.layers.size()) {
  for (size_t i = 0; i < set.layers.size(); ++i) {
    on_[i] = set.layers[i].visible;
    reach_[i] = set.layers[i].minZoom > 0 ? distanceForZoom(set.layers[i].minZoom, latitude) : 1e9f;
  }
  for (uint32_t f = 0; f < set.features.size(); ++f)
    if (set.features[f].geometry == Feature::Geometry::point) iconFeature_.push_back(f);
  icons_.resize(iconFeature_.size());
  for (const Feature& f : set.features) {
    if (f.label.empty()) continue;
    const FeatureLayerStyle& style = set.layers[f.layer];
    BaseMapLabel l;
    l.kind = BaseMapLabel::Kind::feature;
    l.name = f.label;
    // English where the data has it beside the label's field (name → name:en).
    for (const auto& [k, v] : f.properties)
      if (k == style.labelField + ":en" || k == style.labelField + "_en") l.nameEn = v;
    l.position = f.anchor;
    l.priority = 55;
    l.maxDistance = std::min(reach_[f.layer], 6000.0f);  // a name from farther is clutter on a wall
    l.rgb = style.rgb;
    l.belowPixels = f.geometry == Feature::Geometry::point ? style.iconPixels / 2 + 2 : 0;
    labels_.push_back(std::move(l));
    labelLayer_.push_back(f.layer);
  }
}

void FeatureLayers::setVisible(uint32_t layer, bool on) {
  if (layer >= on_.size() || on_[layer] == on) return;
  on_[layer] = on;
  dirty_ = true;
}

float FeatureLayers::shown(uint32_t layer, double cameraDistance) const {
  if (!visible(layer)) return 0;
  const double reach = reach_[layer];
  return float(std::clamp((reach - cameraDistance) / (0.2 * reach), 0.0, 1.0));
}

void FeatureLayers::select(std::optional<uint32_t> feature) {
  if (feature == selected_) return;
  selected_ = feature;
  dirty_ = true;
}

void FeatureLayers::update(double cameraDistance) {
  for (uint32_t l = 0; l < alpha_.size(); ++l) {
    // Steps of 1/64 are finer than a person sees, and spare rebuilding for every metre of a zoom.
    const float a = std::round(shown(l, cameraDistance) * 64) / 64;
    if (a != alpha_[l]) alpha_[l] = a, dirty_ = true;
  }
  changed_.clear();
  if (dirty_) rebuild();
  dirty_ = false;
}

void FeatureLayers::rebuild() {
  for (uint32_t i = 0; i < icons_.size(); ++i) {
    const Feature& f = set_.features[iconFeature_[i]];
    const FeatureLayerStyle& style = set_.layers[f.layer];
    const float a = alpha_[f.layer];
    MarkerInstance m;
    m.position[0] = float(f.anchor.x), m.position[1] = float(f.anchor.y), m.position[2] = float(f.anchor.z);
    m.color = packRgba(style.rgb, a);
    m.size = a > 0 ? style.iconPixels : 0;  // size 0: the marker pass draws nothing
    m.flags = uint32_t(style.icon) | (selected_ == iconFeature_[i] ? uint32_t(kMarkerSelected) : 0u);
    icons_[i] = m;
    changed_.push_back(i);
  }
  for (uint32_t l = 0; l < set_.layers.size(); ++l) {
    const FeatureLayerStyle& style = set_.layers[l];
    const glm::vec3 rgb = linearRgb(style.rgb);
    const float a = alpha_[l];
    const bool lit = selected_ && set_.features[*selected_].layer == l;
    BaseMapPaint& fill = paints_[2 * l];
    fill.fill = glm::vec4(rgb, style.fillOpacity * a * (lit ? 1.6f : 1.0f));
    BaseMapPaint& line = paints_[2 * l + 1];
    line.fill = glm::vec4(rgb, 0.95f * a);
    line.casing = glm::vec4(0, 0, 0, 0.55f * a);  // a dark edge: the line reads on water, parks and heat alike
    line.minPixels = style.linePixels * (lit ? 1.5f : 1.0f);
    line.casingPixels = 1;
  }
}

std::optional<uint32_t> FeatureLayers::pickGround(glm::dvec2 at, double tolerance, double cameraDistance) const {
  std::optional<uint32_t> best, area;
  double bestDistance = tolerance;
  for (const FeaturePart& part : set_.parts) {
    const Feature& f = set_.features[part.feature];
    if (shown(f.layer, cameraDistance) <= 0) continue;
    const std::span<const glm::dvec2> points(set_.partPoints.data() + part.first, part.count);
    const size_t segments = part.ring ? points.size() : points.size() - 1;
    for (size_t i = 0; i < segments; ++i) {
      const double d = segmentDistance(at, points[i], points[(i + 1) % points.size()]);
      if (d <= bestDistance) bestDistance = d, best = part.feature;
    }
    // Once per area, at its first ring: the last area drawn (the one on top)
    // wins; holes are rings too, so even-odd over all of the feature's rings.
    if (f.geometry == Feature::Geometry::area && uint32_t(&part - set_.parts.data()) == f.firstPart) {
      bool inside = false;
      for (uint32_t r = f.firstPart; r < f.firstPart + f.partCount; ++r) {
        const FeaturePart& ring = set_.parts[r];
        inside ^= insideRing(at, std::span<const glm::dvec2>(set_.partPoints.data() + ring.first, ring.count));
      }
      if (inside) area = part.feature;
    }
  }
  return best ? best : area;
}

}  // namespace citywall::scene
