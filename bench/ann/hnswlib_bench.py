"""The hnswlib half of bench/ann (see bench/ann/run). Same vectors, same M / efConstruction, single thread.

  hnswlib_bench.py build DATA M EF_CONSTRUCTION INDEX_FILE   -> builds, saves, prints {"build_seconds", ...}
  hnswlib_bench.py query DATA INDEX_FILE EF_LIST             -> one pass per ef, prints {"sweep": [...]}
"""
import sys, json, time
import numpy as np
import hnswlib

mode, data = sys.argv[1], sys.argv[2]
d, k = 384, 10
queries = np.fromfile(f"{data}/queries.f32", dtype=np.float32).reshape(-1, d)
gt = np.fromfile(f"{data}/gt.i32", dtype=np.int32).reshape(-1, k)

if mode == "build":
    m, efc, path = int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    base = np.fromfile(f"{data}/base.f32", dtype=np.float32).reshape(-1, d)
    index = hnswlib.Index(space="ip", dim=d)
    index.init_index(max_elements=len(base), M=m, ef_construction=efc, random_seed=100)
    index.set_num_threads(1)
    t, tc = time.perf_counter(), time.process_time()
    index.add_items(base, np.arange(len(base)), num_threads=1)
    build, build_cpu = time.perf_counter() - t, time.process_time() - tc
    print(f"hnswlib: built {len(base)} in {build:.1f} s ({build_cpu:.1f} CPU-s)", file=sys.stderr)
    index.save_index(path)
    # hnswlib's own memory layout (hnswalg.h): level-0 record + upper links (~1/ln(M) of nodes' worth) + label.
    size0 = (2 * m) * 4 + 4 + d * 4 + 8
    upper = (m * 4 + 4) / np.log(m)
    print(json.dumps({"build_seconds": build, "build_cpu_seconds": build_cpu, "bytes_per_vector": size0 + upper,
                      "version": getattr(hnswlib, "__version__", "0.8.0")}))
else:
    path, efs = sys.argv[3], [int(x) for x in sys.argv[4].split(",")]
    index = hnswlib.Index(space="ip", dim=d)
    index.load_index(path)
    index.set_num_threads(1)
    sweep = []
    for ef in efs:
        index.set_ef(ef)
        t = time.thread_time()  # CPU time of this thread, as the Swift side
        labels = [index.knn_query(q, k=k, num_threads=1)[0][0] for q in queries]  # one query per call, like ours
        secs = time.thread_time() - t
        recall = float(np.mean([len(set(l.tolist()) & set(g.tolist())) / k for l, g in zip(labels, gt)]))
        sweep.append({"ef": ef, "recall": recall, "qps": len(queries) / secs})
    print(json.dumps({"sweep": sweep}))
