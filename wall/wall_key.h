#pragma once
// A wall's key: one CurveZMQ key pair (Curve25519: the wall's messages
// encrypted, and both ends authenticated) that every machine of the wall
// holds in the same file. The conductor serves with it and lets in only
// nodes that present it; a node checks that the conductor it reaches holds
// it. Without a key the wall's port is for a trusted network only.
//
// The file (`citywall --wall-keygen FILE`, written readable by its owner
// only):
//   # citywall wall key …
//   public = "<40 characters of Z85>"
//   secret = "<40 characters of Z85>"

#include <optional>
#include <string>

namespace citywall::wall {

struct WallKey {
  std::string publicKey, secretKey;  ///< Z85 text, 40 characters each
  bool operator==(const WallKey&) const = default;
};

/// Whether this libzmq can encrypt (built with libsodium, as Debian's is).
bool curveAvailable();
/// A new key pair. Throws WallError where CURVE is not available.
WallKey makeWallKey();
/// Writes `key` to `path`, readable and writable by its owner only; throws WallError.
void saveWallKey(const WallKey& key, const std::string& path);
/// Reads a key file; nullopt with the reason when it cannot be read or is not a key.
std::optional<WallKey> loadWallKey(const std::string& path, std::string& error);
/// The 32 bytes a Z85 key stands for (empty when it is not one).
std::string keyBytes(const std::string& z85);

}  // namespace citywall::wall
