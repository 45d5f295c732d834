#pragma once
// The link with systemd for a unit of Type=notify (deploy/systemd): READY=1
// once the first frame is drawn, then WATCHDOG=1 from the frame loop at a
// third of WatchdogSec, so a wall whose frame loop hangs (a driver stuck, a
// deadlock) is killed and restarted instead of showing a frozen city. The
// protocol is one datagram to $NOTIFY_SOCKET (sd_notify(3)); written here
// in a few lines rather than linking libsystemd. Without $NOTIFY_SOCKET
// (not under systemd, tests, headless runs) every call does nothing.

#include <functional>
#include <string>

namespace citywall::app {

/// After each frame the loop finished: the first says READY=1, later ones
/// ping the watchdog when it is due. Never blocks. `status`, when given, is
/// asked for the STATUS= line (`systemctl status` shows it) with READY=1
/// and then every 10 s; not at all when systemd does not listen.
void serviceFrameDone(const std::function<std::string()>& status = {});

}  // namespace citywall::app
