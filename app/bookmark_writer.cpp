#include "app/bookmark_writer.h"

#include <cstdio>

#include "config/config_file.h"

namespace citywall::app {

std::string BookmarkWriter::save(ui::Presenter& presenter, const ui::CameraView& view, ui::Language language) const {
  ui::Bookmark b;
  // A name no bookmark has yet: the file must load again next time.
  for (size_t n = presenter.bookmarks().size() + 1; b.name.empty() || presenter.bookmark(b.name); ++n)
    b.name = (language == ui::Language::zh ? "视角 " : "View ") + std::to_string(n);
  b.view = view;
  presenter.addBookmark(b);
  std::string error;
  if (configFile_.empty()) {
    std::printf("citywall: bookmark '%s' saved for this session (no --config file to keep it in)\n", b.name.c_str());
  } else if (config::appendBookmark(configFile_, b, error)) {
    std::printf("citywall: bookmark '%s' saved in %s\n", b.name.c_str(), configFile_.c_str());
  } else {
    std::fprintf(stderr, "citywall: %s; it stays for this session\n", error.c_str());
  }
  return b.name;
}

}  // namespace citywall::app
