#include "scene/layers/heat_layer.h"

#include <algorithm>
#include <cmath>
#include <glm/common.hpp>
#include <tuple>

namespace citywall::scene {

HeatLayer::HeatLayer(const geo::GeoFrame& frame, glm::dvec2 lo, glm::dvec2 hi, HeatStyle style, live::TimeMs epoch)
    : frame_(frame), style_(std::move(style)), epoch_(epoch) {
  // Pad by the kernel's reach so heat near the edge is not cut.
  const double pad = style_.radiusMetres / 3.0 * 4.0;
  lo -= pad, hi += pad;
  double cell = style_.cellMetres;
  const double side = std::max(hi.x - lo.x, hi.y - lo.y);
  if (side / cell > 2048) cell = side / 2048;
  grid_.origin = lo;
  grid_.cell = cell;
  grid_.width = uint32_t(std::ceil((hi.x - lo.x) / cell));
  grid_.height = uint32_t(std::ceil((hi.y - lo.y) / cell));
  drape_ = makeGround(frame_, lo, lo + glm::dvec2(grid_.width, grid_.height) * cell, 32);
}

void HeatLayer::setStyle(const HeatStyle& style) {
  style_ = style;
  rebuild_ = true;
}

HeatPoint HeatLayer::pointFor(const live::CaseRecord& c, live::TimeMs now) const {
  const glm::dvec3 p = frame_.toLocal({c.position.lon, c.position.lat, 0.0});
  HeatPoint h{float(p.x - grid_.origin.x), float(p.y - grid_.origin.y), 0.0f,
              float(double(c.reportedAt - epoch_) / 1000.0)};
  const bool category = style_.categories.empty() || style_.categories.count(c.category);
  const bool status = style_.statuses.empty() || style_.statuses.count(c.status);
  (void)now;  // the time window and decay are applied on the GPU against the clock
  if (category && status && !c.evicted) h.weight = style_.priorityWeight[std::clamp<int>(c.priority, 1, 4) - 1];
  return h;
}

void HeatLayer::update(const live::CaseStore& store, live::TimeMs now) {
  changedPoints_.clear();
  std::vector<uint32_t>& changed = scratch_;
  changed.clear();
  storeVersion_ = store.changes().changesSince(storeVersion_, changed);
  const auto& cases = store.all();
  if (rebuild_ || points_.size() > cases.size()) {
    points_.resize(cases.size());
    forgetWeighed();
    for (uint32_t i = 0; i < cases.size(); ++i) points_[i] = pointFor(cases[i], now), weigh(points_[i]), changedPoints_.push_back(i);
    rebuild_ = false;
    return;
  }
  points_.resize(cases.size());
  for (uint32_t i : changed) points_[i] = pointFor(cases[i], now), weigh(points_[i]), changedPoints_.push_back(i);
}

void HeatLayer::weigh(const HeatPoint& p) {
  if (p.weight <= 0) return;
  weighedLo_ = glm::min(weighedLo_, glm::vec2(p.x, p.y)), weighedHi_ = glm::max(weighedHi_, glm::vec2(p.x, p.y));
}

std::pair<glm::vec2, glm::vec2> HeatLayer::reach() const {
  if (weighedLo_.x > weighedHi_.x) return {weighedLo_, weighedHi_};
  // The splat cuts the kernel at 4σ; a cell more for the drape's bilinear sampling.
  const float r = style_.mode == HeatMode::field ? float(style_.fieldReachMetres) : float((4.0 * sigmaCells() + 1.0) * grid_.cell);
  return {weighedLo_ - r, weighedHi_ + r};
}

void HeatLayer::updateFromSensors(const live::SensorStore& store) {
  changedPoints_.clear();
  std::vector<uint32_t>& changed = scratch_;
  changed.clear();
  storeVersion_ = store.changes().changesSince(storeVersion_, changed);
  const auto& sensors = store.all();
  const bool all = rebuild_ || points_.size() > sensors.size();
  points_.resize(sensors.size());
  auto set = [&](uint32_t i) {
    const auto& s = sensors[i];
    HeatPoint h{0, 0, 0, 0};
    const auto m = std::find_if(s.metrics.begin(), s.metrics.end(), [&](const auto& x) { return x.metric == style_.fieldMetric; });
    if (s.registered && m != s.metrics.end() && m->latestTime) {
      const glm::dvec3 p = frame_.toLocal({s.position.lon, s.position.lat, 0.0});
      h = {float(p.x - grid_.origin.x), float(p.y - grid_.origin.y), float(std::max(m->latest, 1e-3)), 0};
    }
    points_[i] = h;
    weigh(h);
    changedPoints_.push_back(i);
  };
  if (all) {
    forgetWeighed();
    for (uint32_t i = 0; i < sensors.size(); ++i) set(i);
    rebuild_ = false;
  } else {
    for (uint32_t i : changed) set(i);
  }
}

std::vector<double> referenceField(const std::vector<HeatPoint>& points, const HeatGrid& grid) {
  std::vector<double> out(size_t(grid.width) * grid.height, 0.0);
  for (uint32_t y = 0; y < grid.height; ++y)
    for (uint32_t x = 0; x < grid.width; ++x) {
      double num = 0, den = 0;
      for (const auto& p : points) {
        if (p.weight <= 0) continue;
        const double dx = (x + 0.5) * grid.cell - p.x, dy = (y + 0.5) * grid.cell - p.y;
        const double w = 1.0 / (dx * dx + dy * dy + grid.cell * grid.cell);
        num += w * p.weight, den += w;
      }
      out[size_t(y) * grid.width + x] = den > 0 ? num / den : 0.0;
    }
  return out;
}

HeatFrame HeatLayer::frame(float clockSeconds, float domainMax) const {
  HeatFrame f;
  f.points = points_;
  f.changed = changedPoints_;
  f.grid = grid_;
  f.drape = &drape_;
  std::tie(f.reachMin, f.reachMax) = reach();
  f.mode = style_.mode;
  f.ramp = style_.ramp;
  f.sigmaCells = sigmaCells();
  f.decaySeconds = style_.decayMinutes ? float(*style_.decayMinutes * 60) : 0.0f;
  f.windowSeconds = style_.windowMs ? float(double(*style_.windowMs) / 1000.0) : 0.0f;
  f.opacity = style_.opacity;
  f.fieldReachMetres = float(style_.fieldReachMetres);
  f.clockSeconds = clockSeconds;
  f.domainMax = domainMax;
  f.source = this;
  return f;
}

float HeatDomain::update(const HeatStyle& style, float observedMax, double seconds) {
  if (style.fixedMax) return value_ = *style.fixedMax;
  if (observedMax <= 0) return value_ > 0 ? value_ : 1.0f;
  if (value_ <= 0) return value_ = observedMax;  // the first sight sets it
  const double k = 1.0 - std::exp(-std::max(0.0, seconds) / std::max(0.05, double(style.autoSmoothingSeconds)));
  value_ += float((observedMax - value_) * k);
  return value_;
}

std::vector<double> referenceDensity(const std::vector<HeatPoint>& points, const HeatGrid& grid, double sigmaMetres,
                                     std::optional<double> decayMinutes, float clockSeconds,
                                     std::optional<double> windowSeconds) {
  std::vector<double> out(size_t(grid.width) * grid.height, 0.0);
  const double reach = 4 * sigmaMetres;
  for (const auto& p : points) {
    if (p.weight <= 0) continue;
    if (windowSeconds && double(clockSeconds) - double(p.time) > *windowSeconds) continue;
    double w = p.weight;
    if (decayMinutes) w *= std::exp(-std::max(0.0, double(clockSeconds) - double(p.time)) / (*decayMinutes * 60.0));
    const int x0 = std::max(0, int(std::floor((p.x - reach) / grid.cell))), x1 = std::min(int(grid.width) - 1, int((p.x + reach) / grid.cell));
    const int y0 = std::max(0, int(std::floor((p.y - reach) / grid.cell))), y1 = std::min(int(grid.height) - 1, int((p.y + reach) / grid.cell));
    for (int y = y0; y <= y1; ++y)
      for (int x = x0; x <= x1; ++x) {
        const double dx = (x + 0.5) * grid.cell - p.x, dy = (y + 0.5) * grid.cell - p.y;
        out[size_t(y) * grid.width + x] += w * std::exp(-(dx * dx + dy * dy) / (2 * sigmaMetres * sigmaMetres));
      }
  }
  return out;
}

}  // namespace citywall::scene
