#!/usr/bin/env python3
"""Writes the test tileset tests/data/3dtiles/points/: one 3D Tiles 1.0
point cloud (pnts) of a made-up site survey in local metres (no place on
the Earth: a scene puts it at a lon/lat): a 120 m × 120 m square of ground
points in a checker of two greys, a round tower of 20 m radius and 80 m
whose points shade from blue at its foot to orange at its top, and a low
wall of green points. RGB colours, float positions around an RTC_CENTER.

Written from the 3D Tiles 1.0 specification (Point Cloud) with the
standard library only. Run it from anywhere; it rewrites the folder.
"""
import json
import math
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "3dtiles", "points")
CENTRE = (0.0, 0.0, 0.0)


def points():
    out = []
    for i in range(60):  # ground: a checker of 2 m cells
        for j in range(60):
            x, y = -60 + i * 2 + 1, -60 + j * 2 + 1
            grey = 120 if (i // 5 + j // 5) % 2 else 170
            out.append(((x, y, 0.0), (grey, grey, grey)))
    for k in range(40):  # the tower: rings of points up to 80 m
        z = k * 2.0
        t = k / 39
        rgb = (int(40 + 215 * t), int(90 + 60 * t), int(230 - 190 * t))
        for a in range(64):
            ang = a * 2 * math.pi / 64
            out.append(((25 + 20 * math.cos(ang), 10 + 20 * math.sin(ang), z), rgb))
    for i in range(100):  # a wall of 100 m along y = -40, 6 m high
        for k in range(4):
            out.append(((-50 + i, -40, k * 2.0), (60, 200, 90)))
    return out


def pad(b, fill):
    while len(b) % 8:
        b += fill
    return b


def main():
    pts = points()
    positions = b"".join(struct.pack("<3f", *p) for p, _ in pts)
    colours = b"".join(struct.pack("<3B", *c) for _, c in pts)
    table = {"POINTS_LENGTH": len(pts), "RTC_CENTER": list(CENTRE), "POSITION": {"byteOffset": 0},
             "RGB": {"byteOffset": len(positions)}}
    ft_json = pad(json.dumps(table, separators=(",", ":")).encode(), b" ")
    ft_bin = pad(positions + colours, b"\0")
    length = 28 + len(ft_json) + len(ft_bin)
    header = b"pnts" + struct.pack("<6I", 1, length, len(ft_json), len(ft_bin), 0, 0)
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "survey.pnts"), "wb") as f:
        f.write(header + ft_json + ft_bin)
    tileset = {"asset": {"version": "1.0"}, "geometricError": 10,
               "root": {"boundingVolume": {"box": [0, 0, 40, 70, 0, 0, 0, 70, 0, 0, 0, 42]},
                        "geometricError": 0, "refine": "ADD", "content": {"uri": "survey.pnts"}}}
    with open(os.path.join(OUT, "tileset.json"), "w") as f:
        json.dump(tileset, f, indent=2)
        f.write("\n")
    print(f"wrote {OUT}: {len(pts)} points, {length} bytes")


if __name__ == "__main__":
    main()
