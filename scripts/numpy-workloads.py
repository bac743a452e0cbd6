#!/usr/bin/env python3
"""Time NumPy on the workloads the estimator models, for BENCHMARKS.md.

Prints, for each shape, NumPy's median time and the bytes/FLOPs the page's workload model
counts for it, so the page's predicted times can be put beside NumPy's on the same machine.

    python3 scripts/numpy-workloads.py            # table
    python3 scripts/numpy-workloads.py --json     # the same, machine-readable

Conventions match src/model/workloads/counts.ts: one fused pass over every input and
output (a*b+c: 3 reads + 1 write), matmul 2·m·n·k FLOPs. `a*b + c` is NumPy's eager
evaluation (a*b into a temporary, then + c: 6 array passes, 24 bytes per element); the
`bytes` it prints are the fused minimum, `eager_bytes` what NumPy moves.
"""
import argparse
import json
import statistics
import time

import numpy as np


def bench(fn, min_time=1.0, min_reps=5):
    fn()  # warm-up: page faults, BLAS thread start
    samples = []
    start = time.perf_counter()
    while len(samples) < min_reps or time.perf_counter() - start < min_time:
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples), min(samples), len(samples)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--json', action='store_true')
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    rows = []

    n = 10**8
    a, b, c = (rng.random(n, dtype=np.float32) for _ in range(3))
    med, best, reps = bench(lambda: a * b + c)
    rows.append(dict(task='a*b+c', shape='1e8 float32', seconds=med, best=best, n=reps, bytes=4 * 4 * n,
                     eager_bytes=6 * 4 * n, flops=2 * n))
    med, best, reps = bench(lambda: a.sum())
    rows.append(dict(task='x.sum()', shape='1e8 float32', seconds=med, best=best, n=reps, bytes=4 * n, flops=n))
    del a, b, c

    for size in (512, 2048):
        x = rng.random((size, size), dtype=np.float32)
        y = rng.random((size, size), dtype=np.float32)
        med, best, reps = bench(lambda: x @ y)
        rows.append(dict(task='a @ b', shape=f'{size}² float32', seconds=med, best=best, n=reps,
                         bytes=3 * 4 * size * size, flops=2 * size**3))

    if args.json:
        print(json.dumps(dict(numpy=np.__version__, rows=rows), indent=2))
        return
    print(f'NumPy {np.__version__}')
    print(f"{'task':10} {'shape':14} {'median ms':>10} {'best ms':>9} {'GB/s':>8} {'eager GB/s':>11} {'GFLOPS':>8}")
    for r in rows:
        eager = r.get('eager_bytes', r['bytes'])
        print(f"{r['task']:10} {r['shape']:14} {r['seconds']*1e3:10.2f} {r['best']*1e3:9.2f} "
              f"{r['bytes']/r['seconds']/1e9:8.2f} {eager/r['seconds']/1e9:11.2f} {r['flops']/r['seconds']/1e9:8.2f}")


if __name__ == '__main__':
    main()
