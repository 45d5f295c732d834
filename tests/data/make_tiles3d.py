#!/usr/bin/env python3
"""Writes the test tileset tests/data/3dtiles/blocks/: a 3D Tiles 1.1
implicit quadtree of two levels over 400 m × 400 m, placed by a root
transform in ECEF at 121.5000 E, 31.2400 N (Lujiazui, Shanghai).

Level 0 is one GLB of three coarse blocks; level 1 has three GLBs of 4 × 4
buildings each (the fourth quadrant, north-east, is open ground: its tile
is absent, so the subtree's tile availability is a bitstream). Every
building carries a feature id (EXT_mesh_features, attribute _FEATURE_ID_0)
into a property table (EXT_structural_metadata) whose `building_id` is the
same at both levels: the coarse block of a quadrant is the building with the
quadrant's lowest id. Vertex colours (COLOR_0) tell buildings apart.

Written from the 3D Tiles 1.1 and glTF 2.0 specifications with the
standard library only. Run it from anywhere; it rewrites the folder.
"""
import json
import math
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "3dtiles", "blocks")
LON, LAT = 121.5000, 31.2400
SIZE = 400.0          # metres, east and north
ROOT_ERROR = 64.0     # level 1 has 32 (implicit tiling halves it)
HEIGHT_MAX = 160.0


def enu_to_ecef(lon_deg, lat_deg):
    """Column-major 4×4 (glTF/3D Tiles order) of the ENU frame at a point on the WGS84 ellipsoid."""
    a, f = 6378137.0, 1 / 298.257223563
    e2 = f * (2 - f)
    lon, lat = math.radians(lon_deg), math.radians(lat_deg)
    n = a / math.sqrt(1 - e2 * math.sin(lat) ** 2)
    x = n * math.cos(lat) * math.cos(lon)
    y = n * math.cos(lat) * math.sin(lon)
    z = n * (1 - e2) * math.sin(lat)
    east = (-math.sin(lon), math.cos(lon), 0.0)
    north = (-math.sin(lat) * math.cos(lon), -math.sin(lat) * math.sin(lon), math.cos(lat))
    up = (math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat))
    return [*east, 0.0, *north, 0.0, *up, 0.0, x, y, z, 1.0]


def building_height(i, j):
    """A made-up but varied skyline: taller towards the south-west corner."""
    return 20.0 + ((i * 37 + j * 53) % 7) * 12.0 + (7 - i - j) * 6.0


def colour(bid):
    palette = [(0.95, 0.55, 0.25), (0.35, 0.70, 0.95), (0.55, 0.85, 0.45), (0.90, 0.80, 0.35),
               (0.80, 0.45, 0.80), (0.45, 0.80, 0.80)]
    return palette[bid % len(palette)]


def box(x0, y0, x1, y1, h, fid, rgb, out):
    """A closed box as 5 faces (no floor), y up (glTF): east x, up y, south z."""
    pos, nrm, ids, col, idx = out
    # ENU (e, n, u) → glTF (e, u, −n)
    def p(e, n, u):
        return (e, u, -n)
    faces = [
        ((0, 0, 1), [(x0, y0, h), (x1, y0, h), (x1, y1, h), (x0, y1, h)]),   # roof
        ((0, -1, 0), [(x0, y0, 0), (x1, y0, 0), (x1, y0, h), (x0, y0, h)]),  # south
        ((1, 0, 0), [(x1, y0, 0), (x1, y1, 0), (x1, y1, h), (x1, y0, h)]),   # east
        ((0, 1, 0), [(x1, y1, 0), (x0, y1, 0), (x0, y1, h), (x1, y1, h)]),   # north
        ((-1, 0, 0), [(x0, y1, 0), (x0, y0, 0), (x0, y0, h), (x0, y1, h)]),  # west
    ]
    for n, quad in faces:
        base = len(pos)
        for q in quad:
            pos.append(p(*q))
            nrm.append(p(*n))
            ids.append(float(fid))
            col.append(tuple(int(round(c * 255)) for c in rgb) + (255,))
        idx += [base, base + 1, base + 2, base, base + 2, base + 3]


def glb(buildings, table_ids):
    """buildings: (x0, y0, x1, y1, h, feature) in metres around the tileset's origin."""
    geo = ([], [], [], [], [])
    for x0, y0, x1, y1, h, fid in buildings:
        box(x0, y0, x1, y1, h, fid, colour(table_ids[fid]), geo)
    pos, nrm, ids, col, idx = geo
    chunks = [
        b"".join(struct.pack("<3f", *v) for v in pos),
        b"".join(struct.pack("<3f", *v) for v in nrm),
        b"".join(struct.pack("<f", v) for v in ids),
        b"".join(struct.pack("<4B", *v) for v in col),
        b"".join(struct.pack("<I", v) for v in idx),
        b"".join(struct.pack("<I", v) for v in table_ids),  # property table: building_id
    ]
    views, blob = [], b""
    for c in chunks:
        views.append({"buffer": 0, "byteOffset": len(blob), "byteLength": len(c)})
        blob += c + b"\0" * (-len(c) % 4)
    mins = [min(v[k] for v in pos) for k in range(3)]
    maxs = [max(v[k] for v in pos) for k in range(3)]
    n = len(pos)
    gltf = {
        "asset": {"version": "2.0", "generator": "citywall tests/data/make_tiles3d.py"},
        "extensionsUsed": ["EXT_mesh_features", "EXT_structural_metadata"],
        "extensions": {"EXT_structural_metadata": {
            "schema": {"id": "blocks", "classes": {"building": {"properties": {
                "building_id": {"type": "SCALAR", "componentType": "UINT32"}}}}},
            "propertyTables": [{"class": "building", "count": len(table_ids),
                                "properties": {"building_id": {"values": 5}}}]}},
        "buffers": [{"byteLength": len(blob)}],
        "bufferViews": views,
        "accessors": [
            {"bufferView": 0, "componentType": 5126, "count": n, "type": "VEC3", "min": mins, "max": maxs},
            {"bufferView": 1, "componentType": 5126, "count": n, "type": "VEC3"},
            {"bufferView": 2, "componentType": 5126, "count": n, "type": "SCALAR"},
            {"bufferView": 3, "componentType": 5121, "normalized": True, "count": n, "type": "VEC4"},
            {"bufferView": 4, "componentType": 5125, "count": len(idx), "type": "SCALAR"},
        ],
        "materials": [{"pbrMetallicRoughness": {"baseColorFactor": [1, 1, 1, 1], "metallicFactor": 0}}],
        "meshes": [{"primitives": [{
            "attributes": {"POSITION": 0, "NORMAL": 1, "_FEATURE_ID_0": 2, "COLOR_0": 3},
            "indices": 4, "material": 0, "mode": 4,
            "extensions": {"EXT_mesh_features": {"featureIds": [
                {"featureCount": len(table_ids), "attribute": 0, "propertyTable": 0}]}}}]}],
        "nodes": [{"mesh": 0}],
        "scenes": [{"nodes": [0]}],
        "scene": 0,
    }
    js = json.dumps(gltf, separators=(",", ":")).encode()
    js += b" " * (-len(js) % 4)
    body = struct.pack("<I4s", len(js), b"JSON") + js + struct.pack("<I4s", len(blob), b"BIN\0") + blob
    return struct.pack("<4sII", b"glTF", 2, 12 + len(body)) + body


def quadrant_buildings(qx, qy):
    """The 4 × 4 buildings of quadrant (qx, qy): (x0, y0, x1, y1, h, building_id)."""
    half = SIZE / 2
    cell = half / 4
    out = []
    for i in range(4):
        for j in range(4):
            x0 = -half + qx * half + i * cell + 8
            y0 = -half + qy * half + j * cell + 8
            bid = 1000 + (qy * 2 + qx) * 16 + j * 4 + i
            out.append((x0, y0, x0 + cell - 16, y0 + cell - 16, building_height(qx * 4 + i, qy * 4 + j), bid))
    return out


QUADRANTS = [(0, 0), (1, 0), (0, 1)]  # (1, 1), the north-east, is open ground


def main():
    os.makedirs(os.path.join(OUT, "content"), exist_ok=True)
    os.makedirs(os.path.join(OUT, "subtrees"), exist_ok=True)
    # Level 1: the buildings.
    for qx, qy in QUADRANTS:
        bs = quadrant_buildings(qx, qy)
        ids = [b[5] for b in bs]
        with open(os.path.join(OUT, "content", f"1_{qx}_{qy}.glb"), "wb") as f:
            f.write(glb([(x0, y0, x1, y1, h, k) for k, (x0, y0, x1, y1, h, _) in enumerate(bs)], ids))
    # Level 0: one block per quadrant, as tall as its tallest building.
    blocks, ids = [], []
    for qx, qy in QUADRANTS:
        bs = quadrant_buildings(qx, qy)
        x0, y0 = min(b[0] for b in bs), min(b[1] for b in bs)
        x1, y1 = max(b[2] for b in bs), max(b[3] for b in bs)
        blocks.append((x0, y0, x1, y1, max(b[4] for b in bs), len(ids)))
        ids.append(min(b[5] for b in bs))
    with open(os.path.join(OUT, "content", "0_0_0.glb"), "wb") as f:
        f.write(glb(blocks, ids))
    # The subtree: 5 tile bits (root, then level 1 in Morton order: (0,0),
    # (1,0), (0,1), (1,1)); the last is absent. Content wherever a tile is.
    bits = bytes([0b01111]) + b"\0" * 7
    sub = {"buffers": [{"byteLength": len(bits)}],
           "bufferViews": [{"buffer": 0, "byteOffset": 0, "byteLength": 1}],
           "tileAvailability": {"bitstream": 0, "availableCount": 4},
           "contentAvailability": [{"bitstream": 0, "availableCount": 4}],
           "childSubtreeAvailability": {"constant": 0}}
    js = json.dumps(sub, separators=(",", ":")).encode()
    js += b" " * (-len(js) % 8)
    with open(os.path.join(OUT, "subtrees", "0.0.0.subtree"), "wb") as f:
        f.write(struct.pack("<4sIQQ", b"subt", 1, len(js), len(bits)) + js + bits)
    tileset = {
        "asset": {"version": "1.1", "extras": {"copyright": "citywall test data (generated)"}},
        "geometricError": 256.0,
        "root": {
            "transform": enu_to_ecef(LON, LAT),
            "boundingVolume": {"box": [0, 0, HEIGHT_MAX / 2, SIZE / 2, 0, 0, 0, SIZE / 2, 0, 0, 0, HEIGHT_MAX / 2]},
            "geometricError": ROOT_ERROR,
            "refine": "REPLACE",
            "content": {"uri": "content/{level}_{x}_{y}.glb"},
            "implicitTiling": {"subdivisionScheme": "QUADTREE", "subtreeLevels": 2, "availableLevels": 2,
                               "subtrees": {"uri": "subtrees/{level}.{x}.{y}.subtree"}},
        },
    }
    with open(os.path.join(OUT, "tileset.json"), "w") as f:
        json.dump(tileset, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
