#include "app/key_bindings.h"

#include <GLFW/glfw3.h>

#include <string>

namespace citywall::app {
namespace {

using ui::LayerId;
using ui::Setting;

const KeyPress kPresses[] = {
    {GLFW_KEY_ESCAPE, 0, {}, WindowAction::quit, "Esc: quit"},
    {GLFW_KEY_HOME, 0, ui::FitCity{}, {}, "Home: fit"},
    {GLFW_KEY_0, 0, ui::FitCity{}, {}, nullptr},
    {GLFW_KEY_1, 0, ui::GoToBookmarkNumber{0}, {}, "1-9: bookmarks"},
    {GLFW_KEY_2, 0, ui::GoToBookmarkNumber{1}, {}, nullptr},
    {GLFW_KEY_3, 0, ui::GoToBookmarkNumber{2}, {}, nullptr},
    {GLFW_KEY_4, 0, ui::GoToBookmarkNumber{3}, {}, nullptr},
    {GLFW_KEY_5, 0, ui::GoToBookmarkNumber{4}, {}, nullptr},
    {GLFW_KEY_6, 0, ui::GoToBookmarkNumber{5}, {}, nullptr},
    {GLFW_KEY_7, 0, ui::GoToBookmarkNumber{6}, {}, nullptr},
    {GLFW_KEY_8, 0, ui::GoToBookmarkNumber{7}, {}, nullptr},
    {GLFW_KEY_9, 0, ui::GoToBookmarkNumber{8}, {}, nullptr},
    {GLFW_KEY_B, 0, ui::SaveBookmark{}, {}, "B: save view as bookmark"},
    {GLFW_KEY_T, 0, ui::Toggle{Setting::theme}, {}, "T: theme"},
    {GLFW_KEY_U, 0, ui::Toggle{Setting::ui}, {}, "U: overlay"},
    {GLFW_KEY_M, 0, ui::ToggleLayer{LayerId::markers}, {}, "M: markers"},
    {GLFW_KEY_H, 0, ui::ToggleLayer{LayerId::heat}, {}, "H: heat"},
    {GLFW_KEY_H, GLFW_MOD_SHIFT, ui::ToggleLayer{LayerId::sensorField}, {}, "Shift+H: heat shows the PM2.5 field"},
    {GLFW_KEY_G, 0, ui::ToggleLayer{LayerId::regions}, {}, "G: areas"},
    {GLFW_KEY_G, GLFW_MOD_SHIFT, ui::ToggleLayer{LayerId::basemap}, {}, "Shift+G: base map"},
    {GLFW_KEY_N, 0, ui::ToggleLayer{LayerId::sensors}, {}, "N: sensors"},
    {GLFW_KEY_O, 0, ui::Toggle{Setting::tour}, {}, "O: tour"},
    {GLFW_KEY_K, 0, ui::Toggle{Setting::alertsPaused}, {}, "K: alert focus"},
    {GLFW_KEY_C, 0, ui::Toggle{Setting::carousel}, {}, "C: carousel"},
    {GLFW_KEY_L, 0, ui::Toggle{Setting::language}, {}, "L: language"},
    {GLFW_KEY_I, 0, ui::Toggle{Setting::stats}, {}, "I: stats"},
    {GLFW_KEY_BACKSPACE, 0, ui::ClearSelection{}, {}, "Backspace: clear selection"},
    {GLFW_KEY_X, 0, ui::HideSelected{}, {}, "X: hide the selected building"},
    {GLFW_KEY_X, GLFW_MOD_SHIFT, ui::ShowAllBuildings{}, {}, "Shift+X: show hidden buildings"},
    {GLFW_KEY_Z, 0, ui::CordonSelected{}, {}, "Z: a cordon round the selected case (300 m, 500 m, 1 km, off)"},
    {GLFW_KEY_ENTER, 0, ui::ResumeDrill{}, {}, "Enter: a paused drill goes on"},
    {GLFW_KEY_SPACE, 0, ui::Replay{ui::ReplayAction::playPause}, {}, "replay: Space play/pause"},
    {GLFW_KEY_RIGHT_BRACKET, 0, ui::Replay{ui::ReplayAction::faster}, {}, "] faster"},
    {GLFW_KEY_LEFT_BRACKET, 0, ui::Replay{ui::ReplayAction::slower}, {}, "[ slower"},
    {GLFW_KEY_PERIOD, 0, ui::Replay{ui::ReplayAction::forward}, {}, ". 10 s on"},
    {GLFW_KEY_COMMA, 0, ui::Replay{ui::ReplayAction::back}, {}, ", 10 s back"},
    {GLFW_KEY_END, 0, ui::Replay{ui::ReplayAction::live}, {}, "End: back to live"},
    {GLFW_KEY_V, 0, {}, WindowAction::vsync, "V: vsync"},
    {GLFW_KEY_F11, 0, {}, WindowAction::fullscreen, "F11: fullscreen"},
    {GLFW_KEY_P, 0, {}, WindowAction::screenshot, "P/F12: screenshot"},
    {GLFW_KEY_F12, 0, {}, WindowAction::screenshot, nullptr},
};

const HeldKey kHeld[] = {
    {GLFW_KEY_LEFT, scene::CameraKey::panLeft},   {GLFW_KEY_A, scene::CameraKey::panLeft},
    {GLFW_KEY_RIGHT, scene::CameraKey::panRight}, {GLFW_KEY_D, scene::CameraKey::panRight},
    {GLFW_KEY_UP, scene::CameraKey::panUp},       {GLFW_KEY_W, scene::CameraKey::panUp},
    {GLFW_KEY_DOWN, scene::CameraKey::panDown},   {GLFW_KEY_S, scene::CameraKey::panDown},
    {GLFW_KEY_Q, scene::CameraKey::rotateLeft},   {GLFW_KEY_E, scene::CameraKey::rotateRight},
    {GLFW_KEY_R, scene::CameraKey::tiltUp},       {GLFW_KEY_F, scene::CameraKey::tiltDown},
    {GLFW_KEY_EQUAL, scene::CameraKey::zoomIn},   {GLFW_KEY_KP_ADD, scene::CameraKey::zoomIn},
    {GLFW_KEY_MINUS, scene::CameraKey::zoomOut},  {GLFW_KEY_KP_SUBTRACT, scene::CameraKey::zoomOut},
};

}  // namespace

std::span<const KeyPress> keyPresses() { return kPresses; }
std::span<const HeldKey> heldKeys() { return kHeld; }

const KeyPress* keyPress(int key, int mods) {
  // The binding whose modifiers are all held, the most specific first.
  const KeyPress* best = nullptr;
  for (const auto& k : kPresses)
    if (k.key == key && (mods & k.mods) == k.mods && (!best || k.mods > best->mods)) best = &k;
  return best;
}

std::string keyHelp() {
  std::string out = "drag: pan, right-drag: rotate/tilt, wheel: zoom, arrows/WASD: pan, Q/E: rotate, R/F: tilt, +/-: zoom";
  for (const auto& k : kPresses)
    if (k.help) out += std::string(", ") + k.help;
  return out;
}

}  // namespace citywall::app
