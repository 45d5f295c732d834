// The GPU heatmap against a double-precision CPU reference computed from the
// same points: maximum relative error ≤ 1 % wherever the density exceeds 5 %
// of its maximum (issue 4). lavapipe, validation on.

#include <gtest/gtest.h>

#include <numeric>
#include <random>

#include "app/view_setup.h"
#include "renderer/renderer.h"
#include "scene/layers/heat_layer.h"

using namespace citywall;

namespace {

constexpr live::TimeMs kNow = 1763770530000;
const geo::GeoFrame kFrame({121.4905, 31.2397, 0});

// Cases scattered in three clusters and a background, priorities 1–4, ages
// up to three hours.
live::CaseStore makeCases(int n) {
  live::CaseStore store;
  std::mt19937 rng(5);
  std::normal_distribution<double> cluster(0, 150);
  std::uniform_real_distribution<double> uniform(-1800, 1800);
  std::uniform_int_distribution<int> priority(1, 4), minutes(0, 180);
  const glm::dvec2 centres[] = {{-600, 300}, {500, -200}, {900, 900}};
  for (int i = 0; i < n; ++i) {
    glm::dvec2 p = i % 4 == 3 ? glm::dvec2(uniform(rng), uniform(rng)) : centres[i % 3] + glm::dvec2(cluster(rng), cluster(rng));
    const auto g = kFrame.toGeodetic({p.x, p.y, 0});
    live::CaseUpdate u;
    u.id = "h" + std::to_string(i);
    u.time = kNow - minutes(rng) * live::kMinute;
    u.category = "city.road";
    u.position = live::LonLat{g.lon, g.lat};
    u.priority = uint8_t(priority(rng));
    store.apply(u);
  }
  return store;
}

struct Rendered {
  std::vector<float> gpu;
  std::vector<double> cpu;
  uint64_t validation = 0;
  float gpuMax = 0;
};

// One frame of a heat layer over an empty city, validation on; the GPU's
// density grid and maximum come back.
Rendered renderOnGpu(const scene::HeatLayer& layer, float clock, float domainMax) {
  scene::CityModel city;
  city.frame = kFrame;
  city.ground = scene::makeGround(kFrame, {-3000, -3000}, {3000, 3000}, 8);
  renderer::RendererOptions o;
  o.validation = true;
  auto r = renderer::Renderer::createHeadless(o, 96, 64);
  r->setCity(city);
  scene::MapCamera cam;
  cam.distance = 6000;
  scene::FrameView view = app::frameView(cam, scene::nightTheme(), 96, 64);
  view.heat = layer.frame(clock, domainMax);
  r->drawFrame(view, nullptr);
  r->waitIdle();
  Rendered out;
  out.gpu = r->readHeatDensity();
  out.gpuMax = r->heatMax();
  out.validation = r->validationMessages();
  return out;
}

Rendered render(const scene::HeatLayer& layer, float clock) {
  Rendered out = renderOnGpu(layer, clock, 10);
  out.cpu = scene::referenceDensity(layer.points(), layer.grid(), layer.style().radiusMetres / 3.0, layer.style().decayMinutes,
                                    clock, layer.style().windowMs ? std::optional<double>(*layer.style().windowMs / 1000.0)
                                                                  : std::nullopt);
  return out;
}

void expectMatches(const Rendered& r) {
  ASSERT_EQ(r.gpu.size(), r.cpu.size());
  const double max = *std::max_element(r.cpu.begin(), r.cpu.end());
  ASSERT_GT(max, 0);
  double worst = 0;
  size_t counted = 0;
  for (size_t i = 0; i < r.cpu.size(); ++i) {
    if (r.cpu[i] <= 0.05 * max) continue;
    worst = std::max(worst, std::abs(double(r.gpu[i]) - r.cpu[i]) / r.cpu[i]);
    ++counted;
  }
  EXPECT_GT(counted, 1000u);
  EXPECT_LE(worst, 0.01) << "worst relative error over " << counted << " cells";
  EXPECT_NEAR(r.gpuMax, max, max * 0.01);  // the maximum the auto domain uses
  EXPECT_EQ(r.validation, 0u);
  std::printf("heatmap: %zu cells above 5 %% of the maximum, worst relative error %.2e\n", counted, worst);
}

}  // namespace

TEST(Heatmap, GpuDensityMatchesTheCpuReference) {
  live::CaseStore store = makeCases(2000);
  scene::HeatStyle style;
  style.radiusMetres = 300;
  style.cellMetres = 10;
  scene::HeatLayer layer(kFrame, {-2000, -2000}, {2000, 2000}, style, kNow - 6 * live::kHour);
  layer.update(store, kNow);
  expectMatches(render(layer, layer.clockSeconds(kNow)));
}

TEST(Heatmap, TimeDecayAndWindowFollowTheClock) {
  live::CaseStore store = makeCases(1500);
  scene::HeatStyle style;
  style.radiusMetres = 240;
  style.decayMinutes = 45;
  style.windowMs = 2 * live::kHour;
  scene::HeatLayer layer(kFrame, {-2000, -2000}, {2000, 2000}, style, kNow - 6 * live::kHour);
  layer.update(store, kNow);
  const Rendered now = render(layer, layer.clockSeconds(kNow));
  expectMatches(now);
  // An hour later everything has cooled: the same points, lower density.
  const Rendered later = render(layer, layer.clockSeconds(kNow + live::kHour));
  expectMatches(later);
  const double sumNow = std::accumulate(now.cpu.begin(), now.cpu.end(), 0.0);
  const double sumLater = std::accumulate(later.cpu.begin(), later.cpu.end(), 0.0);
  EXPECT_LT(sumLater, sumNow * 0.5);
}

TEST(Heatmap, SensorFieldMatchesTheCpuInverseDistanceReference) {
  live::SensorStore sensors;
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> where(-1800, 1800), pm25(10, 260);
  for (int i = 0; i < 24; ++i) {
    const auto g = kFrame.toGeodetic({where(rng), where(rng), 0});
    const std::string id = "aq-" + std::to_string(i);
    sensors.apply(live::SensorUpdate{id, "air_quality", {g.lon, g.lat}, std::nullopt, {}});
    sensors.apply(live::Observation{id, 1, {{"pm25", pm25(rng)}}});
  }
  scene::HeatStyle style;
  style.mode = scene::HeatMode::field;
  style.radiusMetres = 300;
  style.cellMetres = 25;
  style.ramp = scene::HeatRamp::aqi;
  style.fixedMax = 250;
  scene::HeatLayer layer(kFrame, {-2000, -2000}, {2000, 2000}, style);
  layer.updateFromSensors(sensors);

  const Rendered r = renderOnGpu(layer, 0, 250);
  const auto& gpu = r.gpu;
  const auto cpu = scene::referenceField(layer.points(), layer.grid());
  ASSERT_EQ(gpu.size(), cpu.size());
  double worst = 0;
  for (size_t i = 0; i < cpu.size(); ++i) worst = std::max(worst, std::abs(gpu[i] - cpu[i]) / cpu[i]);
  EXPECT_LT(worst, 1e-3);
  EXPECT_EQ(r.validation, 0u);
  std::printf("sensor field: %zu cells, worst relative error %.2e\n", cpu.size(), worst);
}
