// feature_registry.cpp — the compact registry of 3D Tiles features.

#include "assets/tiles3d/feature_registry.h"

#include <cstring>
#include <functional>
#include <string>

namespace citywall::assets::tiles3d {

namespace {

// Short texts share blocks of this size; a longer one gets a block of its own.
constexpr uint32_t kBlock = 256 * 1024;

void putLength(std::string& out, size_t n) {  // LEB128: a byte for lengths under 128
  do {
    const uint8_t low = n & 0x7f;
    n >>= 7;
    out.push_back(char(n ? low | 0x80 : low));
  } while (n);
}
std::string_view takeText(std::string_view& in) {
  size_t n = 0;
  for (int shift = 0; !in.empty(); shift += 7) {
    const uint8_t b = uint8_t(in.front());
    in.remove_prefix(1);
    n |= size_t(b & 0x7f) << shift;
    if (!(b & 0x80)) break;
  }
  n = std::min(n, in.size());
  const std::string_view text = in.substr(0, n);
  in.remove_prefix(n);
  return text;
}

}  // namespace

uint64_t FeatureRegistry::hashOf(uint32_t tileset, std::string_view identity) {
  return std::hash<std::string_view>{}(identity) ^ (uint64_t(tileset) + 1) * 0x9E3779B97F4A7C15ull;
}

FeatureRegistry::Text FeatureRegistry::store(std::string_view bytes) {
  const uint32_t n = uint32_t(bytes.size());
  if (n == 0) return {};
  if (n > kBlock / 4) {
    blocks_.push_back(std::make_unique<char[]>(n));
    blockSizes_.push_back(n);
    std::memcpy(blocks_.back().get(), bytes.data(), n);
    return {uint32_t(blocks_.size() - 1), 0, n};
  }
  if (shared_ == SIZE_MAX || sharedUsed_ + n > kBlock) {
    blocks_.push_back(std::make_unique<char[]>(kBlock));
    blockSizes_.push_back(kBlock);
    shared_ = blocks_.size() - 1, sharedUsed_ = 0;
  }
  std::memcpy(blocks_[shared_].get() + sharedUsed_, bytes.data(), n);
  const Text t{uint32_t(shared_), sharedUsed_, n};
  sharedUsed_ += n;
  return t;
}

std::string_view FeatureRegistry::text(const Text& t) const {
  return t.length ? std::string_view(blocks_[t.block].get() + t.offset, t.length) : std::string_view();
}

void FeatureRegistry::grow() {
  std::vector<uint32_t> bigger(index_.empty() ? 1024 : index_.size() * 2, 0);
  const size_t mask = bigger.size() - 1;
  for (uint32_t i = 0; i < records_.size(); ++i) {
    size_t at = hashOf(records_[i].tileset, text(records_[i].identity)) & mask;
    while (bigger[at]) at = (at + 1) & mask;
    bigger[at] = i + 1;
  }
  index_.swap(bigger);
}

FeatureRegistry::Numbered FeatureRegistry::number(uint32_t tileset, std::string_view identity) {
  if ((records_.size() + 1) * 4 > index_.size() * 3) grow();  // at most three quarters full
  const size_t mask = index_.size() - 1;
  size_t at = hashOf(tileset, identity) & mask;
  for (; index_[at]; at = (at + 1) & mask) {
    const Record& r = records_[index_[at] - 1];
    if (r.tileset == tileset && text(r.identity) == identity) return {first_ + index_[at] - 1, false};
  }
  Record r;
  r.tileset = tileset, r.identity = store(identity);
  records_.push_back(r);
  index_[at] = uint32_t(records_.size());
  return {first_ + uint32_t(records_.size() - 1), true};
}

bool FeatureRegistry::hasCard(uint32_t number) const {
  return number >= first_ && number - first_ < records_.size() && records_[number - first_].card.length > 0;
}

void FeatureRegistry::setCard(uint32_t number, std::string_view key,
                              const std::vector<std::pair<std::string_view, std::string_view>>& properties) {
  if (number < first_ || number - first_ >= records_.size()) return;
  std::string card;
  putLength(card, key.size()), card += key;
  for (const auto& [name, value] : properties) {
    putLength(card, name.size()), card += name;
    putLength(card, value.size()), card += value;
  }
  records_[number - first_].card = store(card);  // never empty: the key's length comes first
}

bool FeatureRegistry::offerPlace(uint32_t number, const glm::dvec3& where, double size) {
  if (number < first_ || number - first_ >= records_.size()) return false;
  Record& r = records_[number - first_];
  // Compared as stored: the same box offered again is not finer. A
  // feature without a place takes any (one a machine gave with it, whose
  // box is unknown: INFINITY, so any tile's is finer).
  if (!std::isnan(r.where.x) && !(float(size) < r.size)) return false;
  r.where = glm::vec3(where), r.size = float(size);
  return true;
}

std::optional<scene::TileFeature> FeatureRegistry::feature(uint32_t number) const {
  if (number < first_ || number - first_ >= records_.size()) return std::nullopt;
  const Record& r = records_[number - first_];
  scene::TileFeature f;
  f.tileset = r.tileset;
  f.identity = std::string(text(r.identity));
  if (!std::isnan(r.where.x)) f.where = glm::dvec3(r.where);
  std::string_view card = text(r.card);
  if (!card.empty()) {
    f.key = std::string(takeText(card));
    while (!card.empty()) {
      const std::string_view name = takeText(card), value = takeText(card);
      f.properties.emplace_back(name, value);
    }
  }
  return f;
}

void FeatureRegistry::places(uint32_t from, std::vector<glm::dvec3>& out) const {
  for (size_t i = std::max(from, first_) - first_; i < records_.size(); ++i)
    out.push_back(std::isnan(records_[i].where.x) ? glm::dvec3(NAN) : glm::dvec3(records_[i].where));
}

size_t FeatureRegistry::bytes() const {
  size_t b = records_.size() * sizeof(Record) + index_.capacity() * sizeof(uint32_t) +
             blocks_.capacity() * (sizeof(blocks_[0]) + sizeof(uint32_t));
  for (uint32_t s : blockSizes_) b += s;
  return b;
}

}  // namespace citywall::assets::tiles3d
