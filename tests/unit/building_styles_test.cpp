// The renderer's building styles as the frame carries them: the whole set
// each time its version moves, applied as a change to what stood before.

#include <gtest/gtest.h>

#include <vector>

#include "renderer/null_renderer.h"
#include "scene/city_model.h"
#include "scene/frame_view.h"

using namespace citywall;

namespace {

using Styled = std::vector<std::pair<uint32_t, scene::BuildingStyle>>;

scene::BuildingStyle tint(uint32_t rgba) {
  scene::BuildingStyle s;
  s.tintRgba = rgba;
  return s;
}

// Draws one frame carrying `styled` at `version`.
void draw(renderer::NullRenderer& r, const Styled& styled, uint64_t version) {
  scene::FrameView view;
  view.buildings = {styled, version};
  r.drawFrame(view, nullptr);
}

}  // namespace

TEST(BuildingStyles, ANewSetResetsWhatLeftItAndWritesOnlyWhatChanged) {
  renderer::NullRenderer r(64, 64);
  // A marked area of 20,000 buildings (every third), as the scene sends it.
  Styled marked;
  for (uint32_t b = 0; b < 60000; b += 3) marked.push_back({b, tint(0xff3020ffu)});
  draw(r, marked, 7);
  EXPECT_EQ(r.buildingStyles().size(), 20000u);
  EXPECT_EQ(r.styleWrites(), 20000u);
  draw(r, marked, 7);  // the same version: nothing to do
  EXPECT_EQ(r.styleWrites(), 20000u);

  // One building selected (the scene appends it out of order), one leaves
  // the area, one changes colour: three writes, not the whole set again.
  Styled next(marked.begin() + 1, marked.end());
  next[100].second = tint(0x20a0ffffu);
  scene::BuildingStyle selected;
  selected.highlighted = true;
  next.push_back({1, selected});
  draw(r, next, 8);
  EXPECT_EQ(r.styleWrites(), 20003u);
  EXPECT_EQ(r.buildingStyles().count(0), 0u);
  EXPECT_TRUE(r.buildingStyles().at(1).highlighted);
  EXPECT_EQ(r.buildingStyles().at(next[100].first).tintRgba, 0x20a0ffffu);
  EXPECT_EQ(r.buildingStyles().at(3).tintRgba, 0xff3020ffu);
  EXPECT_EQ(r.buildingStyles().size(), 20000u);

  // The area lifted: every building plain again.
  draw(r, {}, 9);
  EXPECT_TRUE(r.buildingStyles().empty());
  EXPECT_EQ(r.styleWrites(), 40003u);
}

// A city uploaded again starts plain (the GPU table is made anew): the
// frame's styles are written again even at a version already applied.
TEST(BuildingStyles, ACityUploadedAgainGetsItsStylesBack) {
  renderer::NullRenderer r(64, 64);
  const Styled styled{{2, tint(0xff0000ffu)}, {5, tint(0x00ff00ffu)}};
  draw(r, styled, 3);
  EXPECT_EQ(r.styleWrites(), 2u);
  r.setCity(scene::CityModel{});
  draw(r, styled, 3);
  EXPECT_EQ(r.styleWrites(), 4u);
  EXPECT_EQ(r.buildingStyles().size(), 2u);
}
