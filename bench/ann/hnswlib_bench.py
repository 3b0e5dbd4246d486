"""The hnswlib half of bench/ann: same vectors, same M / efConstruction, single-threaded build and queries."""
import sys, json, time
import numpy as np
import hnswlib

data, m, efc, efs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), [int(x) for x in sys.argv[4].split(",")]
d, k = 384, 10
base = np.fromfile(f"{data}/base.f32", dtype=np.float32).reshape(-1, d)
queries = np.fromfile(f"{data}/queries.f32", dtype=np.float32).reshape(-1, d)
gt = np.fromfile(f"{data}/gt.i32", dtype=np.int32).reshape(-1, k)

index = hnswlib.Index(space="ip", dim=d)
index.init_index(max_elements=len(base), M=m, ef_construction=efc, random_seed=100)
index.set_num_threads(1)
t, tc = time.perf_counter(), time.process_time()
index.add_items(base, np.arange(len(base)), num_threads=1)
build, build_cpu = time.perf_counter() - t, time.process_time() - tc
print(f"hnswlib: built {len(base)} in {build:.1f} s", file=sys.stderr)

sweep, at = [], None
for ef in efs:
    index.set_ef(ef)
    secs = float("inf")
    for _ in range(3):  # best of 3 passes, as on the Swift side
        t = time.thread_time()  # CPU time of this thread: the box is shared (same clock as the Swift side)
        labels = [index.knn_query(q, k=k, num_threads=1)[0][0] for q in queries]  # one query per call, like ours
        secs = min(secs, time.thread_time() - t)
    recall = float(np.mean([len(set(l.tolist()) & set(g.tolist())) / k for l, g in zip(labels, gt)]))
    qps = len(queries) / secs
    print(f"hnswlib: ef {ef} recall@10 {recall:.4f} qps {qps:.0f}", file=sys.stderr)
    sweep.append({"ef": ef, "recall": recall, "qps": qps})
    if recall >= 0.95 and at is None:
        at = {"ef": ef, "recall": recall, "qps": qps}

# hnswlib's own memory formula (hnswalg.h): level-0 record + upper links (~1/M of nodes) + label map.
size0 = (2 * m) * 4 + 4 + d * 4 + 8
upper = (m * 4 + 4) / np.log(m)
print(json.dumps({"build_seconds": build, "build_cpu_seconds": build_cpu, "sweep": sweep, "at_recall_0_95": at or {},
                  "bytes_per_vector": size0 + upper, "version": getattr(hnswlib, "__version__", "0.8.0")}))
