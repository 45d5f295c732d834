// dashboard_bench — what the dashboard costs the frame on the CPU with a big
// store, for 10,000, 100,000 and 1,000,000 cases: one ImGui frame of every
// panel while the store does not change; the same while a feed changes a
// case every frame (the list is then rebuilt once a second, in slices of at
// most 2 ms per frame) — median and worst frame; and a full synchronous
// rebuild of the list (what a change of filter costs once).
// No GPU: ImGui's output is not drawn.
//
//   dashboard_bench [--frames 50]

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>

#include "ui/dashboard_panels.h"

using namespace citywall;

namespace {

constexpr live::TimeMs kNow = 1795314600000;  // 2026-11-22 10:30 +08:00

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? -1 : v[v.size() / 2];
}

template <typename F>
double ms(F&& f) {
  const auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

void fill(live::Store& store, size_t n) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(0, 1);
  const char* cats[] = {"city.road.pothole", "city.sanitation.garbage", "env.noise", "traffic.illegal_parking",
                        "water.pipe_leak", "safety.fire"};
  store.tick(kNow);
  for (size_t i = 0; i < n; ++i) {
    live::CaseUpdate c;
    c.id = "SR-" + std::to_string(i);
    c.time = kNow - live::TimeMs(u(rng) * 20 * live::kHour);
    c.category = cats[i % 6];
    c.position = live::LonLat{121.45 + u(rng) * 0.1, 31.2 + u(rng) * 0.08};
    c.priority = uint8_t(1 + i % 4);
    c.title = "路面坑洼";
    c.grid = "HP-" + std::to_string(i % 300);
    c.status = live::CaseStatus(i % 7);
    store.apply(c);
  }
  store.tick(kNow);
}

}  // namespace

int main(int argc, char** argv) {
  int frames = 50;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], "--frames") == 0) frames = std::atoi(argv[i + 1]);
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.Fonts->AddFontDefault();
  io.Fonts->AddFontDefault();  // the "big" font slot
  unsigned char* pixels;
  int w, h;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  io.DisplaySize = ImVec2(1920, 1080);
  io.DeltaTime = 1.0f / 60;
  const ui::CategoryTable categories = ui::CategoryTable::defaults();
  std::printf("%-10s %14s %18s %18s %16s\n", "cases", "still ms", "live median ms", "live worst ms", "full rebuild ms");
  for (size_t n : {size_t(10'000), size_t(100'000), size_t(1'000'000)}) {
    live::Store store;
    fill(store, n);
    ui::DashboardState state;
    ui::DashboardInput in;
    in.store = &store;
    in.categories = &categories;
    in.seconds = 1.0 / 60;
    in.selectedCase = "SR-5";
    std::vector<double> frame, rebuild;
    for (int f = 0; f < frames + 2; ++f) {
      ui::Commands out;
      const double t = ms([&] {
        ImGui::NewFrame();
        ui::drawDashboard(in, state, out);
        ImGui::Render();
      });
      if (f >= 2) frame.push_back(t);  // the first frames build the list and fit the windows
    }
    // Live: one case changes every frame; 3 s of 60 fps frames.
    std::vector<double> live;
    for (int f = 0; f < 180; ++f) {
      live::CaseUpdate u;
      u.id = "SR-" + std::to_string(f * 7919 % n);
      u.time = kNow + f;
      u.status = live::CaseStatus::inProgress;
      store.apply(u);
      ui::Commands out;
      live.push_back(ms([&] {
        ImGui::NewFrame();
        ui::drawDashboard(in, state, out);
        ImGui::Render();
      }));
    }
    for (int k = 0; k < 5; ++k) {
      size_t matching = 0;
      rebuild.push_back(ms([&] { ui::filterCases(store.cases(), state, matching); }));
    }
    std::printf("%-10zu %14.3f %18.3f %18.3f %16.2f\n", n, median(frame), median(live),
                *std::max_element(live.begin(), live.end()), median(rebuild));
  }
  ImGui::DestroyContext();
}
