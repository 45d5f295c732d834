#pragma once
// Reading a glTF extension's JSON (tinygltf::Value) from a file that may
// put a number where an object belongs. tinygltf's Value::Get asserts that
// the value is an object (or an array), so such a file aborts a build with
// assertions on (a Debug build); without them it reads nothing. These read
// a member or an element of any value and give a null value where there is
// none, in every build.

#include <tiny_gltf.h>

#include <string>

namespace citywall::assets {

inline const tinygltf::Value& gltfNull() {
  static const tinygltf::Value none;
  return none;
}

/// v[key], or null when v is not an object or has no such member.
inline const tinygltf::Value& member(const tinygltf::Value& v, const std::string& key) {
  return v.IsObject() ? v.Get(key) : gltfNull();
}

/// v[i], or null when v is not an array or i is outside it.
inline const tinygltf::Value& element(const tinygltf::Value& v, int i) {
  return v.IsArray() && i >= 0 && size_t(i) < v.ArrayLen() ? v.Get(i) : gltfNull();
}

}  // namespace citywall::assets
