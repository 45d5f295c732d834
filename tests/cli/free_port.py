#!/usr/bin/env python3
"""Prints a loopback TCP port that is free now and outside the kernel's
ephemeral range.

A test that must name its port before anything listens on it (a wall's
conductor address goes into the nodes' config) cannot take port 0. A random
port inside the ephemeral range can be taken meanwhile by any outgoing
connection on the machine, or by a node's own reconnecting socket (a TCP
connect to a closed local port can pick that very port as its source and
connect to itself). Below the range only explicit listeners take ports.
The ports it picks stay 6,000 or more below the range, clear of the fixed
ports the unit tests listen on (275xx)."""
import random
import socket


def ephemeral_low():
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def main():
    high = max(8024, ephemeral_low() - 6000)
    low = high - 6000
    for port in random.sample(range(low, high), min(200, high - low)):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        print(port)
        return 0
    raise SystemExit(f"no free loopback port in {low}..{high - 1}")


if __name__ == "__main__":
    raise SystemExit(main())
