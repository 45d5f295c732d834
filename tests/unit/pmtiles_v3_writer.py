#!/usr/bin/env python3
"""Writes a PMTiles version 3 archive of an MBTiles file's tiles, laid out
as the PMTiles v3 specification describes it, written here from that text
alone so the C++ reader is checked against a second implementation:

  header (127 bytes) | root directory | JSON metadata | leaf directories | tile data

Directories are varint columns (entry count, tile-id deltas, run lengths,
lengths, offsets stored plus one or 0 for "right after the previous");
tile ids are the tiles of every lower zoom plus the Hilbert index.

usage: pmtiles_v3_writer.py IN.mbtiles OUT.pmtiles [--internal none|gzip]
       [--root-entries N] [--run-after Z/X/Y]

--root-entries N  puts at most N entries in the root; the rest go to leaf
                  directories of N entries each.
--run-after Z/X/Y stores that tile once for it and the tile after it on the
                  Hilbert curve (a run of length 2), as archives store
                  repeated ocean tiles.
"""
import gzip
import json
import sqlite3
import sys


def tile_id(z, x, y):
    before = (4 ** z - 1) // 3
    n = 1 << z
    d = 0
    s = n // 2
    while s > 0:
        rx = 1 if x & s else 0
        ry = 1 if y & s else 0
        d += s * s * ((3 * rx) ^ ry)
        if ry == 0:
            if rx == 1:
                x, y = n - 1 - x, n - 1 - y
            x, y = y, x
        s //= 2
    return before + d


def varint(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def directory(entries):
    """entries: (tile_id, offset, length, run_length), sorted by tile id."""
    out = bytearray(varint(len(entries)))
    last = 0
    for e in entries:
        out += varint(e[0] - last)
        last = e[0]
    for e in entries:
        out += varint(e[3])
    for e in entries:
        out += varint(e[2])
    for i, e in enumerate(entries):
        if i > 0 and e[1] == entries[i - 1][1] + entries[i - 1][2]:
            out += varint(0)
        else:
            out += varint(e[1] + 1)
    return bytes(out)


def main(argv):
    src, dst = argv[1], argv[2]
    internal = "gzip"
    root_entries = 1 << 30
    run_after = None
    i = 3
    while i < len(argv):
        if argv[i] == "--internal":
            internal = argv[i + 1]
        elif argv[i] == "--root-entries":
            root_entries = int(argv[i + 1])
        elif argv[i] == "--run-after":
            run_after = tuple(int(v) for v in argv[i + 1].split("/"))
        i += 2
    pack = (lambda b: gzip.compress(b, mtime=0)) if internal == "gzip" else (lambda b: b)

    db = sqlite3.connect(src)
    meta = dict(db.execute("SELECT name, value FROM metadata"))
    tiles = []
    for z, col, row, data in db.execute("SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles"):
        y = (1 << z) - 1 - row  # MBTiles rows count from the south (TMS)
        tiles.append((tile_id(z, col, y), z, col, y, bytes(data)))
    tiles.sort()

    data = bytearray()
    entries = []
    for tid, z, x, y, blob in tiles:
        run = 2 if run_after == (z, x, y) else 1
        entries.append((tid, len(data), len(blob), run))
        data += blob

    leaves = bytearray()
    if len(entries) > root_entries:
        root = []
        for start in range(0, len(entries), root_entries):
            chunk = entries[start:start + root_entries]
            leaf = pack(directory(chunk))
            root.append((chunk[0][0], len(leaves), len(leaf), 0))
            leaves += leaf
        root_bytes = pack(directory(root))
    else:
        root_bytes = pack(directory(entries))

    metadata = {"name": meta.get("name", ""), "attribution": "© OpenStreetMap contributors"}
    if "json" in meta:
        metadata.update(json.loads(meta["json"]))
    metadata_bytes = pack(json.dumps(metadata).encode())

    root_offset = 127
    metadata_offset = root_offset + len(root_bytes)
    leaves_offset = metadata_offset + len(metadata_bytes)
    data_offset = leaves_offset + len(leaves)
    zooms = [t[1] for t in tiles]
    bounds = [float(v) for v in meta.get("bounds", "-180,-85,180,85").split(",")]
    header = bytearray(b"PMTiles" + bytes([3]))
    for v in (root_offset, len(root_bytes), metadata_offset, len(metadata_bytes), leaves_offset, len(leaves),
              data_offset, len(data), len(tiles), len(entries), len(tiles)):
        header += v.to_bytes(8, "little")
    compression = 2 if internal == "gzip" else 1
    header += bytes([0, compression, 2, 1, min(zooms), max(zooms)])  # not clustered; gzip tiles; MVT
    for v in bounds:
        header += int(round(v * 1e7)).to_bytes(4, "little", signed=True)
    header += bytes([max(zooms)])
    header += int(round((bounds[0] + bounds[2]) / 2 * 1e7)).to_bytes(4, "little", signed=True)
    header += int(round((bounds[1] + bounds[3]) / 2 * 1e7)).to_bytes(4, "little", signed=True)
    assert len(header) == 127, len(header)
    with open(dst, "wb") as f:
        f.write(header + root_bytes + metadata_bytes + leaves + data)


if __name__ == "__main__":
    main(sys.argv)
