#!/usr/bin/python3
"""Grows a knowledge base index on OpenSearch to a million chunks, and measures its k-NN recall.

Quarry's own ingestion is bound by the embedding model (some 30 chunks/s on two cores), so a
million chunks cannot be embedded here; this script makes them from a knowledge base index that
Quarry wrote (e.g. `quarry-eval-scifact`, kept by `./quarry eval --index`):

    bench/scripts/opensearch-million.py load PORT SOURCE TARGET COUNT VECTORS.npy
    bench/scripts/opensearch-million.py recall PORT TARGET VECTORS.npy [QUERIES]

`load` creates TARGET with SOURCE's settings and mapping (Quarry's: `ChunkMapping`), without
replicas while it loads, and writes COUNT chunks, 1,000 to a bulk request, two requests in
flight, routed by document id as Quarry routes them. The first chunks are SOURCE's own, unchanged
but for their vectors, which like every vector here are written with 6 decimals. Every further
chunk copies the fields of one of them (cycled) under a new document id, with a vector of its own:
the source chunk's vector plus Gaussian noise (sigma 0.05 a dimension, so a cosine of about 0.7 to
it), normalised. Near-copies of real vectors keep the real embeddings' shape, which random vectors
would not. It then
refreshes, gives the index SOURCE's replicas back, waits for green, and saves every vector as
written (float32, in index order) to VECTORS.npy, with the chunk ids beside it (.ids).

`recall` sends QUERIES (default 100) k-NN legs as Quarry sends them (k 100, 100 hits), with
SOURCE's own chunk vectors as queries (a seeded sample), and compares their hits with the exact
100 nearest by cosine over VECTORS.npy: prints recall@10 and recall@100, and the cluster's own
time per search (`took`). docs/benchmarks.md ("A million chunks on the cluster") has the figures.
Needs numpy (Debian's python3-numpy).
"""
import http.client
import json
import queue
import sys
import threading
import time

import numpy as np

SEED = 12
SIGMA = 0.05
BATCH = 1000


def connect(port):
    return http.client.HTTPConnection("127.0.0.1", port, timeout=600)


def call(conn, method, path, body=None, content_type="application/json"):
    if isinstance(body, (dict, list)):
        body = json.dumps(body)
    conn.request(method, path, body=body, headers={"Content-Type": content_type})
    response = conn.getresponse()
    data = response.read()
    if response.status >= 300:
        raise RuntimeError(f"{method} {path}: {response.status} {data[:1000]!r}")
    return json.loads(data)


def source_chunks(conn, index):
    """Every chunk of INDEX with its whole _source, in chunk id order."""
    chunks = []
    page = call(conn, "POST", f"/{index}/_search?scroll=2m",
                {"size": 1000, "sort": ["_doc"], "query": {"match_all": {}}})
    while page["hits"]["hits"]:
        chunks += [h["_source"] for h in page["hits"]["hits"]]
        page = call(conn, "POST", "/_search/scroll",
                    {"scroll": "2m", "scroll_id": page["_scroll_id"]})
    call(conn, "DELETE", "/_search/scroll", {"scroll_id": page["_scroll_id"]})
    chunks.sort(key=lambda c: c["chunk_id"])
    return chunks


def create_like(conn, source, target):
    settings = call(conn, "GET", f"/{source}/_settings")[source]["settings"]["index"]
    mapping = call(conn, "GET", f"/{source}/_mapping")[source]["mappings"]
    for own in ("uuid", "creation_date", "provided_name", "version", "routing", "history"):
        settings.pop(own, None)
    replicas = settings["number_of_replicas"]
    settings["number_of_replicas"] = "0"
    call(conn, "PUT", f"/{target}", {"settings": {"index": settings}, "mappings": mapping})
    return replicas


def load(port, source, target, count, vectors_file):
    conn = connect(port)
    chunks = source_chunks(conn, source)
    if count < len(chunks):
        raise SystemExit(f"COUNT must be at least {source}'s {len(chunks)} chunks")
    replicas = create_like(conn, source, target)
    base = np.array([c["vector"] for c in chunks], dtype=np.float64)
    rng = np.random.default_rng(SEED)
    vectors = np.lib.format.open_memmap(vectors_file, mode="w+", dtype=np.float32,
                                        shape=(count, base.shape[1]))
    ids = []
    bodies = queue.Queue(maxsize=4)
    failures = []

    def send():
        own = connect(port)
        while (body := bodies.get()) is not None:
            if failures:
                continue  # drain, so that the producer sees the failure and stops
            try:
                answer = call(own, "POST", f"/{target}/_bulk?filter_path=errors,items.*.error",
                              body, "application/x-ndjson")
                if answer.get("errors"):
                    failures.append(answer)
            except Exception as e:  # noqa: BLE001 -- reported by the producer
                failures.append(str(e))

    senders = [threading.Thread(target=send) for _ in range(2)]
    for s in senders:
        s.start()
    started = time.time()
    for first in range(0, count, BATCH):
        n = min(BATCH, count - first)
        rows = np.arange(first, first + n)
        batch = base[rows % len(chunks)]
        copies = rows >= len(chunks)
        batch[copies] += rng.normal(0.0, SIGMA, (int(copies.sum()), base.shape[1]))
        batch /= np.linalg.norm(batch, axis=1, keepdims=True)
        batch = np.round(batch, 6)
        vectors[first:first + n] = batch
        lines = []
        for row, vector in zip(rows, batch.tolist()):
            chunk = dict(chunks[row % len(chunks)])
            copy = row // len(chunks)
            if copy:
                chunk["document_id"] = f"{chunk['document_id']}~{copy}"
                chunk["chunk_id"] = f"{chunk['document_id']}:{chunk['version']}:{chunk['ordinal']}"
            chunk["vector"] = vector
            ids.append(chunk["chunk_id"])
            lines.append(json.dumps({"index": {"_id": chunk["chunk_id"],
                                               "routing": chunk["document_id"]}}))
            lines.append(json.dumps(chunk))
        bodies.put(("\n".join(lines) + "\n").encode())
        if failures:
            break
        if (first // BATCH) % 50 == 0:
            done = first + n
            print(f"{done:>9,} chunks, {done / (time.time() - started):.0f}/s", flush=True)
    for _ in senders:
        bodies.put(None)
    for s in senders:
        s.join()
    if failures:
        raise SystemExit(f"bulk failures: {json.dumps(failures[0])[:2000]}")
    loaded = time.time() - started
    print(f"loaded {count:,} chunks in {loaded:.0f} s ({count / loaded:.0f} chunks/s)", flush=True)
    vectors.flush()
    with open(vectors_file + ".ids", "w") as f:
        f.write("\n".join(ids) + "\n")
    call(conn, "POST", f"/{target}/_refresh")
    call(conn, "PUT", f"/{target}/_settings", {"index": {"number_of_replicas": replicas}})
    call(conn, "GET", f"/_cluster/health/{target}?wait_for_status=green&timeout=3600s")
    print(f"refreshed, {replicas} replica(s) green after {time.time() - started:.0f} s")


def recall(port, target, vectors_file, queries):
    conn = connect(port)
    vectors = np.load(vectors_file, mmap_mode="r")
    ids = open(vectors_file + ".ids").read().split()
    rng = np.random.default_rng(SEED)
    originals = sum(1 for i in ids if "~" not in i)  # SOURCE's own chunks come first
    wanted = rng.choice(originals, size=queries, replace=False)
    found10 = found100 = 0
    took = []
    for q in wanted:
        query = np.asarray(vectors[q], dtype=np.float32)
        exact = np.empty(len(vectors), dtype=np.float32)
        for first in range(0, len(vectors), 200_000):  # rows are unit vectors: dot = cosine
            exact[first:first + 200_000] = vectors[first:first + 200_000] @ query
        best = np.argpartition(-exact, 100)[:100]
        best = best[np.argsort(-exact[best])]
        answer = call(conn, "POST", f"/{target}/_search?preference=_local", {
            "size": 100, "track_total_hits": False, "_source": False, "stored_fields": "_none_",
            "docvalue_fields": ["chunk_id"],
            "query": {"knn": {"vector": {"vector": query.tolist(), "k": 100}}}})
        took.append(answer["took"])
        hits = [h["fields"]["chunk_id"][0] for h in answer["hits"]["hits"]]
        truth = [ids[i] for i in best]
        found10 += len(set(hits[:10]) & set(truth[:10]))
        found100 += len(set(hits) & set(truth))
    print(f"{queries} k-NN searches (k 100) of {len(vectors):,} vectors: "
          f"recall@10 {found10 / (10 * queries):.3f}, recall@100 {found100 / (100 * queries):.3f}, "
          f"took p50 {np.percentile(took, 50):.0f} ms, p99 {np.percentile(took, 99):.0f} ms")


if __name__ == "__main__":
    if len(sys.argv) >= 7 and sys.argv[1] == "load":
        load(int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6])
    elif len(sys.argv) >= 5 and sys.argv[1] == "recall":
        recall(int(sys.argv[2]), sys.argv[3], sys.argv[4],
               int(sys.argv[5]) if len(sys.argv) > 5 else 100)
    else:
        raise SystemExit(__doc__)
