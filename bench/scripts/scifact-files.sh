#!/usr/bin/env bash
# Writes BEIR SciFact's first N abstracts (or N after the first SKIP, or all) as text files (title,
# a blank line, the abstract), one file per abstract named by its id: the input of the ingestion
# figures in docs/benchmarks.md.
#
#   bench/scripts/scifact-files.sh ../shared/datasets/scifact 1000 /tmp/speed/files
#   bench/scripts/scifact-files.sh ../shared/datasets/scifact 1000:1000 /tmp/speed/warm
#   bench/scripts/scifact-files.sh ../shared/datasets/scifact all /tmp/speed/all
set -euo pipefail
DATASET="${1:?usage: scifact-files.sh DATASET_DIR N|SKIP:N|all OUT_DIR}"
COUNT="${2:?usage: scifact-files.sh DATASET_DIR N|SKIP:N|all OUT_DIR}"
OUT="${3:?usage: scifact-files.sh DATASET_DIR N|SKIP:N|all OUT_DIR}"
mkdir -p "$OUT"
python3 - "$DATASET/corpus.jsonl" "$COUNT" "$OUT" <<'EOF'
import json, os, sys
corpus, count, out = sys.argv[1], sys.argv[2], sys.argv[3]
skip, _, n = count.rpartition(":")
skip = int(skip) if skip else 0
limit = None if n == "all" else int(n)
written = 0
with open(corpus, encoding="utf-8") as lines:
    for i, line in enumerate(lines):
        if i < skip:
            continue
        if limit is not None and written >= limit:
            break
        doc = json.loads(line)
        with open(os.path.join(out, doc["_id"] + ".txt"), "w", encoding="utf-8") as f:
            f.write(doc["title"] + "\n\n" + doc["text"] + "\n")
        written += 1
print(f"{written} files in {out}")
EOF
