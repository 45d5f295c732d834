#pragma once
// Case categories as people read them: the feed sends dotted codes
// ("city.road.pothole"); a deployment maps code prefixes to a name in each
// language and a colour (the marker shape is the map layer's business). The
// most specific prefix wins, so "safety" can name a family and
// "safety.fire" one member.

#include <cstdint>
#include <string>
#include <vector>

#include "ui/strings.h"

namespace citywall::ui {

struct CategoryInfo {
  std::string code;  ///< a dotted prefix: "city", "city.road.pothole"
  std::string nameZh, nameEn;
  uint32_t rgb = 0x9fb3c8;  ///< list chips, charts, markers coloured by category
};

class CategoryTable {
 public:
  /// The built-in names for the common city-management families.
  static CategoryTable defaults();

  /// Adds a category or replaces the one with the same code.
  void set(CategoryInfo info);
  /// The most specific entry whose code is a dotted prefix of `code`, or null.
  const CategoryInfo* find(const std::string& code) const;
  /// The name in `language`; the code itself when nothing matches.
  std::string name(const std::string& code, Language language) const;
  uint32_t rgb(const std::string& code) const;
  const std::vector<CategoryInfo>& all() const { return entries_; }

 private:
  std::vector<CategoryInfo> entries_;
};

/// True when `prefix` is `code` or a dotted prefix of it ("city" of "city.road").
bool isCategoryPrefix(const std::string& prefix, const std::string& code);

}  // namespace citywall::ui
