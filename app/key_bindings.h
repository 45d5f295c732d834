#pragma once
// The window's keys, in one table: what a key press asks for (a command the
// frame step carries out, or a window action), and which held keys move the
// camera. Keys are GLFW key codes; no window is needed to read the table, so
// tests check it for double bindings.

#include <optional>
#include <span>

#include "scene/camera_controller.h"
#include "ui/commands.h"

namespace citywall::app {

/// What only the window itself does (not the wall's state).
enum class WindowAction { quit, screenshot, vsync, fullscreen };

/// What one key press does: a command, or a window action.
struct KeyPress {
  int key;
  int mods;  ///< GLFW modifier bits that must be held (0: none)
  std::optional<ui::Command> command;
  std::optional<WindowAction> action;
  const char* help;  ///< for the start-up line and the README
};

/// Every key press binding.
std::span<const KeyPress> keyPresses();
/// The binding for `key` with modifiers `mods` (Shift, Ctrl…), if any.
const KeyPress* keyPress(int key, int mods);

/// Keys that move the camera while held (smooth, scaled by frame time).
struct HeldKey {
  int key;
  scene::CameraKey move;
};
std::span<const HeldKey> heldKeys();

/// One line naming every key, for the window's start-up message.
std::string keyHelp();

}  // namespace citywall::app
