#include "app/service_notify.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

namespace citywall::app {
namespace {

using Clock = std::chrono::steady_clock;

struct Notifier {
  sockaddr_un address{};
  socklen_t length = 0;
  int fd = -1;
  Clock::duration watchdogEvery{};  // zero: no watchdog asked for
  Clock::time_point lastPing{}, lastStatus{};
  bool ready = false;

  Notifier() {
    const char* path = std::getenv("NOTIFY_SOCKET");
    if (!path || !*path || std::strlen(path) >= sizeof(address.sun_path)) return;
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, path, sizeof(address.sun_path) - 1);
    if (address.sun_path[0] == '@') address.sun_path[0] = '\0';  // an abstract socket
    length = socklen_t(offsetof(sockaddr_un, sun_path) + std::strlen(path));
    fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (const char* usec = std::getenv("WATCHDOG_USEC")) {
      const long long us = std::atoll(usec);
      // The ping goes out at a third of the limit: two may be late before systemd acts.
      if (us > 0) watchdogEvery = std::chrono::microseconds(us / 3);
    }
  }
  ~Notifier() {
    if (fd >= 0) close(fd);
  }
  void send(std::string_view message) const {
    if (fd < 0) return;
    sendto(fd, message.data(), message.size(), MSG_DONTWAIT | MSG_NOSIGNAL, reinterpret_cast<const sockaddr*>(&address),
           length);
  }
};

Notifier& notifier() {
  static Notifier n;
  return n;
}

}  // namespace

void serviceFrameDone(const std::function<std::string()>& status) {
  constexpr auto kStatusEvery = std::chrono::seconds(10);
  Notifier& n = notifier();
  if (n.fd < 0) return;
  const auto now = Clock::now();
  if (!n.ready) {
    n.ready = true;
    n.lastPing = n.lastStatus = now;
    n.send("READY=1\nSTATUS=" + (status ? status() : std::string("drawing the city")) + "\nWATCHDOG=1");
    return;
  }
  if (n.watchdogEvery.count() > 0 && now - n.lastPing >= n.watchdogEvery) {
    n.lastPing = now;
    n.send("WATCHDOG=1");
  }
  if (status && now - n.lastStatus >= kStatusEvery) {
    n.lastStatus = now;
    n.send("STATUS=" + status());
  }
}

}  // namespace citywall::app
