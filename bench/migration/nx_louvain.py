"""networkx's Louvain on the application graph the Swift side grouped (edges.txt: "a b weight" lines).

Times `louvain_communities` (best of REPEATS runs), and reports the modularity of its partition and of ours
(ours.txt: one community id per node), both computed by networkx's `modularity` on the same graph.
Prints one JSON line.
"""
import json
import sys
import time

import networkx as nx

folder, repeats = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3
ours = [int(line) for line in open(f"{folder}/ours.txt") if line.strip()]
G = nx.Graph()
G.add_nodes_from(range(len(ours)))
for line in open(f"{folder}/edges.txt"):
    a, b, w = line.split()
    G.add_edge(int(a), int(b), weight=float(w))

best, communities = None, None
for seed in range(repeats):
    start = time.perf_counter()
    found = nx.community.louvain_communities(G, weight="weight", resolution=1, threshold=1e-7, seed=seed)
    elapsed = time.perf_counter() - start
    if best is None or elapsed < best:
        best, communities = elapsed, found

groups = {}
for node, c in enumerate(ours):
    groups.setdefault(c, set()).add(node)
print(json.dumps({
    "networkx": nx.__version__,
    "louvain_s": best,
    "communities": len(communities),
    "modularity_networkx": nx.community.modularity(G, communities, weight="weight"),
    "modularity_ours_by_networkx": nx.community.modularity(G, list(groups.values()), weight="weight"),
}))
