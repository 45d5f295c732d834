#!/usr/bin/env python3
"""An independent reading of an MBTiles vector tile, for the C++ decoder's
test: Python's sqlite3 and gzip, and a protobuf reader written here from the
MVT 2.1 specification (no code shared with citywall).

usage: mvt_reference.py FILE.mbtiles Z X Y   (XYZ; MBTiles rows are TMS)
prints: one line per layer "layer NAME FEATURES EXTENT", then for the first
feature of each layer with a name "first NAME TYPE X0 Y0 PROPERTY=VALUE"
(X0 Y0: its first vertex in tile coordinates)."""
import gzip, sqlite3, sys

def varint(b, i):
    v = s = 0
    while True:
        c = b[i]; i += 1
        v |= (c & 0x7f) << s; s += 7
        if c < 0x80: return v, i

def fields(b):
    i = 0
    while i < len(b):
        key, i = varint(b, i)
        num, wt = key >> 3, key & 7
        if wt == 0: v, i = varint(b, i)
        elif wt == 2:
            n, i = varint(b, i); v = b[i:i + n]; i += n
        elif wt == 5: v = b[i:i + 4]; i += 4
        elif wt == 1: v = b[i:i + 8]; i += 8
        else: raise ValueError("wire type %d" % wt)
        yield num, v

def packed(b):
    out, i = [], 0
    while i < len(b):
        v, i = varint(b, i); out.append(v)
    return out

def zz(v): return (v >> 1) ^ -(v & 1)

def value(b):
    for num, v in fields(b):
        if num == 1: return v.decode()
        return str(v)
    return ""

path, z, x, y = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
row = (1 << z) - 1 - y
data = sqlite3.connect(path).execute("SELECT tile_data FROM tiles WHERE zoom_level=? AND tile_column=? AND tile_row=?", (z, x, row)).fetchone()[0]
if data[:2] == b"\x1f\x8b": data = gzip.decompress(data)
for num, layer in fields(data):
    if num != 3: continue
    name, feats, keys, vals, extent = "", [], [], [], 4096
    for n, v in fields(layer):
        if n == 1: name = v.decode()
        elif n == 2: feats.append(v)
        elif n == 3: keys.append(v.decode())
        elif n == 4: vals.append(value(v))
        elif n == 5: extent = v
    print("layer", name, len(feats), extent)
    for f in feats:
        tags, geom, typ = [], [], 0
        for n, v in fields(f):
            if n == 2: tags = packed(v)
            elif n == 3: typ = v
            elif n == 4: geom = packed(v)
        props = {keys[tags[i]]: vals[tags[i + 1]] for i in range(0, len(tags), 2)}
        if "name" not in props or len(geom) < 3: continue
        print("first", name, typ, zz(geom[1]), zz(geom[2]), "name=" + props["name"])
        break
