#!/usr/bin/env python3
"""Writes tests/data/skinned_bar.gltf: a skinned glTF whose rest pose is not
its bind pose. A bar 0.2 wide and 2 tall stands on the origin (y up); two
joints, "root" at the origin and "elbow" at y = 1, were bound with the bar
straight (the inverse bind matrices), but in the file's node hierarchy the
elbow is turned 90° about z. Drawn in its rest pose, the upper half leans
to −x: the top's middle (0, 2, 0) lands on (−1, 1, 0). The skinned mesh's
node carries a translation that glTF says must be ignored. Standard
library only, from the glTF 2.0 specification.
"""
import base64
import json
import math
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    pos, joints, weights = [], [], []
    for y in (0.0, 1.0, 2.0):
        for x in (-0.1, 0.1):
            pos.append((x, y, 0.0))
            upper = y > 1.5
            joints.append((1 if upper else 0, 0, 0, 0))
            weights.append((1.0, 0.0, 0.0, 0.0))
    idx = [0, 1, 3, 0, 3, 2, 2, 3, 5, 2, 5, 4]
    # Inverse bind matrices (column-major): root at the origin, elbow at y = 1.
    ibm = [[1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1],
           [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, -1, 0, 1]]
    blobs = [b"".join(struct.pack("<3f", *p) for p in pos), b"".join(struct.pack("<4B", *j) for j in joints),
             b"".join(struct.pack("<4f", *w) for w in weights), b"".join(struct.pack("<H", i) for i in idx),
             b"".join(struct.pack("<16f", *m) for m in ibm)]
    views, blob = [], b""
    for b in blobs:
        views.append({"buffer": 0, "byteOffset": len(blob), "byteLength": len(b)})
        blob += b + b"\0" * (-len(b) % 4)
    s = math.sin(math.pi / 4)
    gltf = {
        "asset": {"version": "2.0", "generator": "citywall tests/data/make_skinned_bar.py"},
        "buffers": [{"byteLength": len(blob), "uri": "data:application/octet-stream;base64," + base64.b64encode(blob).decode()}],
        "bufferViews": views,
        "accessors": [
            {"bufferView": 0, "componentType": 5126, "count": 6, "type": "VEC3", "min": [-0.1, 0, 0], "max": [0.1, 2, 0]},
            {"bufferView": 1, "componentType": 5121, "count": 6, "type": "VEC4"},
            {"bufferView": 2, "componentType": 5126, "count": 6, "type": "VEC4"},
            {"bufferView": 3, "componentType": 5123, "count": 12, "type": "SCALAR"},
            {"bufferView": 4, "componentType": 5126, "count": 2, "type": "MAT4"},
        ],
        "meshes": [{"primitives": [{"attributes": {"POSITION": 0, "JOINTS_0": 1, "WEIGHTS_0": 2}, "indices": 3}]}],
        "skins": [{"joints": [1, 2], "inverseBindMatrices": 4}],
        "nodes": [
            {"name": "bar", "mesh": 0, "skin": 0, "translation": [50, 0, 0]},
            {"name": "root", "children": [2]},
            {"name": "elbow", "translation": [0, 1, 0], "rotation": [0, 0, s, s]},
        ],
        "scenes": [{"nodes": [0, 1]}],
        "scene": 0,
    }
    with open(os.path.join(HERE, "skinned_bar.gltf"), "w") as f:
        json.dump(gltf, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
