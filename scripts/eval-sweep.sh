#!/bin/sh
# Measures one ranking/passage knob at a time on both dev sets (needs ../shared); one line per variant.
# usage: scripts/eval-sweep.sh 'LABEL|--rank {"block":0}' 'LABEL2|--passages {"targetWords":30}' ...
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
for spec in "$@"; do
  label=${spec%%|*}; args=${spec#*|}; flag=${args%% *}; value=${args#* }
  [ "$args" = "$spec" ] && flag= && value=
  q=$(node "$SHARED/tools/eval-retrieval.mjs" --json --queries "$SHARED/eval/qmsum-train/queries.jsonl" -- \
    node --import tsx scripts/search-jsonl.ts --top 5 --transcripts "$SHARED/eval/qmsum-train/transcripts" $flag "$value" 2>/dev/null)
  b=$(node "$SHARED/tools/eval-retrieval.mjs" --json --queries "$SHARED/eval/3b1b-chapters-dev.jsonl" -- \
    node --import tsx scripts/search-jsonl.ts --top 5 --transcripts "$SHARED/corpus/3b1b" $flag "$value" 2>/dev/null)
  node -e '
    const [l, q, b] = process.argv.slice(1); const Q = JSON.parse(q).total, B = JSON.parse(b).total;
    const f = (x) => x.toFixed(3);
    console.log(`${l.padEnd(28)} qmsum ${f(Q.s1)} / ${f(Q.s3)} (${f(Q.mrr5)})  3b1b ${f(B.s1)} / ${f(B.s3)} (${f(B.mrr5)})  words ${JSON.parse(q).medianTop1Words}`);
  ' "$label" "$q" "$b"
done
