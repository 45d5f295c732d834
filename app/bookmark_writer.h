#pragma once
// BookmarkWriter: key B keeps the current view as a new bookmark — named so
// that no two share a name ("视角 N" / "View N"), handed to the presenter at
// once and appended to the --config file (comments kept) so it survives a
// restart. Without a file, or when the file cannot be written, the bookmark
// stays for this session and the log says why.

#include <string>

#include "ui/presenter.h"
#include "ui/strings.h"

namespace citywall::app {

class BookmarkWriter {
 public:
  explicit BookmarkWriter(std::string configFile) : configFile_(std::move(configFile)) {}
  /// Adds `view` as a new bookmark to `presenter` and to the file; returns its name.
  std::string save(ui::Presenter& presenter, const ui::CameraView& view, ui::Language language) const;

 private:
  std::string configFile_;
};

}  // namespace citywall::app
