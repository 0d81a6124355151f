#!/usr/bin/python3
"""Times the requests of a Quarry search on OpenSearch, from a minimal client.

Sends, over one keep-alive HTTP connection, the `_msearch` bodies that Quarry's OpenSearch backend
sends (retriever/.../opensearch/LegQueries.java and MultiSearch.java), to one or more knowledge
base indexes that hold the same chunks (e.g. clones with other settings), alternating the indexes
request by request so that the shared machine's drift hits them all alike. Prints the median of
each kind of request per index, in milliseconds. Given several ports (clusters on the same data,
run differently), it alternates between every port's copy of every index the same way.

    bench/scripts/opensearch-search-probe.py PORT[,PORT...] INDEX[,INDEX...] [ROUNDS] [KIND,...] [DATASET] [VECTORS]

Kinds: floor (a search that matches nothing: the round trip through the REST layer), bm25, knn,
legs (both legs in one _msearch, as a search sends them), passages (ten chunks read by chunk id,
vector and analysed text excluded, as the passage read), vectors (the same with the vectors, as
MMR reads them), mmr (both legs bringing every hit's source with its vector, as a search with MMR
sends them). BM25 queries are DATASET's test queries (default ../shared/datasets/scifact,
BEIR layout); k-NN queries are vectors of the first index's own chunks, or those of VECTORS (a JSON
list of vectors: bench/scripts/embed-queries.java writes the dataset's test queries as Quarry embeds
them). docs/benchmarks.md
("Vectors out of the stored source") has the figures. Standard library only.
"""
import http.client
import json
import os
import statistics
import sys
import time

ports = [int(p) for p in sys.argv[1].split(",")]
indexes = sys.argv[2].split(",")
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 300
kinds_wanted = sys.argv[4].split(",") if len(sys.argv) > 4 else None
dataset = sys.argv[5] if len(sys.argv) > 5 else os.path.join(
    os.path.dirname(__file__), "..", "..", "..", "shared", "datasets", "scifact")

query_vectors = sys.argv[6] if len(sys.argv) > 6 else None

connections = {port: http.client.HTTPConnection("127.0.0.1", port) for port in ports}
targets = [(port, index) for port in ports for index in indexes]


def label(target):
    return target[1] if len(ports) == 1 else f"{target[0]}/{target[1]}"


def call(method, path, body=None, content_type="application/json", port=ports[0]):
    conn = connections[port]
    conn.request(method, path, body=body, headers={"Content-Type": content_type})
    response = conn.getresponse()
    data = response.read()
    if response.status >= 300:
        raise SystemExit(f"{method} {path}: {response.status} {data[:500]!r}")
    return data


# the first index's chunks: 400 ids and vectors, in a seeded random order
sample = json.loads(call("POST", f"/{indexes[0]}/_search", json.dumps({
    "size": 400,
    "query": {"function_score": {"random_score": {"seed": 7, "field": "_seq_no"}}},
    "_source": ["chunk_id", "vector"]})))["hits"]["hits"]
ids = [h["_source"]["chunk_id"] for h in sample]
vectors = [h["_source"]["vector"] for h in sample]
stored_length = len(vectors[0])
if query_vectors:
    with open(query_vectors) as f:
        vectors = json.load(f)
with open(os.path.join(dataset, "qrels", "test.tsv")) as f:
    tested = {line.split("\t")[0] for line in f.read().splitlines()[1:]}
with open(os.path.join(dataset, "queries.jsonl")) as f:
    queries = [q["text"] for q in map(json.loads, f) if q["_id"] in tested]

FILTER_PATH = ("filter_path=responses.hits.hits._score,responses.hits.hits.fields,"
               "responses.hits.hits._source,responses._shards.failed,responses.error,"
               "responses.status")
PLAIN = {"search_type": "query_then_fetch", "preference": "_local",
         "allow_partial_search_results": False}
DFS = dict(PLAIN, search_type="dfs_query_then_fetch")


def msearch(target, searches):
    port, index = target
    body = "".join(json.dumps(h) + "\n" + json.dumps(b) + "\n" for h, b in searches)
    return call("POST", f"/{index}/_msearch?{FILTER_PATH}", body.encode(), "application/x-ndjson",
                port)


def leg(query):
    return {"size": 100, "track_total_hits": False, "_source": False, "stored_fields": "_none_",
            "docvalue_fields": ["chunk_id"], "query": query}


def bm25(i):
    return [(DFS, leg({"bool": {"must": {"match": {"contents": queries[i % len(queries)]}}}}))]


def knn(i):
    return [(PLAIN, leg({"knn": {"vector": {"vector": vectors[i % len(vectors)], "k": 100}}}))]


def legs(i):
    return bm25(i) + knn(i)


def mmr(i):
    searches = legs(i)
    for _, body in searches:
        del body["stored_fields"]
        body["_source"] = {"excludes": ["contents"]}
    return searches


def by_id(i, excludes):
    wanted = [ids[(i * 10 + j) % len(ids)] for j in range(10)]
    return [(PLAIN, {"size": 10, "track_total_hits": False, "query": {"ids": {"values": wanted}},
                     "_source": {"excludes": excludes}})]


KINDS = {
    "floor": lambda i: [(PLAIN, {"size": 0, "track_total_hits": False,
                                 "query": {"match_none": {}}})],
    "bm25": bm25,
    "knn": knn,
    "legs": legs,
    "passages": lambda i: by_id(i, ["contents", "vector"]),
    "vectors": lambda i: by_id(i, ["contents"]),
    "mmr": mmr,
}
kinds = kinds_wanted or list(KINDS)

for target in targets:  # every index gives the vectors back whole, derived or stored
    hits = json.loads(msearch(target, KINDS["vectors"](0)))["responses"][0]["hits"]["hits"]
    if not hits or any(len(h["_source"].get("vector", [])) != stored_length for h in hits):
        raise SystemExit(f"{label(target)}: the chunks do not come back with their vectors")

for i in range(50):  # warm-up, untimed
    for target in targets:
        for kind in kinds:
            msearch(target, KINDS[kind](i))
times = {(target, kind): [] for target in targets for kind in kinds}
for i in range(rounds):
    # A request right after a heavier one pays a few tenths of a millisecond more (measured: the
    # floor after a read of 200 sources). So every timed request follows one of its own kind: an
    # untimed one opens each kind's turn, and each round starts with the next target.
    order = targets[i % len(targets):] + targets[:i % len(targets)]
    for kind in kinds:
        msearch(order[-1], KINDS[kind](i))
        for target in order:
            started = time.perf_counter()
            msearch(target, KINDS[kind](i))
            times[(target, kind)].append((time.perf_counter() - started) * 1000)
for kind in kinds:
    print(kind.ljust(9), "  ".join(
        f"{label(target)}: {statistics.median(times[(target, kind)]):.2f} ms"
        for target in targets))
