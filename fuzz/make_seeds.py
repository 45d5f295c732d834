#!/usr/bin/env python3
"""Writes the hand-made seeds of fuzz_tiles3d and fuzz_geojson: the 3D Tiles
1.0 formats no test file has (i3dm, pnts — one with a row of properties
per point —, a cmpt of them), small enough
for fast runs, and GeoJSON footprints that reach every branch of the
loader (holes, MultiPolygons, bow-ties, levels, min_height, a GCJ-02
source's fields, features that are skipped). Written from the 3D Tiles
and RFC 7946 specifications with the standard library only:
    python3 fuzz/make_seeds.py
(The compressed seeds come from the unit tests, which encode them with
libdraco and libmeshoptimizer: draco_box.glb from
GltfDraco.AGlbAsTileContentReadsTheSame, meshopt_box.glb from
GltfMeshopt.AGltfpackStyleGlbReadsAsItsTrianglesAndNormals and
draco_points.pnts from Tiles3dContent.PointCloudsAreReadAsPoints,
draco_rows.pnts from Tiles3dFeatures.PointPropertiesKeptInDracoAreDecoded;
gpu_instances.gltf, EXT_mesh_gpu_instancing, from
ModelLoader.GpuInstancesAreCopiedWithTheirTransformsAndFeatures.)
"""
import json
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def pad(b, n=8, fill=b" "):
    return b + fill * (-len(b) % n)


def table(json_obj, binary=b""):
    j = pad(json.dumps(json_obj, separators=(",", ":")).encode())
    return j, pad(binary, 8, b"\0")


def header(magic, body_parts, extra=()):
    # magic, version 1, byteLength, then the four table lengths (+ extra words)
    lengths = [len(p) for p in body_parts]
    size = 12 + 4 * len(lengths) + 4 * len(extra) + sum(lengths)
    return magic + struct.pack("<II", 1, size) + struct.pack("<" + "I" * len(lengths), *lengths) + \
        struct.pack("<" + "I" * len(extra), *extra) + b"".join(body_parts)


def pnts():
    positions = struct.pack("<12f", 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 2)
    colours = bytes([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255])
    ft_json, ft_bin = table({"POINTS_LENGTH": 4, "POSITION": {"byteOffset": 0}, "RGB": {"byteOffset": 48},
                             "RTC_CENTER": [-2850000.0, 4650000.0, 3290000.0]}, positions + colours)
    bt_json, bt_bin = table({})
    return header(b"pnts", [ft_json, ft_bin, bt_json, bt_bin])


def pnts_rows():
    # No batch ids: the batch table has a row per point (read on a pick),
    # binary (Classification, Intensity) and JSON (a name per point).
    positions = struct.pack("<9f", 0, 0, 0, 1, 0, 0, 0, 1, 0)
    ft_json, ft_bin = table({"POINTS_LENGTH": 3, "POSITION": {"byteOffset": 0}}, positions)
    rows = pad(bytes([2, 6, 64]), 8, b"\0") + struct.pack("<3H", 100, 2000, 65535)
    bt_json, bt_bin = table({"Classification": {"byteOffset": 0, "componentType": "UNSIGNED_BYTE", "type": "SCALAR"},
                             "Intensity": {"byteOffset": 8, "componentType": "UNSIGNED_SHORT", "type": "SCALAR"},
                             "part": ["ground", "pole", "tree"]}, rows)
    return header(b"pnts", [ft_json, ft_bin, bt_json, bt_bin])


def i3dm(glb):
    positions = struct.pack("<9f", 0, 0, 0, 10, 0, 0, 0, 10, 0)
    ft_json, ft_bin = table({"INSTANCES_LENGTH": 3, "POSITION": {"byteOffset": 0},
                             "EAST_NORTH_UP": True}, positions)
    bt_json, bt_bin = table({"kind": ["tree", "lamp", "bench"]})
    body = [ft_json, ft_bin, bt_json, bt_bin, pad(glb, 8, b"\0")]
    lengths = [len(p) for p in body[:4]]
    size = 32 + sum(len(p) for p in body)
    return b"i3dm" + struct.pack("<II", 1, size) + struct.pack("<4I", *lengths) + struct.pack("<I", 1) + b"".join(body)


def cmpt(tiles):
    inner = b"".join(pad(t, 8, b"\0") for t in tiles)
    return b"cmpt" + struct.pack("<III", 1, 16 + len(inner), len(tiles)) + inner


def geojson_seeds():
    square = [[121.490, 31.240], [121.491, 31.240], [121.491, 31.241], [121.490, 31.241], [121.490, 31.240]]
    hole = [[121.4903, 31.2403], [121.4903, 31.2407], [121.4907, 31.2407], [121.4907, 31.2403], [121.4903, 31.2403]]
    bowtie = [[121.492, 31.240], [121.493, 31.241], [121.493, 31.240], [121.492, 31.241], [121.492, 31.240]]
    features = [
        {"type": "Feature", "properties": {"osm_id": 1, "name": "外滩 1 号", "height": 45},
         "geometry": {"type": "Polygon", "coordinates": [square, hole]}},
        {"type": "Feature", "properties": {"id": "w2", "building:levels": "12", "min_height": 6},
         "geometry": {"type": "MultiPolygon", "coordinates": [[bowtie], [square]]}},
        {"type": "Feature", "properties": {"levels": 3}, "geometry": {"type": "Point", "coordinates": [121.49, 31.24]}},
        {"type": "Feature", "properties": {}, "geometry": None},
        {"type": "Feature", "properties": {"height": "tall"},
         "geometry": {"type": "Polygon", "coordinates": [[[121.49, 31.24], [121.49, 31.24], [121.49, 31.24]]]}},
    ]
    yield "mixed.geojson", {"type": "FeatureCollection", "attribution": "© OpenStreetMap contributors",
                            "features": features}
    yield "feature.geojson", features[0]


def main():
    tiles = os.path.join(HERE, "seeds", "tiles3d")
    with open(os.path.join(tiles, "content_5__0_21.glb"), "rb") as f:
        glb = f.read()
    with open(os.path.join(tiles, "points.pnts"), "wb") as f:
        f.write(pnts())
    with open(os.path.join(tiles, "point_rows.pnts"), "wb") as f:
        f.write(pnts_rows())
    with open(os.path.join(tiles, "instances.i3dm"), "wb") as f:
        f.write(i3dm(glb))
    with open(os.path.join(tiles, "composite.cmpt"), "wb") as f:
        f.write(cmpt([pnts(), i3dm(glb)]))
    for name, doc in geojson_seeds():
        with open(os.path.join(HERE, "seeds", "geojson", name), "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
