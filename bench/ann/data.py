"""Writes the bench/ann data set: 100k base + 1k query unit vectors, 384-d, and their exact top-10.

Distribution: clustered, not uniform. 2 000 centres drawn uniformly on the sphere; each vector is a centre plus
anisotropic Gaussian noise in a random 64-d subspace per cluster with a decaying spectrum (scale ∝ j^-0.9), then normalized. This has a lower
intrinsic dimension than uniform random vectors (the hardest case, unlike text embeddings) and is the same
generator as the measurements in shared/notes/retrieval-facts.md §2.2. Queries come from the same process.
"""
import sys, os
import numpy as np

out = sys.argv[1]
n, nq, d, k = int(sys.argv[2]), int(sys.argv[3]), 384, 10
rng = np.random.default_rng(20261125)
centres = rng.standard_normal((2000, d)).astype(np.float32)
centres /= np.linalg.norm(centres, axis=1, keepdims=True)
bases = rng.standard_normal((2000, d, 64)).astype(np.float32)  # per-cluster noise subspace (not orthonormalized)
bases /= np.linalg.norm(bases, axis=1, keepdims=True)
# Decaying noise spectrum (a few strong directions per cluster, many weak ones), like embedding clusters.
scales = (0.6 * (np.arange(64) + 1.0) ** -0.9 * rng.uniform(0.5, 1.5, size=(2000, 1))).astype(np.float32)

def draw(count):
    labels = rng.integers(0, 2000, size=count)
    coeff = rng.standard_normal((count, 64)).astype(np.float32) * scales[labels]
    v = centres[labels] + np.einsum("nij,nj->ni", bases[labels], coeff)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    return v.astype(np.float32)

base = np.concatenate([draw(1000) for _ in range(n // 1000)])
queries = np.concatenate([draw(1000) for _ in range((nq + 999) // 1000)])[:nq]
gt = np.empty((nq, k), dtype=np.int32)
for s in range(0, nq, 100):
    sims = queries[s:s + 100] @ base.T
    top = np.argpartition(-sims, k, axis=1)[:, :k]
    order = np.take_along_axis(sims, top, axis=1).argsort(axis=1)[:, ::-1]
    gt[s:s + 100] = np.take_along_axis(top, order, axis=1)
os.makedirs(out, exist_ok=True)
base.tofile(f"{out}/base.f32")
queries.tofile(f"{out}/queries.f32")
gt.tofile(f"{out}/gt.i32")
print(f"wrote {n} base, {nq} queries to {out}", file=sys.stderr)
