#!/bin/bash
# Start as a user meets it, two checkouts interleaved on the same machine load: `quotebot search --json`
# with one query over DIR, process start to answer, cold (no cache) then restart (cache hit), ROUNDS rounds
# alternating A and B; prints each run (wall s, CPU s, peak RSS MB, s from start to the first answer line)
# and the output's checksum (answers must match), then the fastest wall and lowest peak per checkout and kind.
# It runs each checkout's bin/quotebot.js as users do: compiled when its dist/ is up to date (first lines say which).
#
# scripts/bench/start-compare.sh DIR CHECKOUT_A CHECKOUT_B [ROUNDS=3]
set -euo pipefail
dir=$1; a=$2; b=$3; rounds=${4:-3}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
echo '{"id":"q","query":"eigenvectors of a linear transformation"}' > "$work/q.jsonl"
run() { # checkout kind cache
  local out start
  start=$(date +%s%N)
  # The first answer line is timestamped as it arrives (the process may go on, e.g. writing the index cache).
  out=$( { cd "$1" && QUOTEBOT_CACHE_DIR=$3 /usr/bin/time -f '%e %U %S %M' node bin/quotebot.js search --json --top 5 --transcripts "$dir" < "$work/q.jsonl" 2>"$work/err" \
    | { IFS= read -r first; date +%s%N > "$work/first"; printf '%s\n' "$first"; cat; } >"$work/out"; } 2>&1; tail -1 "$work/err")
  read -r wall user sys peak <<< "$out"
  echo "$1 $2 wall=$wall cpu=$(echo "$user + $sys" | bc) peakMB=$((peak / 1024)) first=$(echo "scale=2; ($(cat "$work/first") - $start) / 1000000000" | bc) answer=$(md5sum < "$work/out" | cut -c1-8)"
}
# How each checkout runs: compiled (dist/ fresh: bin/build-check.js) or its TypeScript sources through tsx.
for c in "$a" "$b"; do
  if [ -f "$c/bin/build-check.js" ]; then
    echo "$c runs: $(cd "$c" && node --input-type=module -e "const { buildState } = await import('./bin/build-check.js'); const s = buildState('.'); console.log(s.state === 'fresh' ? 'compiled (dist/)' : 'the sources through tsx (build ' + s.state + (s.file ? ': ' + s.file : '') + '; npm run build compiles)')")"
  else
    echo "$c runs: the sources through tsx (no compiled build in this checkout)"
  fi
done
for r in $(seq "$rounds"); do
  for c in "$a" "$b"; do
    cache="$work/cache-$(basename "$c")-$r"
    run "$c" cold "$cache"
    run "$c" restart "$cache"
  done
done | tee "$work/runs"
echo "-- best of $rounds (wall s, CPU s, peak MB):"
for c in "$a" "$b"; do for k in cold restart; do
  grep "^$c $k " "$work/runs" | sed 's/[a-zA-Z]*=//g' | awk -v c="$c" -v k="$k" 'NR==1||$3<w{w=$3} NR==1||$4<u{u=$4} NR==1||$5<p{p=$5} NR==1||$6<f{f=$6} END{printf "%s %s: wall %.2f, cpu %.2f, peak %d, first answer %.2f\n", c, k, w, u, p, f}'
done; done
