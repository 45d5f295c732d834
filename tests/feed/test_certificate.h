#pragma once
// A self-signed certificate for 127.0.0.1 (made once per test process with
// Debian's openssl), for the tests that run TLS servers: wss, https, mqtts.
// Both files are world-readable, so a broker that drops root (mosquitto
// started by a test running as root) still reads them.

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace citywall::test {

/// The folder holding cert.pem and key.pem: one a process (two test runs at
/// once must not write each other's key), removed when the process ends.
inline std::string makeCertificate() {
  namespace fs = std::filesystem;
  struct Folder {
    fs::path d = fs::temp_directory_path() / ("citywall-test-tls-" + std::to_string(::getpid()));
    Folder() {
      fs::create_directories(d);
      const std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 "
                              "-addext subjectAltName=IP:127.0.0.1 -keyout " + (d / "key.pem").string() +
                              " -out " + (d / "cert.pem").string() + " >/dev/null 2>&1";
      if (std::system(cmd.c_str()) != 0) throw std::runtime_error("openssl could not make a test certificate");
      for (const char* name : {"cert.pem", "key.pem"})
        fs::permissions(d / name, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                                      fs::perms::others_read);
      fs::permissions(d, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                             fs::perms::others_read | fs::perms::others_exec);
    }
    ~Folder() {
      std::error_code ignored;
      fs::remove_all(d, ignored);
    }
  };
  static const Folder folder;
  return folder.d.string();
}

}  // namespace citywall::test
