#!/usr/bin/env python3
"""citywall under a Type=notify unit: READY=1 after the first frame, then
WATCHDOG=1 pings from the frame loop. Plays systemd's part: a datagram
socket in $NOTIFY_SOCKET, WATCHDOG_USEC of 0.3 s (a ping every 0.1 s).
READY=1 comes with the STATUS= line `systemctl status` shows: here a feed
that nothing answers, named with why it is down, and the counts. A wall
running longer sends the line again every 10 s: a drill played headless
for 11 s sends a second one, its events counted since.
  service_notify.py CITYWALL CITY.geojson DRILL.toml
"""
import os
import re
import socket
import subprocess
import sys
import tempfile

citywall, city, drill = sys.argv[1], sys.argv[2], sys.argv[3]


def received(s):
    """The datagrams citywall sent, in order."""
    s.setblocking(False)
    out = []
    try:
        while True:
            out.append(s.recv(4096).decode())
    except BlockingIOError:
        return out


with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "notify")
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(path)
    env = dict(os.environ, NOTIFY_SOCKET=path, WATCHDOG_USEC="300000")
    shots = os.path.join(tmp, "shots")
    run = subprocess.run([citywall, "--headless", "--city", city, "--size", "160x90", "--no-ui", "--out-dir", shots,
                          "--feed", "ws://127.0.0.1:1/feed", "--no-journal"],
                         env=env, capture_output=True, text=True, timeout=300)
    if run.returncode != 0:
        sys.exit(f"citywall failed ({run.returncode}): {run.stderr}")
    messages = received(s)
    if not messages or not messages[0].startswith("READY=1"):
        sys.exit(f"FAIL: the first message was not READY=1: {messages[:3]}")
    status = [line for line in messages[0].split("\n") if line.startswith("STATUS=")]
    expected = re.compile(r"STATUS=feeds 0/1 connected \(ws://127\.0\.0\.1:1/feed: (idle|connecting|waiting)[^)]*\), "
                          r"\d+ events applied, \d+ open cases of \d+ held, \d+ sensor alarms, \d+ MiB resident( \(heap \d+ MiB in use\))?$")
    if len(status) != 1 or not expected.match(status[0]):
        sys.exit(f"FAIL: READY=1 without the wall's status line: {messages[0]!r}")
    if any("READY=1" in m for m in messages[1:]):
        sys.exit("FAIL: READY=1 sent more than once")
    print(f"ok: READY=1 first ({status[0]}), then {len(messages) - 1} watchdog pings over {len(os.listdir(shots))} screenshots")

# Every 10 s the line again: a drill's frames for 11 s (five a second).
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "notify")
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(path)
    env = dict(os.environ, NOTIFY_SOCKET=path)
    env.pop("WATCHDOG_USEC", None)
    run = subprocess.run([citywall, "--headless", "--city", city, "--size", "160x90", "--no-ui", "--drill", drill,
                          "--run-for", "11", "--no-journal", "--screenshot", os.path.join(tmp, "drill.png")],
                         env=env, capture_output=True, text=True, timeout=300)
    if run.returncode != 0:
        sys.exit(f"citywall with a drill failed ({run.returncode}): {run.stderr}")
    lines = [line for m in received(s) for line in m.split("\n") if line.startswith("STATUS=")]
    events = [int(re.search(r"(\d+) events applied", line).group(1)) for line in lines if "events applied" in line]
    if len(lines) < 2 or len(events) != len(lines):
        sys.exit(f"FAIL: after 11 s of frames, not the READY status and a second one 10 s on: {lines}")
    if events[-1] <= events[0]:
        sys.exit(f"FAIL: the later status does not count the drill's events since: {lines}")
    print(f"ok: {len(lines)} status lines over 11 s of a drill ({lines[0]} ... {lines[-1]})")
