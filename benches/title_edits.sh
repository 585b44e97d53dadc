#!/usr/bin/env bash
# Title edits in `dossier serve`, with the server's own log of each
# rebuild's stages: retitles the second brief of CORPUS, waits for the
# rebuild, puts the brief back, and again, EDITS times; then prints each
# "rebuilt in" line and the server's memory. The brief is restored even
# if the script is interrupted.
#
#   bash benches/title_edits.sh BIN CORPUS [EDITS]
#   e.g. bash benches/title_edits.sh target/release/dossier \
#          /dev/shm/dossier-scale/dossier-100000 3
#
# Extra options for `serve` go in SERVE_OPTIONS (default: --no-search).
# Run it under RAYON_NUM_THREADS=1 to see about the CPU time of each stage.
# With WARMUP=1 it first makes one edit pair that it leaves out (the first
# full rebuild after the first build is the slowest). It also prints the
# server's user + system CPU per rebuild, read from /proc, which this
# machine's noise moves less than the wall time: alternate two binaries,
# and the order in which they run, to compare them.
set -euo pipefail
bin=$1 corpus=$2 edits=${3:-3}
wait_s=${WAIT:-8}
brief=$corpus/content/briefs/$(ls "$corpus/content/briefs" | sed -n 2p)
log=$(mktemp -d)
cp "$brief" "$log/original.md"
# shellcheck disable=SC2086
"$bin" serve -r "$corpus" --port 0 ${SERVE_OPTIONS---no-search} >"$log/out" 2>"$log/err" &
server=$!
trap 'cp "$log/original.md" "$brief"; kill $server 2>/dev/null || true' EXIT
until grep -q http "$log/out"; do sleep 1; done
sleep 3
retitle() {
  sed -i "s/^title: .*/title: \"$1 $RANDOM\"/" "$brief"
  sleep "$wait_s"
  cp "$log/original.md" "$brief"
  sleep "$wait_s"
}
if [ "${WARMUP:-0}" = 1 ]; then retitle Warm-up; fi
tick=$(getconf CLK_TCK)
cpu() { awk -v t="$tick" '{print ($14 + $15) / t}' "/proc/$server/stat"; }
before=$(cpu)
for i in $(seq "$edits"); do retitle "Retitled $i"; done
after=$(cpu)
grep -E "VmRSS|VmHWM" "/proc/$server/status"
grep "rebuilt in" "$log/err" | tail -n $((2 * edits))
awk -v a="$after" -v b="$before" -v n=$((2 * edits)) \
  'BEGIN { printf "CPU per rebuild: %.3f s\n", (a - b) / n }'
