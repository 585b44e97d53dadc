#!/usr/bin/env python3
"""Sums a dhat heap profile (examples/heap.rs) by where in dossier's own
code each allocation was made: the innermost frames in `src/`, so a
`Vec` grown by the standard library counts where dossier grew it.

usage: benches/heap_sites.py dhat-heap.json [end|peak|total] [DEPTH=2] [ROWS=40]

`end` sums what is live when the program ends (what `serve` holds, for
examples/heap.rs without `title`), `peak` what is live at the largest
heap, `total` everything allocated. DEPTH is how many of dossier's
frames name a site.
"""
import collections
import json
import os
import re
import sys

KEYS = {"end": "eb", "peak": "gb", "total": "tb"}


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    profile = json.load(open(sys.argv[1]))
    key = KEYS[sys.argv[2] if len(sys.argv) > 2 else "end"]
    depth = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    rows = int(sys.argv[4]) if len(sys.argv) > 4 else 40
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    ours = set()
    for folder, _, files in os.walk(os.path.join(here, "src")):
        for name in files:
            if name.endswith(".rs"):
                ours.add(os.path.relpath(os.path.join(folder, name), here))
    # Other crates' lib.rs and main.rs are written the same way.
    ours -= {"src/lib.rs", "src/main.rs"}
    frame = re.compile(r"\S+: (.*) \((.*):(\d+):\d+\)$")
    sizes, blocks = collections.Counter(), collections.Counter()
    for point in profile["pps"]:
        size = point[key]
        if not size:
            continue
        sites = []
        for index in point["fs"]:
            found = frame.match(profile["ftbl"][index])
            if found and found.group(2) in ours:
                function = found.group(1).split("<")[0]
                sites.append(f"{function} {found.group(2)}:{found.group(3)}")
        site = " <- ".join(sites[:depth]) or "(outside dossier's code)"
        sizes[site] += size
        blocks[site] += point[key + "k"]
    print(f"{sum(sizes.values()) / 1e6:.2f} MB in all")
    for site, size in sizes.most_common(rows):
        print(f"{size / 1e6:8.2f} MB {blocks[site]:9d} blocks  {site}")


if __name__ == "__main__":
    main()
