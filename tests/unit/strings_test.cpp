// The UI's string table: every entry has both languages, and both take the
// same printf values in the same order (a translation that drops or swaps a
// %s would print garbage or crash).

#include <gtest/gtest.h>

#include <set>

#include "ui/strings.h"

using namespace citywall;

namespace {

// The conversions of a printf format, e.g. "%zu", "%.1f", "%s" → "zu f s".
std::string conversions(std::string_view f) {
  std::string out;
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i] != '%') continue;
    if (i + 1 < f.size() && f[i + 1] == '%') {
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < f.size() && std::string_view("-+ #0123456789.*").find(f[j]) != std::string_view::npos) ++j;
    std::string length;
    while (j < f.size() && std::string_view("hlLzjt").find(f[j]) != std::string_view::npos) length += f[j++];
    if (j < f.size()) out += length + f[j] + ' ';
    i = j;
  }
  return out;
}

}  // namespace

TEST(Strings, EveryEntryHasBothLanguagesWithTheSameValues) {
  const auto& table = ui::stringTable();
  ASSERT_GT(table.size(), 100u);
  std::set<std::string> names;
  for (const auto& e : table) {
    EXPECT_TRUE(names.insert(std::string(e.group) + "." + e.name).second) << e.name << " twice";
    ASSERT_TRUE(e.zh && e.en) << e.name << " lacks a language";
    EXPECT_STRNE(e.zh, "") << e.name << ": no Chinese";
    EXPECT_STRNE(e.en, "") << e.name << ": no English";
    EXPECT_EQ(conversions(e.zh), conversions(e.en)) << e.name << ": \"" << e.zh << "\" vs \"" << e.en << "\"";
  }
}

TEST(Strings, TheStructsAreFilledByNameFromTheTable) {
  // A field is what its entry says in each language, wherever it sits.
  EXPECT_STREQ(ui::strings(ui::Language::zh).statuses[2], "派遣");
  EXPECT_STREQ(ui::strings(ui::Language::en).statuses[2], "dispatched");
  EXPECT_STREQ(ui::panelStrings(ui::Language::zh).languageButton, "English");
  EXPECT_STREQ(ui::panelStrings(ui::Language::en).languageButton, "中文");
  EXPECT_STREQ(ui::panelStrings(ui::Language::en).flyTo, "Fly to");
  // The glyph text holds every entry of both languages.
  const std::string all = ui::allStrings();
  for (const auto& e : ui::stringTable()) EXPECT_NE(all.find(e.zh), std::string::npos) << e.name;
}
