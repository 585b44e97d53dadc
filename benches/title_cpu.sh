#!/usr/bin/env bash
# The CPU time `serve` spends per title edit, which this machine's noise
# moves less than the wall time: starts `serve` on CORPUS, makes one
# warm-up edit pair (the first full rebuild after the first build is the
# slowest), then retitles the second brief and puts it back EDITS times,
# and prints the server's user + system CPU per rebuild from /proc with
# each rebuild's wall time. Alternate two binaries, and the order in
# which they run, to compare them.
#
#   bash benches/title_cpu.sh BIN CORPUS [EDITS]
#   e.g. bash benches/title_cpu.sh target/release/dossier \
#          /dev/shm/dossier-scale/dossier-100000 3
set -euo pipefail
bin=$1 corpus=$2 edits=${3:-3}
wait_s=${WAIT:-7}
brief=$corpus/content/briefs/$(ls "$corpus/content/briefs" | sed -n 2p)
log=$(mktemp -d)
cp "$brief" "$log/original.md"
"$bin" serve -r "$corpus" --port 0 --no-search >"$log/out" 2>"$log/err" &
server=$!
trap 'cp "$log/original.md" "$brief"; kill $server 2>/dev/null || true' EXIT
until grep -q http "$log/out"; do sleep 1; done
sleep 3
retitle() { sed -i "s/^title: .*/title: \"$1 $RANDOM\"/" "$brief"; sleep "$wait_s"; }
restore() { cp "$log/original.md" "$brief"; sleep "$wait_s"; }
retitle Warm-up
restore
tick=$(getconf CLK_TCK)
cpu() { awk -v t="$tick" '{print ($14 + $15) / t}' "/proc/$server/stat"; }
before=$(cpu)
for i in $(seq "$edits"); do
  retitle "Retitled $i"
  restore
done
after=$(cpu)
walls=$(grep -o "rebuilt in [0-9]* ms" "$log/err" | tail -n $((2 * edits)) | awk '{print $3}' | tr '\n' ' ')
awk -v a="$after" -v b="$before" -v n=$((2 * edits)) -v w="$walls" -v bin="$bin" \
  'BEGIN { printf "%s: %.3f s of CPU per rebuild; wall (ms): %s\n", bin, (a - b) / n, w }'
