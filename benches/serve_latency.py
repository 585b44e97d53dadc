#!/usr/bin/env python3
"""Rebuild latency of `dossier serve`: time from a file write until the
server serves the updated page, on a generated corpus.

usage: benches/serve_latency.py DOSSIER_BIN [N=10000] [RUNS=5]
           [--corpus DIR] [SERVE-ARGS...]

Scenarios: a body edit (the edited page changes), a title edit (a page that
links to the edited brief shows the new title in its backlinks... and the
edited page's title), and a new brief (its page appears). Prints the
median and the worst of RUNS for each. Works on tmpfs (/dev/shm).

Beside each time, the CPU time (user + system) the server spent from
the write until the page served, from /proc/PID/stat: on a loaded
machine the wall time grows with the load, the CPU time much less.

Also prints the first build (from starting `dossier serve` until its first
brief page is served) and the server's memory from /proc/PID/status: peak
(VmHWM) and current (VmRSS) resident memory after the first build and
after the edits. `--corpus DIR` serves an existing dossier (e.g.
/dev/shm/dossier-scale/dossier-100000 made by benches/scale.py) instead of
generating one; N then only labels the output. Last, the server's own
log of each rebuild: how long it took and its stages. The edited brief is put
back and the new brief removed when the script ends, even on an error.
"""
import html, os, re, shutil, statistics, subprocess, sys, threading, time, urllib.request, urllib.error

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


def memory(pid):
    """Peak and current resident memory of a process, in MB."""
    fields = {}
    with open(f"/proc/{pid}/status", encoding="utf-8") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmHWM", "VmRSS"):
                fields[key] = int(value.split()[0]) / 1024
    return fields["VmHWM"], fields["VmRSS"]


def cpu_ms(pid):
    """User plus system CPU time of a process and its threads, in ms."""
    with open(f"/proc/{pid}/stat", encoding="utf-8") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def arguments(argv):
    """DOSSIER_BIN [N] [RUNS] [--corpus DIR] [SERVE-ARGS...]"""
    corpus = None
    rest = []
    args = iter(argv)
    for arg in args:
        if arg == "--corpus":
            corpus = next(args)
        elif arg.startswith("--corpus="):
            corpus = arg.split("=", 1)[1]
        else:
            rest.append(arg)
    binary = os.path.abspath(rest[0])
    n = int(rest[1]) if len(rest) > 1 else 10000
    runs = int(rest[2]) if len(rest) > 2 else 5
    return binary, n, runs, corpus, rest[3:]


def main():
    binary, n, runs, corpus, extra = arguments(sys.argv[1:])  # extra: e.g. --no-search
    if corpus is None:
        base = "/dev/shm" if os.path.isdir("/dev/shm") else "/tmp"
        corpus = os.path.join(base, f"dossier-serve-bench-{n}")
        gen = os.environ.get("GEN_CORPUS", GEN)
        if not os.path.isdir(corpus):
            subprocess.run([sys.executable, gen, str(n), corpus, "--flavor", "dossier"], check=True)
    corpus = os.path.abspath(corpus)
    briefs = sorted(os.listdir(os.path.join(corpus, "content", "briefs")))
    target = briefs[1]
    slug = target[:-3]
    path = os.path.join(corpus, "content", "briefs", target)
    original = open(path, encoding="utf-8").read()
    new_briefs = []
    started = time.perf_counter()
    server = subprocess.Popen([binary, "serve", "-r", corpus, "--port", "0", *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # The server's log on stderr, read as it is written (a full pipe would
    # stop the server): its "rebuilt in" lines say where each rebuild went.
    log = []
    threading.Thread(target=lambda: log.extend(server.stderr), daemon=True).start()
    try:
        # The address is printed once the first build is done.
        line = server.stdout.readline()
        address = re.search(r"http://\S+/", line).group(0)
        first_build = wait_for(f"{address}briefs/{slug}/", "<html", limit=3600) - started
        after_first = memory(server.pid)
        # A brief that links to the target shows its title in the backlinks.
        linker = next(b for b in briefs if f"[[{slug}|" in open(os.path.join(corpus, "content", "briefs", b), encoding="utf-8").read())
        # A long timeline is split by year, and a long year into pages of
        # at most list_limit entries: the brief's entry is on one of them.
        year = re.search(r"^date: \"?(\d{4})", original, re.M)
        # As Tera 2 escapes it: & < > " and ' (as &#39;).
        shown = html.escape(re.search(r'^title: "?(.*?)"?$', original, re.M).group(1)).replace("&#x27;", "&#39;")
        timeline = f"{address}timeline/"
        if year and "Page not found" not in fetch(f"{address}timeline/{year.group(1)}/"):
            first = f"{address}timeline/{year.group(1)}/"
            timeline = first
            for page in range(1, 100000):
                url = first + (f"{page}/" if page > 1 else "")
                text = fetch(url)
                if "Page not found" in text:
                    break
                if f">{shown}<" in text:
                    timeline = url
                    break
        results = {"body edit": [], "title edit": [], "new brief": []}
        cpu = {name: [] for name in results}
        pid = server.pid
        for run in range(runs):
            marker = f"bodymark{run}x{time.time_ns()}"
            text = original.replace("\n## ", f"\n{marker}\n\n## ", 1)
            start = time.perf_counter(); before = cpu_ms(pid); open(path, "w", encoding="utf-8").write(text)
            results["body edit"].append(wait_for(f"{address}briefs/{slug}/", marker) - start)
            cpu["body edit"].append(cpu_ms(pid) - before)
            title = f"Retitled {run} {time.time_ns()}"
            text = re.sub(r"^title: .*$", f'title: "{title}"', original, count=1, flags=re.M)
            start = time.perf_counter(); before = cpu_ms(pid); open(path, "w", encoding="utf-8").write(text)
            # Backlinks on the linker's page are the target's own; the target's
            # page lists the linker; the linker links out to the target, whose
            # title appears in the target page itself and in every page that
            # lists it (topics, actors, timeline).
            end = wait_for(f"{address}briefs/{slug}/", title)
            results["title edit"].append(max(end, wait_for(timeline, title)) - start)
            cpu["title edit"].append(cpu_ms(pid) - before)
            new = os.path.join(corpus, "content", "briefs", f"zz-new-{run}.md")
            new_briefs.append(new)
            start = time.perf_counter(); before = cpu_ms(pid)
            open(new, "w", encoding="utf-8").write(f"---\ntitle: New brief {run}\ndate: 2025-01-01\n---\nLinks to [[{slug}]].\n")
            results["new brief"].append(wait_for(f"{address}briefs/zz-new-{run}/", f"New brief {run}") - start)
            cpu["new brief"].append(cpu_ms(pid) - before)
            open(path, "w", encoding="utf-8").write(original)
            os.remove(new)
            wait_for(f"{address}briefs/zz-new-{run}/", "Page not found")
        after_edits = memory(server.pid)
        print(f"N={n} first build {first_build:8.2f} s    (serve start until its first brief page serves)")
        for name, times in results.items():
            ms = [t * 1000 for t in times]
            used = statistics.median(cpu[name])
            print(f"N={n} {name:10s} median {statistics.median(ms):7.1f} ms   worst {max(ms):7.1f} ms   cpu median {used:7.0f} ms   ({runs} runs)")
        for when, (hwm, rss) in (("after first build", after_first), ("after the edits", after_edits)):
            print(f"N={n} memory {when:17s} peak (VmHWM) {hwm:7.0f} MB   current (VmRSS) {rss:7.0f} MB")
        print(f"N={n} the server's rebuilds, in order (each edit, then putting the brief back):")
        for entry in log:
            if "rebuilt in" in entry:
                print(f"N={n}   {entry.strip()}")
    finally:
        server.kill()
        server.wait()
        # Leave the corpus as it was found: it may be shared with scale.py.
        if open(path, encoding="utf-8").read() != original:
            open(path, "w", encoding="utf-8").write(original)
        for new in new_briefs:
            if os.path.exists(new):
                os.remove(new)


if __name__ == "__main__":
    main()
