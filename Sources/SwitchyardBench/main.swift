// Benchmarks of the graph runtime; see bench/graph/run.
print("not yet")
