#!/usr/bin/env python3
"""Writes the test tileset tests/data/3dtiles/points/: one 3D Tiles 1.0
point cloud (pnts) of a made-up site survey in local metres (no place on
the Earth: a scene puts it at a lon/lat): a 120 m × 120 m square of ground
points in a checker of two greys, a round tower of 20 m radius and 80 m
whose points shade from blue at its foot to orange at its top, and a low
wall of green points. RGB colours, float positions around an RTC_CENTER,
and a batch table with a row per point (no batch ids), as a survey's
LAS export gives: Classification (ASPRS: 2 ground, 6 building, 64 the
wall, a user class) and Intensity.

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
            out.append(((x, y, 0.0), (grey, grey, grey), 2, 1000 + grey))
    for k in range(40):  # the tower: rings of points up to 80 m
        z = k * 2.0
        t = k / 39
        rgb = (int(40 + 215 * t), int(90 + 60 * t), int(230 - 190 * t))
        for a in range(64):
            ang = a * 2 * math.pi / 64
            out.append(((25 + 20 * math.cos(ang), 10 + 20 * math.sin(ang), z), rgb, 6, 3000 + k * 10))
    for i in range(100):  # a wall of 100 m along y = -40, 6 m high
        for k in range(4):
            out.append(((-50 + i, -40, k * 2.0), (60, 200, 90), 64, 500))
    return out


def pad(b, fill):
    while len(b) % 8:
        b += fill
    return b


def main():
    pts = points()
    positions = b"".join(struct.pack("<3f", *p[0]) for p in pts)
    colours = b"".join(struct.pack("<3B", *p[1]) for p in pts)
    classes = pad(b"".join(struct.pack("<B", p[2]) for p in pts), b"\0")
    intensity = pad(b"".join(struct.pack("<H", p[3]) for p in pts), b"\0")
    batch = {"Classification": {"byteOffset": 0, "componentType": "UNSIGNED_BYTE", "type": "SCALAR"},
             "Intensity": {"byteOffset": len(classes), "componentType": "UNSIGNED_SHORT", "type": "SCALAR"}}
    bt_json = pad(json.dumps(batch, separators=(",", ":")).encode(), b" ")
    bt_bin = classes + intensity
    table = {"POINTS_LENGTH": len(pts), "RTC_CENTER": list(CENTRE), "POSITION": {"byteOffset": 0},
             "RGB": {"byteOffset": len(positions)}}
    ft_json = pad(json.dumps(table, separators=(",", ":")).encode(), b" ")
    ft_bin = pad(positions + colours, b"\0")
    length = 28 + len(ft_json) + len(ft_bin) + len(bt_json) + len(bt_bin)
    header = b"pnts" + struct.pack("<6I", 1, length, len(ft_json), len(ft_bin), len(bt_json), len(bt_bin))
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "survey.pnts"), "wb") as f:
        f.write(header + ft_json + ft_bin + bt_json + bt_bin)
    tileset = {"asset": {"version": "1.0"}, "geometricError": 10,
               "root": {"boundingVolume": {"box": [0, 0, 40, 70, 0, 0, 0, 70, 0, 0, 0, 42]},
                        "geometricError": 0, "refine": "ADD", "content": {"uri": "survey.pnts"}}}
    with open(os.path.join(OUT, "tileset.json"), "w") as f:
        json.dump(tileset, f, indent=2)
        f.write("\n")
    print(f"wrote {OUT}: {len(pts)} points, {length} bytes")


if __name__ == "__main__":
    main()
