// The window's key table: one meaning per key, every press does something,
// and the keys a wall operator is told about do what the README says.

#include <GLFW/glfw3.h>
#include <gtest/gtest.h>

#include <set>

#include "app/key_bindings.h"

using namespace citywall;

TEST(KeyBindings, NoKeyMeansTwoThings) {
  std::set<std::pair<int, int>> pressed;
  for (const auto& k : app::keyPresses()) {
    EXPECT_TRUE(pressed.insert({k.key, k.mods}).second) << "key " << k.key << " with mods " << k.mods << " is bound twice";
    EXPECT_NE(k.command.has_value(), k.action.has_value()) << "key " << k.key << " must do exactly one thing";
  }
  // A held key moves the camera only when its press (without modifiers) means nothing else.
  std::set<int> held;
  for (const auto& h : app::heldKeys()) {
    EXPECT_TRUE(held.insert(h.key).second) << "held key " << h.key << " is bound twice";
    EXPECT_EQ(pressed.count({h.key, 0}), 0u) << "key " << h.key << " both moves the camera and does something else";
  }
}

TEST(KeyBindings, FTiltsAndShiftHSwitchesTheHeatToThePm25Field) {
  EXPECT_EQ(app::keyPress(GLFW_KEY_F, 0), nullptr);
  const auto* h = app::keyPress(GLFW_KEY_H, 0);
  const auto* shiftH = app::keyPress(GLFW_KEY_H, GLFW_MOD_SHIFT);
  ASSERT_TRUE(h && shiftH);
  EXPECT_EQ(std::get<ui::ToggleLayer>(*h->command).layer, ui::LayerId::heat);
  EXPECT_EQ(std::get<ui::ToggleLayer>(*shiftH->command).layer, ui::LayerId::sensorField);
  // Shift with an unbound combination falls back to the plain key.
  EXPECT_EQ(std::get<ui::ToggleLayer>(*app::keyPress(GLFW_KEY_M, GLFW_MOD_SHIFT)->command).layer, ui::LayerId::markers);
  EXPECT_NE(app::keyHelp().find("R/F: tilt"), std::string::npos);
}

TEST(KeyBindings, DigitsAreBookmarksByNumber) {
  for (int d = 1; d <= 9; ++d)
    EXPECT_EQ(std::get<ui::GoToBookmarkNumber>(*app::keyPress(GLFW_KEY_0 + d, 0)->command).index, size_t(d - 1));
}
