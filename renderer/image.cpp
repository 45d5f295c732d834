#include "renderer/image.h"

#include <stb_image.h>
#include <stb_image_write.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace citywall::renderer {

bool savePng(const Image& image, const std::string& path, std::string& error) {
  std::error_code ec;
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  if (!stbi_write_png(path.c_str(), int(image.width), int(image.height), 4, image.rgba.data(), int(image.width * 4))) {
    error = path + ": cannot write PNG (" + (errno ? std::strerror(errno) : "disk full or not writable") + ")";
    return false;
  }
  return true;
}

bool loadPng(const std::string& path, Image& image, std::string& error) {
  int w = 0, h = 0, n = 0;
  stbi_uc* data = stbi_load(path.c_str(), &w, &h, &n, 4);
  if (!data) {
    error = path + ": cannot read image (" + (stbi_failure_reason() ? stbi_failure_reason() : "unknown") + ")";
    return false;
  }
  image.width = uint32_t(w);
  image.height = uint32_t(h);
  image.rgba.assign(data, data + size_t(w) * h * 4);
  stbi_image_free(data);
  return true;
}

}  // namespace citywall::renderer
