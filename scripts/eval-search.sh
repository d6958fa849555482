#!/bin/sh
# Scores search on both development sets with the retrieval scorer (needs ../shared).
# usage: scripts/eval-search.sh [extra args for scripts/search-jsonl.ts, e.g. --rank '{"block":0}']
# Set LIMIT=N to score only the first N qmsum queries.
set -e
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
LIM=${LIMIT:+--limit $LIMIT}
echo "== qmsum-train"
node "$SHARED/tools/eval-retrieval.mjs" --queries "$SHARED/eval/qmsum-train/queries.jsonl" $LIM -- \
  node --import tsx scripts/search-jsonl.ts --top 5 --timing --transcripts "$SHARED/eval/qmsum-train/transcripts" "$@" | tail -5
echo "== 3b1b-chapters-dev"
node "$SHARED/tools/eval-retrieval.mjs" --queries "$SHARED/eval/3b1b-chapters-dev.jsonl" -- \
  node --import tsx scripts/search-jsonl.ts --top 5 --timing --transcripts "$SHARED/corpus/3b1b" "$@" | tail -3
