#!/bin/bash
# The first build of `dossier serve`: wall time from starting the server
# until its first brief page serves, the CPU time (user + system) the
# server spent by then, and its resident memory then. Each binary in
# turn, ROUNDS times (default 2), so that two binaries are compared on a
# machine whose speed drifts.
#
# usage: benches/first_build.sh CORPUS BIN [BIN...]
#   e.g. benches/first_build.sh /dev/shm/dossier-scale/dossier-100000 \
#          /tmp/dossier-before target/release/dossier
# SERVE_OPTIONS (default --no-search) are passed to `serve`.
set -euo pipefail
corpus=$1
shift
brief=$(find "$corpus/content/briefs" -name '*.md' -print -quit)
page="briefs/$(basename "$brief" .md)/"
log=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$log"' EXIT
tick=$(getconf CLK_TCK)
for round in $(seq "${ROUNDS:-2}"); do
  for bin in "$@"; do
    start=$(date +%s.%N)
    # shellcheck disable=SC2086
    "$bin" serve -r "$corpus" --port 0 ${SERVE_OPTIONS---no-search} >"$log/out" 2>"$log/err" &
    pid=$!
    url=
    until [ -n "$url" ]; do
      kill -0 "$pid" 2>/dev/null || { cat "$log/err" >&2; exit 1; }
      sleep 0.2
      url=$(grep -oh 'http://[0-9.:]*/' "$log/out" | head -1 || true)
    done
    until curl -sf "$url$page" -o /dev/null; do
      kill -0 "$pid" 2>/dev/null || { cat "$log/err" >&2; exit 1; }
      sleep 0.2
    done
    end=$(date +%s.%N)
    read -r user system < <(awk '{print $14, $15}' "/proc/$pid/stat")
    rss=$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status")
    printf '%s round %s: first build %.1f s wall, %.1f s CPU, %s MB resident\n' \
      "$bin" "$round" "$(echo "$end - $start" | bc)" \
      "$(echo "($user + $system) / $tick" | bc -l)" "$rss"
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    pid=
  done
done
