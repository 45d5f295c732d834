#pragma once
// UI fonts: a CJK font from Debian (WenQuanYi Micro Hei, fonts-wqy-microhei)
// so Chinese and Latin both render; ImGui's built-in font when none is found.

#include <string>

namespace citywall::ui {

/// Adds the UI font to the current ImGui context at `pixelSize`. Returns the
/// font file used, or an empty string when it fell back to ImGui's own font
/// (which has no Chinese glyphs); `CITYWALL_FONT` overrides the search.
/// `extraText` (UTF-8) adds glyphs beyond the common Chinese set, e.g. every
/// UI string, so rarer characters such as 屏 or 纬 are never missing.
std::string loadUiFont(float pixelSize, const std::string& extraText);
/// Adds the large font for KPI numbers and headings (the atlas's second font)
/// from `file` (or ImGui's own when empty), with the glyphs of `text` plus
/// digits and Latin letters only, so it stays small at 8K sizes.
void loadBigFont(const std::string& file, float pixelSize, const std::string& text);

}  // namespace citywall::ui
