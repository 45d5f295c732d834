#!/usr/bin/env python3
"""Writes tests/data/alpha_panels.gltf: three upright panels, 10 m wide and
10 m tall, side by side along x, each textured with one embedded PNG (a
64 × 64 RGBA pattern of stripes, a disc cut out of its middle, alpha 0
inside), in the three glTF alpha modes: OPAQUE (the cut-out shows as the
texture's colour), MASK with cutoff 0.5 (the disc is a hole), and BLEND
(alpha 0.5 outside the disc, 0 inside: half see-through). Written from the
glTF 2.0 specification with the standard library only.
"""
import base64
import json
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def png(width, height, pixel):
    rows = b"".join(b"\0" + b"".join(bytes(pixel(x, y)) for x in range(width)) for y in range(height))
    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def pattern(alpha_outside):
    def pixel(x, y):
        inside = (x - 31.5) ** 2 + (y - 31.5) ** 2 < 18 ** 2
        stripe = (x // 8) % 2
        rgb = (240, 140, 40) if stripe else (40, 160, 240)
        return (*rgb, 0 if inside else alpha_outside)
    return png(64, 64, pixel)


def main():
    pos, nrm, uv, idx = [], [], [], []
    for p in range(3):  # panel p spans x in [12p, 12p + 10], y (up) in [0, 10], facing +z (south)
        base = len(pos)
        x0 = 12.0 * p
        for (x, y, u, v) in [(x0, 0, 0, 1), (x0 + 10, 0, 1, 1), (x0 + 10, 10, 1, 0), (x0, 10, 0, 0)]:
            pos.append((x, y, 0.0))
            nrm.append((0.0, 0.0, 1.0))
            uv.append((u, v))
        idx += [base, base + 1, base + 2, base, base + 2, base + 3]
    blobs = [b"".join(struct.pack("<3f", *v) for v in pos), b"".join(struct.pack("<3f", *v) for v in nrm),
             b"".join(struct.pack("<2f", *v) for v in uv), b"".join(struct.pack("<H", i) for i in idx)]
    views, blob = [], b""
    for b in blobs:
        views.append({"buffer": 0, "byteOffset": len(blob), "byteLength": len(b)})
        blob += b + b"\0" * (-len(b) % 4)
    accessors = [
        {"bufferView": 0, "componentType": 5126, "count": 12, "type": "VEC3", "min": [0, 0, 0], "max": [34, 10, 0]},
        {"bufferView": 1, "componentType": 5126, "count": 12, "type": "VEC3"},
        {"bufferView": 2, "componentType": 5126, "count": 12, "type": "VEC2"},
    ]
    primitives = []
    for p in range(3):
        accessors.append({"bufferView": 3, "byteOffset": p * 12, "componentType": 5123, "count": 6, "type": "SCALAR"})
        primitives.append({"attributes": {"POSITION": 0, "NORMAL": 1, "TEXCOORD_0": 2}, "indices": 3 + p, "material": p})
    materials = [
        {"name": "opaque", "pbrMetallicRoughness": {"baseColorTexture": {"index": 0}, "metallicFactor": 0}, "doubleSided": True},
        {"name": "mask", "pbrMetallicRoughness": {"baseColorTexture": {"index": 0}, "metallicFactor": 0},
         "alphaMode": "MASK", "alphaCutoff": 0.5, "doubleSided": True},
        {"name": "blend", "pbrMetallicRoughness": {"baseColorTexture": {"index": 1}, "metallicFactor": 0},
         "alphaMode": "BLEND", "doubleSided": True},
    ]
    images = [{"uri": "data:image/png;base64," + base64.b64encode(pattern(a)).decode()} for a in (255, 128)]
    gltf = {
        "asset": {"version": "2.0", "generator": "citywall tests/data/make_alpha_panels.py"},
        "buffers": [{"byteLength": len(blob), "uri": "data:application/octet-stream;base64," + base64.b64encode(blob).decode()}],
        "bufferViews": views, "accessors": accessors,
        "images": images, "samplers": [{}], "textures": [{"source": 0, "sampler": 0}, {"source": 1, "sampler": 0}],
        "materials": materials, "meshes": [{"primitives": primitives}],
        "nodes": [{"mesh": 0}], "scenes": [{"nodes": [0]}], "scene": 0,
    }
    with open(os.path.join(HERE, "alpha_panels.gltf"), "w") as f:
        json.dump(gltf, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
