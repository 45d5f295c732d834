// The legends' ramps are the ones the GPU draws: the CPU table in
// scene/layers/heat_ramps.cpp against the stops in shaders/heat_drape.frag.

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <regex>
#include <sstream>

#include "scene/layers/heat_ramps.h"

using namespace citywall::scene;

TEST(HeatRamps, MatchTheShadersStops) {
  std::ifstream in(CITYWALL_SOURCE_DIR "/shaders/heat_drape.frag");
  ASSERT_TRUE(in);
  std::stringstream text;
  text << in.rdbuf();
  const std::string src = text.str();
  const std::pair<const char*, HeatRamp> ramps[] = {
      {"viridis", HeatRamp::viridis}, {"magma", HeatRamp::magma}, {"aqi", HeatRamp::aqi}, {"command", HeatRamp::command}};
  for (const auto& [name, ramp] : ramps) {
    const std::regex table(std::string(R"(/\* )") + name + R"( \*/ throughStops\(x,([^;]*)\);)");
    std::smatch m;
    ASSERT_TRUE(std::regex_search(src, m, table)) << name;
    const std::string body = m[1];
    const std::regex number(R"([0-9]+\.[0-9]+)");
    std::vector<double> v;
    for (auto it = std::sregex_iterator(body.begin(), body.end(), number); it != std::sregex_iterator(); ++it)
      v.push_back(std::stod(it->str()));
    ASSERT_EQ(v.size(), 27u) << name;
    for (int i = 0; i < 9; ++i) {
      const uint32_t rgb = heatRampRgb(ramp, float(i) / 8);
      for (int c = 0; c < 3; ++c)
        EXPECT_NEAR(double((rgb >> (16 - 8 * c)) & 255), std::round(v[size_t(i * 3 + c)] * 255), 1.0) << name << " stop " << i;
    }
  }
}
