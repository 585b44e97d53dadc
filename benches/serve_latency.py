#!/usr/bin/env python3
"""Rebuild latency of `dossier serve`: time from a file write until the
server serves the updated page, on a generated corpus.

usage: benches/serve_latency.py DOSSIER_BIN [N=10000] [RUNS=5] [SERVE-ARGS...]

Scenarios: a body edit (the edited page changes), a title edit (a page that
links to the edited brief shows the new title in its backlinks... and the
edited page's title), and a new brief (its page appears). Prints the
median and the worst of RUNS for each. Works on tmpfs (/dev/shm).
"""
import os, re, shutil, statistics, subprocess, sys, time, urllib.request, urllib.error

HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.path.join(HERE, "..", "..", "shared", "bench", "gen_corpus.py")


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.read().decode("utf-8", "replace")


def wait_for(url, needle, limit=60.0):
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if needle in fetch(url):
            return time.perf_counter()
        time.sleep(0.002)
    raise SystemExit(f"timed out waiting for {needle!r} at {url}")


def main():
    binary = os.path.abspath(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    base = "/dev/shm" if os.path.isdir("/dev/shm") else "/tmp"
    corpus = os.path.join(base, f"dossier-serve-bench-{n}")
    gen = os.environ.get("GEN_CORPUS", GEN)
    if not os.path.isdir(corpus):
        subprocess.run([sys.executable, gen, str(n), corpus, "--flavor", "dossier"], check=True)
    extra = sys.argv[4:]  # e.g. --no-search
    server = subprocess.Popen([binary, "serve", "-r", corpus, "--port", "0", *extra], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = server.stdout.readline()
        address = re.search(r"http://\S+/", line).group(0)
        briefs = sorted(os.listdir(os.path.join(corpus, "content", "briefs")))
        target = briefs[1]
        slug = target[:-3]
        path = os.path.join(corpus, "content", "briefs", target)
        original = open(path, encoding="utf-8").read()
        # A brief that links to the target shows its title in the backlinks.
        linker = next(b for b in briefs if f"[[{slug}|" in open(os.path.join(corpus, "content", "briefs", b), encoding="utf-8").read())
        # A long timeline is split by year (see list_limit): the brief's
        # entry is on its year's page.
        year = re.search(r"^date: \"?(\d{4})", original, re.M)
        timeline = f"{address}timeline/"
        if year and "Page not found" not in fetch(f"{address}timeline/{year.group(1)}/"):
            timeline = f"{address}timeline/{year.group(1)}/"
        results = {"body edit": [], "title edit": [], "new brief": []}
        for run in range(runs):
            marker = f"bodymark{run}x{time.time_ns()}"
            text = original.replace("\n## ", f"\n{marker}\n\n## ", 1)
            start = time.perf_counter(); open(path, "w", encoding="utf-8").write(text)
            results["body edit"].append(wait_for(f"{address}briefs/{slug}/", marker) - start)
            title = f"Retitled {run} {time.time_ns()}"
            text = re.sub(r"^title: .*$", f'title: "{title}"', original, count=1, flags=re.M)
            start = time.perf_counter(); open(path, "w", encoding="utf-8").write(text)
            # Backlinks on the linker's page are the target's own; the target's
            # page lists the linker; the linker links out to the target, whose
            # title appears in the target page itself and in every page that
            # lists it (topics, actors, timeline).
            end = wait_for(f"{address}briefs/{slug}/", title)
            results["title edit"].append(max(end, wait_for(timeline, title)) - start)
            new = os.path.join(corpus, "content", "briefs", f"zz-new-{run}.md")
            start = time.perf_counter()
            open(new, "w", encoding="utf-8").write(f"---\ntitle: New brief {run}\ndate: 2025-01-01\n---\nLinks to [[{slug}]].\n")
            results["new brief"].append(wait_for(f"{address}briefs/zz-new-{run}/", f"New brief {run}") - start)
            open(path, "w", encoding="utf-8").write(original)
            os.remove(new)
            wait_for(f"{address}briefs/zz-new-{run}/", "Page not found")
        for name, times in results.items():
            ms = [t * 1000 for t in times]
            print(f"N={n} {name:10s} median {statistics.median(ms):7.1f} ms   worst {max(ms):7.1f} ms   ({runs} runs)")
    finally:
        server.kill()


if __name__ == "__main__":
    main()
