#!/usr/bin/env python3
"""A point cloud tileset for bench/tiles_bench: N points (a square grid)
over 500 m × 500 m of rolling ground at 121.5 E, 31.24 N, coloured by
height, in one pnts; written into the folder `big/` of the current
directory. Not a test: BENCHMARKS.md has what it measured.

    python3 bench/make_point_cloud.py 1000000
    build/bench/tiles_bench --tileset big/tileset.json --size 1920x1080 --msaa 1 --frames 8 \\
        --web-camera 121.5,31.24,16,50,20
"""
import json, math, os, struct, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests', 'data'))
from make_tiles3d import enu_to_ecef
n = int(sys.argv[1]); side = int(math.sqrt(n))
pos = bytearray(); col = bytearray()
for i in range(side):
    for j in range(side):
        x = -250 + 500 * i / side; y = -250 + 500 * j / side
        z = 20 * math.sin(x / 40) * math.cos(y / 55) + 20
        pos += struct.pack('<3f', x, y, z)
        t = z / 40
        col += struct.pack('<3B', int(60 + 180 * t), int(120 + 80 * (1 - t)), int(200 - 150 * t))
count = side * side
os.makedirs('big', exist_ok=True)
def pad(b, c):
    while len(b) % 8: b += c
    return b
ft = pad(json.dumps({"POINTS_LENGTH": count, "POSITION": {"byteOffset": 0}, "RGB": {"byteOffset": len(pos)}}).encode(), b' ')
fb = pad(bytes(pos + col), b'\0')
open('big/cloud.pnts', 'wb').write(b'pnts' + struct.pack('<6I', 1, 28 + len(ft) + len(fb), len(ft), len(fb), 0, 0) + ft + fb)
m = enu_to_ecef(121.5, 31.24)
ts = {"asset": {"version": "1.0"}, "geometricError": 10, "root": {"transform": m, "boundingVolume": {"box": [0, 0, 20, 260, 0, 0, 0, 260, 0, 0, 0, 25]}, "geometricError": 0, "refine": "ADD", "content": {"uri": "cloud.pnts"}}}
json.dump(ts, open('big/tileset.json', 'w'))
print(count)
