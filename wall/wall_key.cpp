#include "wall/wall_key.h"

#include <sys/stat.h>
#include <zmq.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "wall/packets.h"

namespace citywall::wall {

bool curveAvailable() { return zmq_has("curve") != 0; }

WallKey makeWallKey() {
  if (!curveAvailable()) throw WallError("this libzmq cannot encrypt (built without CURVE)");
  char pub[41] = {}, sec[41] = {};
  if (zmq_curve_keypair(pub, sec) != 0) throw WallError(std::string("cannot make a key pair: ") + zmq_strerror(zmq_errno()));
  return {pub, sec};
}

void saveWallKey(const WallKey& key, const std::string& path) {
  // Created with the owner's permissions only, before a byte of the secret is in it.
  const mode_t before = umask(077);
  std::ofstream out(path, std::ios::trunc);
  umask(before);
  if (!out) throw WallError("cannot write the wall key " + path);
  out << "# citywall wall key: copy it to every machine of the wall ([wall] key_file); keep it secret\n"
      << "public = \"" << key.publicKey << "\"\n"
      << "secret = \"" << key.secretKey << "\"\n";
  out.close();
  chmod(path.c_str(), 0600);  // an existing file keeps its mode through trunc
  if (!out) throw WallError("cannot write the wall key " + path);
}

std::string keyBytes(const std::string& z85) {
  if (z85.size() != 40) return {};
  uint8_t bytes[32];
  if (!zmq_z85_decode(bytes, z85.c_str())) return {};
  return std::string(reinterpret_cast<const char*>(bytes), 32);
}

std::optional<WallKey> loadWallKey(const std::string& path, std::string& error) {
  std::ifstream in(path);
  if (!in) return error = "cannot read the wall key " + path, std::nullopt;
  WallKey key;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const auto start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line[start] == '#') continue;
    const auto eq = line.find('=');
    const auto trim = [](std::string s) {
      const auto a = s.find_first_not_of(" \t\""), b = s.find_last_not_of(" \t\"\r");
      return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
    };
    const std::string name = eq == std::string::npos ? "" : trim(line.substr(0, eq));
    const std::string value = eq == std::string::npos ? "" : trim(line.substr(eq + 1));
    if (name == "public") key.publicKey = value;
    else if (name == "secret") key.secretKey = value;
    else return error = path + ":" + std::to_string(number) + ": not a line of a wall key", std::nullopt;
  }
  if (keyBytes(key.publicKey).empty() || keyBytes(key.secretKey).empty())
    return error = path + ": needs public and secret keys of 40 characters of Z85 (citywall --wall-keygen FILE writes one)",
           std::nullopt;
  // The secret must belong to the public key, or nodes and conductor could never meet.
  char derived[41] = {};
  if (zmq_curve_public(derived, key.secretKey.c_str()) != 0 || key.publicKey != derived)
    return error = path + ": the public key is not the secret key's", std::nullopt;
  struct stat st {};
  if (stat(path.c_str(), &st) == 0 && (st.st_mode & 077))
    std::fprintf(stderr, "citywall: warning: the wall key %s can be read by others (chmod 600 it)\n", path.c_str());
  return key;
}

}  // namespace citywall::wall
