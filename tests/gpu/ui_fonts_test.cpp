// Characters the feed brings that the font atlas lacks (a rare character in
// a case title) are added by rebuilding the atlas between frames; the
// renderer's UI pass survives the rebuild with validation on.

#include <gtest/gtest.h>
#include <imgui.h>

#include "renderer/renderer.h"
#include "ui/imgui_host.h"
#include "renderer/renderer.h"
#include "scene/theme.h"

using namespace citywall;

TEST(UiFonts, MissingCharactersFromTheFeedAreAddedBetweenFrames) {
  renderer::RendererOptions ro;
  ro.validation = true;
  auto r = renderer::Renderer::createHeadless(ro, 320, 180);
  ui::ImGuiHost ui({[&] { r->initUi(); }, [&] { r->shutdownUi(); }}, r->height(), nullptr, 1.0f, *scene::themeByName("night"), ui::Language::zh);
  if (ui.fontFile().empty()) GTEST_SKIP() << "no CJK font installed (fonts-wqy-microhei)";
  const ImWchar rare = 0x7287;  // 犇: not in ImGui's common Chinese set
  ASSERT_EQ(ImGui::GetIO().Fonts->Fonts[0]->FindGlyphNoFallback(rare), nullptr);
  ui.requireText("案件 犇");
  scene::FrameView fv;
  fv.camera = scene::MapCamera{}.matrices(320, 180);
  ImDrawData* draw = ui.build([] { ImGui::Text("犇"); }, 320, 180, 1.0 / 60);
  r->drawFrame(fv, draw);
  EXPECT_EQ(ui.fontRebuilds(), 1u);
  EXPECT_NE(ImGui::GetIO().Fonts->Fonts[0]->FindGlyphNoFallback(rare), nullptr);
  // Asking again, or for what the font has, rebuilds nothing.
  ui.requireText("犇 案件");
  draw = ui.build([] { ImGui::Text("犇"); }, 320, 180, 1.0 / 60);
  r->drawFrame(fv, draw);
  r->waitIdle();
  EXPECT_EQ(ui.fontRebuilds(), 1u);
  EXPECT_EQ(r->validationMessages(), 0u);
}
