#!/usr/bin/env python3
"""GPU payoff, Python lane: measure what NumPy (and PyTorch, CuPy, JAX when present) reach
on this machine, and write a JSON document the GPU payoff page imports into its history.

Run:  python3 gpu_payoff_probe.py            readable table (progress on stderr)
      python3 gpu_payoff_probe.py --quick    <= ~20 s on a laptop CPU
      python3 gpu_payoff_probe.py --json     the document on stdout (table goes nowhere)
      python3 gpu_payoff_probe.py --out probe.json --device cuda:1 --framework torch
      python3 gpu_payoff_probe.py --check    NumPy matmul: this probe vs a plain timeit

Requires Python >= 3.9 and NumPy. Uses PyTorch, CuPy and JAX when importable. No network.

Method (as triton's do_bench and cupyx.profiler.benchmark do it): warm-up with the same
work, samples sized by time (time.perf_counter_ns on the CPU; device events for GPU time
with PyTorch and CuPy, a synchronize before any host clock is read), an L2 flush (a 256 MB
fill) before every GPU matmul sample, raw samples kept. Ceilings (GFLOPS, GB/s) are quoted
by their best sample; latencies and overheads by their median, with p10/p90 alongside.
Matmul results are checked against a float64 reference on a sample of rows and columns;
a mismatch marks the metric failed with a message, never a number.

Document schema (kind "gpu-payoff/python-probe", schemaVersion 1). Field names follow the
page's BenchRun / Metric records (src/model/bench/bench-run.ts, metrics.ts) so the importer can
carry metrics over as they are; src/model/python/python-probe-validate.ts validates it, and
refuses figures beyond any real device (src/model/python/plausibility.ts).

{
  "kind": "gpu-payoff/python-probe",
  "schemaVersion": 1,
  "probeVersion": "1.0.0",
  "createdAt": ISO 8601 (when the document was written),
  "startedAt": ISO 8601, "durationMs": number,
  "profile": "quick" | "full",
  "settings": {"budgetS": number, "device": "auto" | "cpu" | "cuda:1" | ..., "frameworks": [..]},
  "stack": {
    "python": "3.11.7", "implementation": "CPython", "numpy": "2.4.6",
    "blas": {"name": "scipy-openblas" | "mkl" | "accelerate" | ... | "unknown",
             "version": str | null, "threads": int | null,
             "threadsSource": "threadpoolctl" | "openblas" | "mkl" | "env" | "unknown",
             "coretype": str | null (OpenBLAS kernel set, e.g. "Haswell", "SkylakeX"),
             "config": str | null},
    "frameworks": [{"name": "torch" | "cupy" | "jax", "version": str,
                    "backend": "cuda" | "rocm" | "mps" | null, "cuda": str | null (CUDA or ROCm
                    runtime version), "driver": str | null, "device": str | null,
                    "status": "measured" | "no-device" | "failed", "note"?: str}],
    "cpu": {"model": str, "cores": int (logical CPUs usable), "logicalCores": int,
            "arch": str, "features": [str]},
    "os": str
  },
  "device": null | {"framework": str, "name": str, "backend": "cuda" | "rocm" | "mps",
                    "index": int, "memoryBytes"?: number, "computeCapability"?: str,
                    "multiprocessors"?: int},
  "gpuUnavailable"?: str (why there are no GPU numbers, in plain words),
  "primaryFramework"?: "torch" | "cupy" | "jax" (whose GPU metrics are the headline),
  "metrics": [
    ok:     {"id", "framework": "numpy" | "torch" | "cupy" | "jax", "status": "ok",
             "unit": "GFLOPS" | "GB/s" | "ms" | "µs", "better": "higher" | "lower",
             "statistic": "best" | "median", "value": the headline (= best or median),
             "n", "best", "median", "p10", "p90", "mean", "stdev", "samples": [...],
             "validated": true, "sizeUnit"?: "n" | "bytes",
             "points"?: [{"size": number, "value": number}], "details"?: {flat str/num/bool}}
    not ok: {"id", "framework", "status": "failed" | "skipped", "unit", "better",
             "statistic", "error": str}
  ],  (at most one entry per (id, framework); CPU ids come from "numpy" only)
  "transfers": [{"path": "torch.upload.pinned", "label": str, "framework": str,
                 "points": [{"bytes", "ms"}], "fit"?: {"latencyMs", "gbps", "r2",
                 "clamped", "n"}}],
  "conditions"?: {"loadAverage1mStart": number, "loadAverage1mEnd": number},
  "notes": [str], "errors": [str]
}

Units: GFLOPS = 1e9 FLOP/s with one FMA = 2 FLOPs and an (m x k)(k x n) matmul = 2*m*n*k;
GB/s = 1e9 bytes/s; µs; ms.

Bytes counted (STREAM convention: what the code reads plus what it writes; the extra read a
cache does before writing a line, "write-allocate", is not counted):
- py.cpu.elementwise.gbps: t = a*b + c is run as np.multiply(a, b, out=t); np.add(t, c, out=t),
  two passes that read a, b, t, c and write t twice: 6 * n * itemsize bytes (float32).
  details.fusedEquivalentGBps gives 4 * n * itemsize / time, what a one-pass fused a*b+c
  would need to move (NumPy's plain `a*b+c` also makes a temporary, so it moves 6n too).
- py.cpu.sum.gbps: a.sum() reads n * itemsize bytes.
- py.gpu.device.gbps: a device-to-device copy of B bytes moves 2 * B (read + write).
- transfers: bytes copied once.
The bandwidth headlines come from the largest size of the sweep (far beyond the caches:
the regime a memory-bound estimate needs); the in-cache peak is in details.peakGBps.

Matmul headlines are the best sample over all sizes; details.size says which size.
Transfer metrics follow the page's method: every round sweeps all sizes, each round is fitted
to time = latency + bytes / bandwidth (weighted least squares, the page's transfer-fit.ts),
and the per-round fits are the samples; the fit over all rounds is in "transfers".
"""
from __future__ import annotations

import argparse
import datetime
import importlib
import importlib.util
import json
import math
import os
import platform
import re
import sys
import time

PROBE_VERSION = '1.0.0'
DOC_KIND = 'gpu-payoff/python-probe'
SCHEMA_VERSION = 1

EXIT_OK = 0
EXIT_FAILED = 1      # the document failed its own check, no metric was measured, or --check disagreed
EXIT_NO_NUMPY = 2    # NumPy missing or broken (argparse also exits 2 on wrong arguments)
EXIT_NO_DEVICE = 3   # --device named a GPU that no framework could open

# id -> (unit, better, statistic, label)
METRIC_SPECS = {
    'py.cpu.matmul.f32.gflops': ('GFLOPS', 'higher', 'best', 'CPU matmul float32'),
    'py.cpu.matmul.f64.gflops': ('GFLOPS', 'higher', 'best', 'CPU matmul float64'),
    'py.cpu.elementwise.gbps': ('GB/s', 'higher', 'best', 'CPU elementwise a*b+c'),
    'py.cpu.sum.gbps': ('GB/s', 'higher', 'best', 'CPU sum'),
    'py.cpu.call.us': ('µs', 'lower', 'median', 'CPU tiny ufunc call'),
    'py.gpu.matmul.f32.gflops': ('GFLOPS', 'higher', 'best', 'GPU matmul float32'),
    'py.gpu.matmul.tf32.gflops': ('GFLOPS', 'higher', 'best', 'GPU matmul TF32'),
    'py.gpu.matmul.f16.gflops': ('GFLOPS', 'higher', 'best', 'GPU matmul float16'),
    'py.gpu.upload.gbps': ('GB/s', 'higher', 'best', 'Upload (pageable)'),
    'py.gpu.upload.pinned.gbps': ('GB/s', 'higher', 'best', 'Upload (pinned)'),
    'py.gpu.upload.latency.ms': ('ms', 'lower', 'median', 'Upload latency'),
    'py.gpu.readback.gbps': ('GB/s', 'higher', 'best', 'Readback (pageable)'),
    'py.gpu.device.gbps': ('GB/s', 'higher', 'best', 'GPU memory copy'),
    'py.gpu.launch.us': ('µs', 'lower', 'median', 'GPU kernel launch'),
    'py.gpu.sync.ms': ('ms', 'lower', 'median', 'Submit + synchronize'),
}
METRIC_ORDER = list(METRIC_SPECS)
CPU_METRIC_IDS = [m for m in METRIC_ORDER if m.startswith('py.cpu.')]
GPU_METRIC_IDS = [m for m in METRIC_ORDER if m.startswith('py.gpu.')]
CPU_FRAMEWORK = 'numpy'
GPU_FRAMEWORKS = ('torch', 'cupy', 'jax')
FRAMEWORK_LABELS = {'numpy': 'NumPy', 'torch': 'PyTorch', 'cupy': 'CuPy', 'jax': 'JAX'}

# Relative Frobenius error ||C - R|| / ||R|| allowed on the sampled block, per dtype. The
# reference R is computed in float64 from the inputs as stored (already rounded to the dtype),
# so only accumulation and output rounding count: ~1e-6 for float32, ~5e-4 for a float16
# output, ~4e-3 for bfloat16, ~1e-3 for TF32's 10-bit inputs. A wrong result scores ~1.
MATMUL_TOLERANCE = {'f64': 1e-10, 'f32': 1e-4, 'tf32': 2e-2, 'f16': 2e-2, 'bf16': 6e-2}

# Limits the page's validator enforces too (src/model/python/python-probe-checks.ts).
MAX_STRING = 4096
MAX_SAMPLES = 20000
MAX_MEASURED = 1e15

MiB = 1024 * 1024
L2_FLUSH_BYTES = 256 * MiB  # triton's do_bench uses the same size

NO_NUMPY_MESSAGE = (
    'gpu_payoff_probe needs NumPy, which is not importable here.\n'
    'Install it into the Python you run this with, e.g.  python3 -m pip install numpy\n'
    '(or your distribution\'s package, e.g. apt install python3-numpy), then run the probe again.'
)
BROKEN_NUMPY_MESSAGE = (
    'gpu_payoff_probe: NumPy is installed but failed to import:\n'
    '  %s\n'
    'This is a problem of that NumPy installation (a missing library, a mix of versions, or running from\n'
    'inside a NumPy source tree); reinstalling it usually helps, e.g.  python3 -m pip install --force-reinstall numpy'
)

# The shortest CPU sample, whatever the budget. A sample shorter than a few scheduler ticks
# (4 ms at HZ=250) measures the scheduler when the machine is shared: a 0.3 ms call that loses
# the CPU lasts until it gets it back (16, 24, 36 ... ms here), whatever its dtype or size.
MIN_CPU_SAMPLE_S = 0.02
# Per-call time is estimated from warm-up batches of about this length (the fastest batch counts).
ESTIMATE_BATCH_S = 0.002
ESTIMATE_MIN_BATCHES = 2

# --------------------------------------------------------------------------------------------
# Pure: statistics (the same definitions as src/model/shared/stats.ts).


def percentile_sorted(sorted_values, q):
    """Percentile q in [0, 1] of an ascending list, linear between closest ranks (NumPy's default)."""
    if not sorted_values:
        raise ValueError('percentile of an empty sample')
    if not 0.0 <= q <= 1.0:
        raise ValueError('q must be in [0, 1], got %r' % (q,))
    pos = (len(sorted_values) - 1) * q
    lo = int(math.floor(pos))
    hi = int(math.ceil(pos))
    a = sorted_values[lo]
    b = sorted_values[hi]
    return a + (b - a) * (pos - lo)


def summarize(samples, better):
    """n, best, median, p10, p90, mean, stdev (n - 1) of finite samples; best = max or min."""
    if better not in ('higher', 'lower'):
        raise ValueError('better must be higher or lower')
    values = [float(s) for s in samples]
    if not values:
        raise ValueError('cannot summarise zero samples')
    for v in values:
        if not math.isfinite(v):
            raise ValueError('non-finite sample: %r' % (v,))
    s = sorted(values)
    n = len(s)
    mean = sum(s) / n
    var = sum((v - mean) ** 2 for v in s) / (n - 1) if n > 1 else 0.0
    return {
        'n': n,
        'best': s[-1] if better == 'higher' else s[0],
        'median': percentile_sorted(s, 0.5),
        'p10': percentile_sorted(s, 0.1),
        'p90': percentile_sorted(s, 0.9),
        'mean': mean,
        'stdev': math.sqrt(var),
    }


# --------------------------------------------------------------------------------------------
# Pure: the transfer fit, a port of src/model/bench/transfer-fit.ts (same weights, same clamping).

BYTES_PER_MS_PER_GBPS = 1e6


def _usable_points(points):
    return [p for p in points if p['bytes'] > 0 and p['ms'] > 0 and math.isfinite(p['ms'])]


def _weighted_r2(points, intercept, slope):
    sw = sum(1.0 / (p['ms'] ** 2) for p in points)
    sy = sum(1.0 / p['ms'] for p in points)
    mean_y = sy / sw
    ss_res = 0.0
    ss_tot = 0.0
    for p in points:
        w = 1.0 / (p['ms'] ** 2)
        ss_res += w * (p['ms'] - (intercept + slope * p['bytes'])) ** 2
        ss_tot += w * (p['ms'] - mean_y) ** 2
    return max(0.0, 1.0 - ss_res / ss_tot) if ss_tot > 0 else 1.0


def fit_transfer(points):
    """Fit ms = latencyMs + bytes / (gbps * 1e6) by least squares weighted 1/t^2.

    points: [{"bytes": int, "ms": float}]. Returns {"latencyMs", "gbps", "r2", "clamped", "n"}
    or None when the data cannot define a line (fewer than 2 distinct sizes, or bigger
    transfers were not slower). A negative intercept is clamped: the line is refitted
    through the origin and "clamped" is true.
    """
    usable = _usable_points(points)
    if len(set(p['bytes'] for p in usable)) < 2:
        return None
    sw = sx = sy = sxx = sxy = 0.0
    for p in usable:
        x, y = float(p['bytes']), float(p['ms'])
        w = 1.0 / (y * y)
        sw += w
        sx += w * x
        sy += w * y
        sxx += w * x * x
        sxy += w * x * y
    det = sw * sxx - sx * sx
    slope = (sw * sxy - sx * sy) / det if det != 0 else float('nan')
    intercept = (sy - slope * sx) / sw if math.isfinite(slope) else float('nan')
    clamped = False
    if not intercept >= 0:
        slope = sxy / sxx
        intercept = 0.0
        clamped = True
    if not (math.isfinite(slope) and slope > 0):
        return None
    return {
        'latencyMs': intercept,
        'gbps': 1.0 / (slope * BYTES_PER_MS_PER_GBPS),
        'r2': _weighted_r2(usable, intercept, slope),
        'clamped': clamped,
        'n': len(usable),
    }


def fit_transfer_for_bandwidth(points, large_fraction=1.0 / 16):
    """The page's suite fit: latency from fit_transfer, bandwidth from the transfers of at
    least large_fraction of the largest size as sum(bytes) / sum(t - latency)."""
    base = fit_transfer(points)
    if base is None:
        return None
    usable = _usable_points(points)
    max_bytes = max(p['bytes'] for p in usable)
    large = [p for p in usable if p['bytes'] >= max_bytes * large_fraction]
    total_bytes = sum(p['bytes'] for p in large)
    total_ms = sum(p['ms'] - base['latencyMs'] for p in large)
    if not total_ms > 0:
        return base
    gbps = total_bytes / (total_ms * BYTES_PER_MS_PER_GBPS)
    out = dict(base)
    out['gbps'] = gbps
    out['r2'] = _weighted_r2(usable, base['latencyMs'], 1.0 / (gbps * BYTES_PER_MS_PER_GBPS))
    return out


def predict_ms(fit, nbytes):
    """Model time in ms for nbytes under a fit."""
    return fit['latencyMs'] + nbytes / (fit['gbps'] * BYTES_PER_MS_PER_GBPS)


def geometric_sizes(min_value, max_value, factor):
    """min_value, min_value*factor, ... up to max_value inclusive (integers)."""
    if not (min_value > 0 and factor > 1):
        raise ValueError('need min_value > 0 and factor > 1')
    out = []
    v = min_value
    while v <= max_value:
        out.append(int(v))
        v *= factor
    return out


# --------------------------------------------------------------------------------------------
# Pure: the sweep rules.


def next_size_allowed(last_call_s, growth, calls_needed, per_size_budget_s, remaining_s):
    """Whether the next (bigger) size of a sweep fits the time budget.

    last_call_s: seconds one call took at the current size; growth: how much longer one call
    is predicted to take at the next size (8 for a matmul whose n doubles); calls_needed: the
    calls the next size needs at least (warm-up + minimum samples). Returns (allowed, reason).
    """
    if not (last_call_s >= 0 and growth > 0 and calls_needed >= 1):
        raise ValueError('bad sweep rule arguments')
    predicted = last_call_s * growth * calls_needed
    if remaining_s <= 0:
        return False, 'the time budget is spent'
    if predicted > per_size_budget_s:
        return False, 'the next size would need ~%.1f s, over the %.1f s per size' % (predicted, per_size_budget_s)
    if predicted > remaining_s:
        return False, 'the next size would need ~%.1f s, more than the %.1f s left' % (predicted, remaining_s)
    return True, ''


def reps_for_target(call_s, target_s, max_reps=1000000):
    """Calls per timed sample so that one sample lasts about target_s (at least 1)."""
    if not call_s > 0:
        return max_reps
    return int(max(1, min(max_reps, math.ceil(target_s / call_s))))


def sample_count(call_s, budget_s, min_samples, max_samples):
    """How many samples of call_s each fit in budget_s, clamped to [min_samples, max_samples]."""
    if not call_s > 0:
        return max_samples
    return int(max(min_samples, min(max_samples, math.floor(budget_s / call_s + 1e-9))))


def matmul_flops(m, n, k):
    """FLOPs of an (m x k)(k x n) matmul: one FMA = 2 FLOPs."""
    return 2.0 * m * n * k


def relative_frobenius_error(result, reference):
    """||result - reference||_F / ||reference||_F over two equally long flat sequences."""
    num = 0.0
    den = 0.0
    for r, ref in zip(result, reference):
        num += (float(r) - float(ref)) ** 2
        den += float(ref) ** 2
    if den == 0:
        return 0.0 if num == 0 else float('inf')
    return math.sqrt(num / den)


def matmul_error_message(kind, error, size):
    """None when the error is within MATMUL_TOLERANCE[kind]; otherwise the failure message."""
    tol = MATMUL_TOLERANCE[kind]
    if math.isfinite(error) and error <= tol:
        return None
    return ('result does not match the float64 reference at n=%d: relative error %.3g > %.0e allowed for %s'
            % (size, error, tol, kind))


# --------------------------------------------------------------------------------------------
# Pure: metrics and the document.


def _clean_details(details):
    out = {}
    for k, v in (details or {}).items():
        if isinstance(v, bool) or isinstance(v, str):
            out[str(k)] = v if not isinstance(v, str) else v[:MAX_STRING]
        elif isinstance(v, (int, float)) and math.isfinite(v):
            out[str(k)] = v
    return out


def ok_metric(metric_id, samples, framework, details=None, points=None, size_unit=None):
    """An ok metric from raw samples in the metric's unit; headline per METRIC_SPECS."""
    unit, better, statistic, _ = METRIC_SPECS[metric_id]
    stats = summarize(samples, better)
    m = {
        'id': metric_id,
        'framework': framework,
        'status': 'ok',
        'unit': unit,
        'better': better,
        'statistic': statistic,
        'value': stats[statistic],
    }
    m.update(stats)
    m['samples'] = [float(s) for s in samples][:MAX_SAMPLES]
    m['validated'] = True
    if size_unit is not None:
        m['sizeUnit'] = size_unit
    if points:
        m['points'] = [{'size': p['size'], 'value': p['value']} for p in points]
    if details:
        m['details'] = _clean_details(details)
    return m


def failed_metric(metric_id, framework, error, status='failed'):
    """A metric that has no number, with the reason."""
    unit, better, statistic, _ = METRIC_SPECS[metric_id]
    return {
        'id': metric_id,
        'framework': framework,
        'status': status,
        'unit': unit,
        'better': better,
        'statistic': statistic,
        'error': (str(error) or 'unknown error')[:MAX_STRING],
    }


def iso_now(t=None):
    """UTC ISO 8601 with milliseconds and a Z, like JavaScript's toISOString()."""
    dt = datetime.datetime.fromtimestamp(time.time() if t is None else t, tz=datetime.timezone.utc)
    return dt.strftime('%Y-%m-%dT%H:%M:%S.') + '%03dZ' % (dt.microsecond // 1000)


def build_document(*, profile, started_at, duration_ms, stack, metrics, settings, device=None,
                   gpu_unavailable=None, primary_framework=None, transfers=(), notes=(), errors=(),
                   created_at=None, conditions=None):
    """Assemble the document (see the module docstring); metrics sorted by METRIC_ORDER."""
    order = {m: i for i, m in enumerate(METRIC_ORDER)}
    fw_order = {f: i for i, f in enumerate((CPU_FRAMEWORK,) + GPU_FRAMEWORKS)}
    doc = {
        'kind': DOC_KIND,
        'schemaVersion': SCHEMA_VERSION,
        'probeVersion': PROBE_VERSION,
        'createdAt': created_at or iso_now(),
        'startedAt': started_at,
        'durationMs': float(duration_ms),
        'profile': profile,
        'settings': settings,
        'stack': stack,
        'device': device,
        'metrics': sorted(metrics, key=lambda m: (order.get(m['id'], 99), fw_order.get(m['framework'], 9))),
        'transfers': list(transfers),
        'notes': [str(n)[:MAX_STRING] for n in notes],
        'errors': [str(e)[:MAX_STRING] for e in errors],
    }
    if gpu_unavailable:
        doc['gpuUnavailable'] = str(gpu_unavailable)[:MAX_STRING]
    if primary_framework:
        doc['primaryFramework'] = primary_framework
    if conditions:
        doc['conditions'] = {k: v for k, v in conditions.items() if _is_num(v)}
    return doc


def _is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _check_json_shape(value, path, depth=0):
    if depth > 16:
        return '%s is nested too deeply' % path
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return None if math.isfinite(value) else '%s is not a finite number' % path
    if isinstance(value, str):
        return None if len(value) <= MAX_STRING else '%s is too long' % path
    if isinstance(value, list):
        if len(value) > MAX_SAMPLES:
            return '%s has too many entries' % path
        for i, v in enumerate(value):
            e = _check_json_shape(v, '%s[%d]' % (path, i), depth + 1)
            if e:
                return e
        return None
    if isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, str):
                return '%s has a non-text key' % path
            if k in ('__proto__', 'constructor', 'prototype'):
                return '%s has a forbidden field "%s"' % (path, k)
            e = _check_json_shape(v, '%s.%s' % (path, k), depth + 1)
            if e:
                return e
        return None
    return '%s has an unsupported type (%s)' % (path, type(value).__name__)


def _validate_metric(m, path):
    if not isinstance(m, dict):
        return ['%s must be an object' % path]
    errs = []
    mid = m.get('id')
    if mid not in METRIC_SPECS:
        return ['%s.id is not a known metric (%r)' % (path, str(mid)[:60])]
    unit, better, statistic, _ = METRIC_SPECS[mid]
    fw = m.get('framework')
    if mid in CPU_METRIC_IDS and fw != CPU_FRAMEWORK:
        errs.append('%s.framework must be numpy for a CPU metric' % path)
    if mid in GPU_METRIC_IDS and fw not in GPU_FRAMEWORKS:
        errs.append('%s.framework must be one of %s' % (path, ', '.join(GPU_FRAMEWORKS)))
    if m.get('unit') != unit:
        errs.append('%s.unit must be %s' % (path, unit))
    if m.get('better') != better:
        errs.append('%s.better must be %s' % (path, better))
    if m.get('statistic') != statistic:
        errs.append('%s.statistic must be %s' % (path, statistic))
    status = m.get('status')
    if status in ('failed', 'skipped'):
        if not isinstance(m.get('error'), str) or not m['error']:
            errs.append('%s.error must be non-empty text' % path)
        return errs
    if status != 'ok':
        return errs + ['%s.status must be ok, failed or skipped' % path]
    samples = m.get('samples')
    if not isinstance(samples, list) or not samples:
        return errs + ['%s.samples must be a non-empty list' % path]
    if not all(_is_num(s) and 0 <= s <= MAX_MEASURED for s in samples):
        return errs + ['%s.samples holds a negative, non-finite or impossible value' % path]
    for key in ('value', 'best', 'median', 'p10', 'p90', 'mean', 'stdev'):
        v = m.get(key)
        if not _is_num(v) or v < 0 or v > MAX_MEASURED:
            errs.append('%s.%s must be a finite number >= 0' % (path, key))
    if errs:
        return errs
    if m.get('n') != len(samples):
        errs.append('%s.n must equal the number of samples' % path)
    if better == 'higher' and not m['value'] > 0:
        errs.append('%s.value must be > 0' % path)
    if abs(m['value'] - m[statistic]) > 1e-9 * max(1.0, abs(m[statistic])):
        errs.append('%s.value must equal its %s' % (path, statistic))
    extreme = max(samples) if better == 'higher' else min(samples)
    if abs(m['best'] - extreme) > 1e-9 * max(1.0, abs(extreme)):
        errs.append('%s.best must be the best sample' % path)
    if not (m['p10'] <= m['median'] * (1 + 1e-12) and m['median'] <= m['p90'] * (1 + 1e-12)):
        errs.append('%s must have p10 <= median <= p90' % path)
    if m.get('validated') is not True:
        errs.append('%s.validated must be true' % path)
    points = m.get('points')
    if points is not None:
        if not isinstance(points, list) or not all(
                isinstance(p, dict) and _is_num(p.get('size')) and p['size'] > 0 and _is_num(p.get('value'))
                and 0 <= p['value'] <= MAX_MEASURED for p in points):
            errs.append('%s.points must be a list of {size > 0, value >= 0}' % path)
    if m.get('sizeUnit') not in (None, 'n', 'bytes'):
        errs.append('%s.sizeUnit must be n or bytes' % path)
    details = m.get('details')
    if details is not None and (not isinstance(details, dict) or not all(
            isinstance(v, (str, bool)) or _is_num(v) for v in details.values())):
        errs.append('%s.details must be a flat object' % path)
    return errs


def validate_document(doc):
    """Every problem found in a probe document (an empty list means valid). Mirrors
    validatePythonProbeDocument in src/model/python/python-probe-validate.ts."""
    if not isinstance(doc, dict):
        return ['document must be an object']
    shape = _check_json_shape(doc, 'document')
    if shape:
        return [shape]
    errs = []
    if doc.get('kind') != DOC_KIND:
        return ['document.kind must be %s' % DOC_KIND]
    if doc.get('schemaVersion') != SCHEMA_VERSION:
        return ['document.schemaVersion %r is not supported' % (doc.get('schemaVersion'),)]
    for key in ('createdAt', 'startedAt'):
        v = doc.get(key)
        if not isinstance(v, str) or not re.match(r'^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$', v):
            errs.append('document.%s must be an ISO 8601 date' % key)
    if not _is_num(doc.get('durationMs')) or doc['durationMs'] < 0:
        errs.append('document.durationMs must be a number >= 0')
    if doc.get('profile') not in ('quick', 'full'):
        errs.append('document.profile must be quick or full')
    stack = doc.get('stack')
    if not isinstance(stack, dict):
        errs.append('document.stack must be an object')
    else:
        for key in ('python', 'numpy', 'os'):
            if not isinstance(stack.get(key), str) or len(stack[key]) > 256:
                errs.append('document.stack.%s must be text' % key)
        blas = stack.get('blas')
        if not isinstance(blas, dict) or not isinstance(blas.get('name'), str):
            errs.append('document.stack.blas.name must be text')
        elif blas.get('threads') is not None and (not isinstance(blas['threads'], int) or blas['threads'] < 1):
            errs.append('document.stack.blas.threads must be a whole number >= 1 or null')
        cpu = stack.get('cpu')
        if not isinstance(cpu, dict) or not isinstance(cpu.get('model'), str) or not (
                isinstance(cpu.get('cores'), int) and cpu['cores'] >= 1):
            errs.append('document.stack.cpu must have a model and cores >= 1')
        fws = stack.get('frameworks')
        if not isinstance(fws, list) or not all(isinstance(f, dict) and f.get('name') in GPU_FRAMEWORKS
                                                and isinstance(f.get('version'), str) for f in fws):
            errs.append('document.stack.frameworks must be a list of {name, version}')
    device = doc.get('device')
    if device is not None and not (isinstance(device, dict) and isinstance(device.get('name'), str)
                                   and device.get('framework') in GPU_FRAMEWORKS):
        errs.append('document.device must be null or {framework, name, ...}')
    metrics = doc.get('metrics')
    if not isinstance(metrics, list) or len(metrics) > 64:
        errs.append('document.metrics must be a list of at most 64 entries')
    else:
        seen = set()
        for i, m in enumerate(metrics):
            path = 'document.metrics[%d]' % i
            errs.extend(_validate_metric(m, path))
            if isinstance(m, dict):
                key = (m.get('id'), m.get('framework'))
                if key in seen:
                    errs.append('%s repeats %s for %s' % (path, key[0], key[1]))
                seen.add(key)
    for key in ('notes', 'errors'):
        v = doc.get(key)
        if not isinstance(v, list) or not all(isinstance(s, str) for s in v):
            errs.append('document.%s must be a list of text' % key)
    transfers = doc.get('transfers', [])
    if not isinstance(transfers, list) or not all(
            isinstance(t, dict) and isinstance(t.get('path'), str) and isinstance(t.get('points'), list)
            and all(isinstance(p, dict) and _is_num(p.get('bytes')) and p['bytes'] > 0 and _is_num(p.get('ms'))
                    and p['ms'] >= 0 for p in t['points']) for t in transfers):
        errs.append('document.transfers must be a list of {path, points: [{bytes > 0, ms >= 0}]}')
    if doc.get('gpuUnavailable') is not None and not isinstance(doc['gpuUnavailable'], str):
        errs.append('document.gpuUnavailable must be text')
    conditions = doc.get('conditions')
    if conditions is not None and (not isinstance(conditions, dict) or not all(
            _is_num(v) and v >= 0 for v in conditions.values())):
        errs.append('document.conditions must be an object of numbers >= 0')
    primary = doc.get('primaryFramework')
    if primary is not None and primary not in GPU_FRAMEWORKS:
        errs.append('document.primaryFramework must be one of %s' % ', '.join(GPU_FRAMEWORKS))
    return errs


# --------------------------------------------------------------------------------------------
# Pure: labels and formatting.


def _short_version(v, parts=2):
    if not v:
        return ''
    m = re.match(r'^(\d+(?:\.\d+){0,%d})' % (parts - 1), str(v))
    return m.group(1) if m else str(v)[:16]


def blas_label(name):
    n = (name or '').lower()
    if 'openblas' in n:
        return 'OpenBLAS'
    if 'mkl' in n:
        return 'MKL'
    if 'accelerate' in n:
        return 'Accelerate'
    if 'blis' in n:
        return 'BLIS'
    if n in ('', 'unknown'):
        return 'unknown BLAS'
    return name


def describe_stack(doc):
    """'NumPy 2.4 · OpenBLAS 0.3.31 · 2 threads', or 'PyTorch 2.5 · CUDA 12.4 · NVIDIA H100'
    when a GPU was measured (the same rule as describeStack in python-probe.ts)."""
    stack = doc.get('stack') or {}
    device = doc.get('device')
    primary = doc.get('primaryFramework')
    if device and primary:
        fw = next((f for f in stack.get('frameworks', []) if f.get('name') == primary), {})
        parts = ['%s %s' % (FRAMEWORK_LABELS.get(primary, primary), _short_version(fw.get('version')))]
        backend = device.get('backend')
        if backend == 'mps':
            parts.append('MPS')
        elif fw.get('cuda'):
            parts.append('%s %s' % ('ROCm' if backend == 'rocm' else 'CUDA', _short_version(fw.get('cuda'))))
        parts.append(str(device.get('name', ''))[:80])
        return ' · '.join(p.strip() for p in parts if p.strip())
    blas = stack.get('blas') or {}
    parts = ['NumPy %s' % _short_version(stack.get('numpy'))]
    parts.append(('%s %s' % (blas_label(blas.get('name')), _short_version(blas.get('version'), 3))).strip())
    threads = blas.get('threads')
    if isinstance(threads, int):
        parts.append('%d thread%s' % (threads, '' if threads == 1 else 's'))
    return ' · '.join(parts)


def busy_machine_note(load_1m, cores):
    """A warning when other work was competing for the CPU as the probe started, else None."""
    if load_1m is None or not cores or load_1m <= 0.5 * cores:
        return None
    return ('The machine was busy when the probe started (1-minute load average %.1f on %d cores): other work '
            'competes for the CPU, so the CPU numbers are likely low. Rerun on an idle machine.' % (load_1m, cores))


def gpu_unavailable_message(attempts, requested_cpu=False):
    """Plain words for "no GPU numbers". attempts: [(framework, state)] where state is
    'not importable', 'import failed: <why>' or '<version>: <why>' (e.g. '2.5.1: no device')."""
    if requested_cpu:
        return 'not measured — skipped (--device cpu)'
    importable = [(f, s) for f, s in attempts if s != 'not importable']
    names = '/'.join(FRAMEWORK_LABELS[f] for f in GPU_FRAMEWORKS)
    if not importable:
        return 'not measured — no CUDA/ROCm/MPS device found by %s (none importable here)' % names
    said = '; '.join('%s %s' % (FRAMEWORK_LABELS.get(f, f), s) for f, s in attempts)
    return 'not measured — no CUDA/ROCm/MPS device found by %s (%s)' % (names, said)


def format_number(v):
    """3 significant digits, no exponent for everyday magnitudes."""
    if v == 0:
        return '0'
    a = abs(v)
    if a >= 1000:
        return '{:,.0f}'.format(v)
    if a >= 100:
        return '%.0f' % v
    if a >= 10:
        return '%.1f' % v
    if a >= 1:
        return '%.2f' % v
    if a >= 0.001:
        return '%.3g' % v
    return '%.2e' % v


def format_size(size, size_unit):
    if size_unit == 'n':
        return str(int(size))
    b = float(size)
    for unit, scale in (('GiB', 1024 ** 3), ('MiB', MiB), ('KiB', 1024)):
        if b >= scale:
            return '%g %s' % (round(b / scale, 1), unit)
    return '%d B' % b


def format_table(doc):
    """The readable report."""
    lines = []
    stack = doc['stack']
    lines.append('GPU payoff · Python probe %s · %s profile · %.1f s'
                 % (doc.get('probeVersion', '?'), doc['profile'], doc['durationMs'] / 1000))
    blas = stack.get('blas', {})
    extra = []
    if blas.get('coretype'):
        extra.append('%s kernels' % blas['coretype'])
    if blas.get('threadsSource'):
        extra.append('threads from %s' % blas['threadsSource'])
    lines.append('Stack:  %s%s · Python %s' % (describe_stack(dict(doc, device=None, primaryFramework=None)),
                                               ' (%s)' % ', '.join(extra) if extra else '', stack.get('python')))
    cpu = stack.get('cpu', {})
    lines.append('CPU:    %s · %s cores usable · %s' % (cpu.get('model'), cpu.get('cores'), stack.get('os')))
    if doc.get('device'):
        lines.append('GPU:    %s' % describe_stack(doc))
    lines.append('')
    header = '%-24s %-7s %16s  %-9s %-22s %4s' % ('Metric', 'Lib', 'Value', 'Statistic', 'p10 … p90', 'n')
    lines.append(header)
    lines.append('-' * len(header))
    for m in doc['metrics']:
        label = METRIC_SPECS[m['id']][3]
        if m['status'] == 'ok':
            value = '%s %s' % (format_number(m['value']), m['unit'])
            spread = '%s … %s' % (format_number(m['p10']), format_number(m['p90']))
            lines.append('%-24s %-7s %16s  %-9s %-22s %4d' % (label, m['framework'], value, m['statistic'], spread, m['n']))
            if m.get('points'):
                pts = ', '.join('%s: %s' % (format_size(p['size'], m.get('sizeUnit')), format_number(p['value']))
                                for p in m['points'])
                lines.append('%-24s   sweep %s' % ('', pts))
        else:
            lines.append('%-24s %-7s %16s  %s' % (label, m['framework'], m['status'], m['error']))
    lines.append('')
    if doc.get('gpuUnavailable'):
        lines.append('GPU: %s' % doc['gpuUnavailable'])
    for t in doc.get('transfers', []):
        fit = t.get('fit')
        if fit:
            lines.append('Transfer fit %-28s latency %s ms, bandwidth %s GB/s (r² %.3f)'
                         % (t['path'], format_number(fit['latencyMs']), format_number(fit['gbps']), fit['r2']))
    for n in doc.get('notes', []):
        lines.append('Note: %s' % n)
    for e in doc.get('errors', []):
        lines.append('Error: %s' % e)
    return '\n'.join(lines)


# --------------------------------------------------------------------------------------------
# CLI and profiles.

PROFILES = {
    'quick': {
        'cpu_budget_s': 16.0,
        'gpu_budget_s': 20.0,
        'warmup_s': 0.1,
        'cpu_sample_s': 0.03,
        'cpu_min_samples': 3,
        'cpu_max_samples': 10,
        'cpu_matmul_sizes': [256, 512, 1024, 2048, 4096],
        'stream_min_bytes': 64 * 1024,
        'stream_max_bytes': 64 * MiB,
        'stream_factor': 4,
        'call_samples': 15,
        'gpu_matmul_sizes': [1024, 2048, 4096, 8192],
        'gpu_min_samples': 5,
        'gpu_max_samples': 50,
        'transfer_min_bytes': 4096,
        'transfer_max_bytes': 64 * MiB,
        'transfer_factor': 4,
        'transfer_rounds': 3,
        'device_copy_bytes': 512 * MiB,
        'sync_samples': 50,
    },
    'full': {
        'cpu_budget_s': 60.0,
        'gpu_budget_s': 60.0,
        'warmup_s': 0.5,
        'cpu_sample_s': 0.05,
        'cpu_min_samples': 5,
        'cpu_max_samples': 30,
        'cpu_matmul_sizes': [256, 512, 1024, 2048, 4096],
        'stream_min_bytes': 16 * 1024,
        'stream_max_bytes': 256 * MiB,
        'stream_factor': 4,
        'call_samples': 30,
        'gpu_matmul_sizes': [1024, 2048, 4096, 8192, 16384],
        'gpu_min_samples': 10,
        'gpu_max_samples': 200,
        'transfer_min_bytes': 4096,
        'transfer_max_bytes': 256 * MiB,
        'transfer_factor': 2,
        'transfer_rounds': 5,
        'device_copy_bytes': 2048 * MiB,
        'sync_samples': 200,
    },
}

BUDGET_ENV = 'GPU_PAYOFF_PROBE_BUDGET'


def parse_device(text):
    """'auto' | 'cpu' | 'cuda' | 'cuda:N' | 'rocm:N' | 'gpu:N' | 'mps' -> (kind, index).
    ROCm builds of PyTorch, CuPy and JAX address AMD GPUs as CUDA devices, so rocm means cuda."""
    t = (text or 'auto').strip().lower()
    m = re.match(r'^(auto|cpu|cuda|rocm|gpu|mps)(?::(\d+))?$', t)
    if not m:
        raise ValueError('unknown device %r (use auto, cpu, cuda, cuda:N, rocm:N or mps)' % text)
    kind = m.group(1)
    index = int(m.group(2)) if m.group(2) else 0
    if kind in ('rocm', 'gpu'):
        kind = 'cuda'
    if kind in ('auto', 'cpu', 'mps') and m.group(2) and index != 0:
        raise ValueError('device %r takes no index' % text)
    return kind, index


def build_parser():
    p = argparse.ArgumentParser(
        prog='gpu_payoff_probe.py',
        description='Measure NumPy (and PyTorch / CuPy / JAX on a GPU when present) for GPU payoff.')
    g = p.add_mutually_exclusive_group()
    g.add_argument('--quick', dest='profile', action='store_const', const='quick',
                   help='short run, about 20 s of CPU measurement (default)')
    g.add_argument('--full', dest='profile', action='store_const', const='full',
                   help='longer run: bigger sweeps, more samples (a few minutes)')
    p.add_argument('--json', action='store_true', help='print the JSON document on stdout instead of the table')
    p.add_argument('--out', metavar='FILE', help='also write the JSON document to FILE')
    p.add_argument('--device', default='auto', help='auto (default), cpu (no GPU part), cuda, cuda:N, rocm:N, mps')
    p.add_argument('--framework', action='append', choices=GPU_FRAMEWORKS,
                   help='GPU framework(s) to measure (repeatable; default: every importable one)')
    p.add_argument('--budget', type=float, metavar='SECONDS',
                   help='time budget for the CPU part (and for each GPU framework); default from the '
                        'profile, or $%s' % BUDGET_ENV)
    p.add_argument('--check', action='store_true',
                   help='compare the probe\'s float32 matmul with a plain timeit of a @ b, then exit')
    p.add_argument('--seed', type=int, default=1234, help='seed for the random inputs')
    p.add_argument('--quiet', action='store_true', help='no progress display on stderr')
    p.set_defaults(profile='quick')
    return p


def out_path_problem(path):
    """Why the document cannot be written to path, in words, or None. Checked before measuring,
    so that a typo in the folder does not cost a whole run."""
    full = os.path.abspath(path)
    folder = os.path.dirname(full)
    if os.path.isdir(full):
        return 'that is a folder; give a file name, e.g. %s' % os.path.join(path, 'probe.json')
    if not os.path.isdir(folder):
        return 'the folder %s does not exist' % folder
    if not os.access(folder, os.W_OK | os.X_OK):
        return 'the folder %s is not writable' % folder
    if os.path.exists(full) and not os.access(full, os.W_OK):
        return 'the file exists and is not writable'
    return None


def parse_args(argv=None, environ=None):
    """Parsed arguments plus the resolved run settings (profile config, budget, device)."""
    env = os.environ if environ is None else environ
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        args.device_kind, args.device_index = parse_device(args.device)
    except ValueError as e:
        parser.error(str(e))
    budget = args.budget
    if budget is None and env.get(BUDGET_ENV):
        try:
            budget = float(env[BUDGET_ENV])
        except ValueError:
            parser.error('%s must be a number of seconds' % BUDGET_ENV)
    if budget is not None and not (budget > 0 and math.isfinite(budget)):
        parser.error('the budget must be a positive number of seconds')
    if args.out:
        problem = out_path_problem(args.out)
        if problem:
            parser.error('--out %s: %s' % (args.out, problem))
    cfg = dict(PROFILES[args.profile])
    if budget is not None:
        scale = budget / cfg['cpu_budget_s']
        cfg['cpu_budget_s'] = budget
        cfg['gpu_budget_s'] = budget
        if scale < 1:
            # Shorter samples fit a small budget, but never below MIN_CPU_SAMPLE_S: `--full --budget 2`
            # once scaled them to 5 ms, one scheduler slice on a shared machine (see _cpu_samples).
            cfg['warmup_s'] = max(0.02, cfg['warmup_s'] * scale)
            cfg['cpu_sample_s'] = max(MIN_CPU_SAMPLE_S, cfg['cpu_sample_s'] * scale)
    args.config = cfg
    args.frameworks = list(dict.fromkeys(args.framework)) if args.framework else list(GPU_FRAMEWORKS)
    return args


# --------------------------------------------------------------------------------------------
# Progress display (stderr).


class Progress:
    def __init__(self, enabled, total_s, stream=None):
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.total_s = max(total_s, 1e-3)
        self.t0 = time.perf_counter()
        self.tty = hasattr(self.stream, 'isatty') and self.stream.isatty()
        self.last = None
        self.width = 0

    def __call__(self, text):
        if not self.enabled or text == self.last:
            return
        self.last = text
        frac = min(0.99, (time.perf_counter() - self.t0) / self.total_s)
        line = '[%3d%%] %s' % (int(frac * 100), text)
        if self.tty:
            pad = max(0, self.width - len(line))
            self.stream.write('\r' + line + ' ' * pad)
            self.width = len(line)
        else:
            self.stream.write(line + '\n')
        self.stream.flush()

    def done(self):
        if self.enabled and self.tty and self.width:
            self.stream.write('\r' + ' ' * self.width + '\r')
            self.stream.flush()


class Deadline:
    def __init__(self, seconds):
        self.end = time.perf_counter() + seconds

    def left(self):
        return self.end - time.perf_counter()


# --------------------------------------------------------------------------------------------
# Facts about the machine and the stack.


def load_average():
    try:
        return round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):
        return None


def read_text(path, limit=1 << 20):
    try:
        with open(path, 'r', errors='replace') as f:
            return f.read(limit)
    except OSError:
        return ''


def cpu_facts():
    model = ''
    features = []
    info = read_text('/proc/cpuinfo')
    m = re.search(r'^model name\s*:\s*(.+)$', info, re.M)
    if m:
        model = m.group(1).strip()
    flags = re.search(r'^(?:flags|Features)\s*:\s*(.+)$', info, re.M)
    if flags:
        have = set(flags.group(1).split())
        features = [f for f in ('sse4_2', 'avx', 'avx2', 'fma', 'f16c', 'avx512f', 'avx512_bf16', 'avx512_fp16',
                                'amx_tile', 'asimd', 'sve') if f in have]
    if not model and sys.platform == 'darwin':
        try:
            import subprocess
            model = subprocess.run(['sysctl', '-n', 'machdep.cpu.brand_string'], capture_output=True, text=True,
                                   timeout=5).stdout.strip()
        except Exception:  # noqa: BLE001 - any failure just leaves the model unknown
            model = ''
    if not model:
        model = platform.processor() or platform.machine() or 'unknown CPU'
    logical = os.cpu_count() or 1
    try:
        usable = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        usable = logical
    return {'model': model[:256], 'cores': max(1, usable), 'logicalCores': logical,
            'arch': platform.machine(), 'features': features}


def last_level_cache_bytes():
    best = 0
    base = '/sys/devices/system/cpu/cpu0/cache'
    try:
        entries = os.listdir(base)
    except OSError:
        entries = []
    for e in entries:
        text = read_text(os.path.join(base, e, 'size')).strip()
        m = re.match(r'^(\d+)([KMG]?)', text)
        if m:
            size = int(m.group(1)) * {'': 1, 'K': 1024, 'M': MiB, 'G': 1024 * MiB}[m.group(2)]
            best = max(best, size)
    return best or 32 * MiB


def _loaded_libraries(pattern):
    out = []
    for line in read_text('/proc/self/maps', 1 << 24).splitlines():
        parts = line.split()
        if len(parts) >= 6 and re.search(pattern, os.path.basename(parts[-1]), re.I):
            if parts[-1] not in out:
                out.append(parts[-1])
    return out


def _openblas_by_ctypes():
    """Thread count, core type and config of a loaded OpenBLAS, asked through its C API."""
    import ctypes
    for path in _loaded_libraries(r'openblas'):
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for prefix, suffix in (('', ''), ('scipy_', '64_'), ('', '64_'), ('scipy_', '')):
            fn = getattr(lib, '%sopenblas_get_num_threads%s' % (prefix, suffix), None)
            if fn is None:
                continue
            fn.restype = ctypes.c_int
            out = {'threads': int(fn())}
            for key, name in (('coretype', 'openblas_get_corename'), ('config', 'openblas_get_config')):
                f = getattr(lib, '%s%s%s' % (prefix, name, suffix), None)
                if f is not None:
                    f.restype = ctypes.c_char_p
                    raw = f()
                    out[key] = raw.decode('utf-8', 'replace').strip() if raw else None
            return out
    return None


def _mkl_by_ctypes():
    import ctypes
    for path in _loaded_libraries(r'mkl_rt|libmkl'):
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        fn = getattr(lib, 'MKL_Get_Max_Threads', None)
        if fn is not None:
            fn.restype = ctypes.c_int
            return {'threads': int(fn())}
    return None


def blas_facts(np):
    out = {'name': 'unknown', 'version': None, 'threads': None, 'threadsSource': 'unknown', 'coretype': None,
           'config': None}
    try:
        cfg = np.show_config(mode='dicts')  # NumPy >= 1.25
        blas = (cfg or {}).get('Build Dependencies', {}).get('blas', {})
        out['name'] = str(blas.get('name') or 'unknown')
        out['version'] = str(blas['version']) if blas.get('version') else None
        if blas.get('openblas configuration'):
            out['config'] = str(blas['openblas configuration'])[:512]
    except Exception:  # noqa: BLE001 - older NumPy: no mode= argument
        try:
            info = np.__config__.get_info('blas_opt_info') or np.__config__.get_info('blas_opt')
            libs = info.get('libraries') or []
            if libs:
                out['name'] = str(libs[0])
        except Exception:  # noqa: BLE001
            pass
    try:
        from threadpoolctl import threadpool_info  # optional
        for entry in threadpool_info():
            if entry.get('user_api') == 'blas':
                out['threads'] = int(entry.get('num_threads') or 0) or None
                out['threadsSource'] = 'threadpoolctl'
                if out['name'] == 'unknown':
                    out['name'] = str(entry.get('internal_api') or 'unknown')
                if not out['version'] and entry.get('version'):
                    out['version'] = str(entry['version'])
                if entry.get('architecture'):
                    out['coretype'] = str(entry['architecture'])
                break
    except Exception:  # noqa: BLE001 - threadpoolctl is optional
        pass
    if out['threads'] is None:
        try:
            found = _openblas_by_ctypes()
            source = 'openblas'
            if found is None:
                found = _mkl_by_ctypes()
                source = 'mkl'
        except Exception:  # noqa: BLE001
            found = None
        if found and found.get('threads', 0) >= 1:
            out['threads'] = found['threads']
            out['threadsSource'] = source
            out['coretype'] = out['coretype'] or found.get('coretype')
            out['config'] = out['config'] or found.get('config')
    if out['threads'] is None:
        for var in ('OPENBLAS_NUM_THREADS', 'MKL_NUM_THREADS', 'OMP_NUM_THREADS'):
            if os.environ.get(var, '').isdigit() and int(os.environ[var]) >= 1:
                out['threads'] = int(os.environ[var])
                out['threadsSource'] = 'env'
                break
    if out['coretype'] is None and os.environ.get('OPENBLAS_CORETYPE'):
        out['coretype'] = os.environ['OPENBLAS_CORETYPE']
    return out


def stack_facts(np):
    return {
        'python': platform.python_version(),
        'implementation': platform.python_implementation(),
        'numpy': np.__version__,
        'blas': blas_facts(np),
        'frameworks': [],
        'cpu': cpu_facts(),
        'os': platform.platform()[:256],
    }


def nvidia_driver_version():
    m = re.search(r'Kernel Module(?: for \w+)?\s+([\d.]+)', read_text('/proc/driver/nvidia/version'))
    return m.group(1) if m else None


def cuda_version_text(v):
    """12040 -> '12.4' (CUDA's integer encoding)."""
    try:
        v = int(v)
    except (TypeError, ValueError):
        return None
    return '%d.%d' % (v // 1000, (v % 1000) // 10) if v > 0 else None


# --------------------------------------------------------------------------------------------
# CPU measurements (NumPy).


def _time_calls(fn, reps):
    t0 = time.perf_counter_ns()
    for _ in range(reps):
        fn()
    return (time.perf_counter_ns() - t0) / 1e9


def cpu_sample_s(cfg):
    """How long one CPU sample lasts at least (several calls when one call is shorter)."""
    return max(cfg['cpu_sample_s'], MIN_CPU_SAMPLE_S)


def cpu_size_need_s(cfg):
    """The least time one size of a CPU sweep needs for a figure worth printing: the warm-up,
    then the minimum number of samples, each at least one sample long."""
    return cfg['warmup_s'] + cfg['cpu_min_samples'] * cpu_sample_s(cfg)


def budget_too_small(metric_id, budget_s, need_s, what):
    """The metric, not measured, saying why: its share of --budget cannot hold `what`."""
    return failed_metric(
        metric_id, CPU_FRAMEWORK,
        'not measured: the time budget is too small for this metric (it got %.2f s of --budget; %s needs '
        'at least %.2f s); run with a larger --budget' % (budget_s, what, need_s), status='skipped')


def _cpu_samples(fn, cfg, size_budget_s):
    """Warm up, size samples by time; return (per-call seconds of each sample, the fastest
    per-call seconds seen, the number of calls in each sample).

    The estimate is the fastest per-call time seen (warm-up batches, then samples), not one
    timing. On a busy machine a call that loses the CPU lasts until the scheduler runs it
    again: a 2-thread OpenBLAS call waits for its second thread, 16 ms here for a 0.3 ms
    n=256 matmul. With `--full --budget 2` (5 ms samples then) one such timing made every
    sample a single call lasting one scheduler slice: float32 and float64 both printed 2.10
    GFLOPS (2·256³ FLOP / 16 ms) with p10 = p90, and the sweep, predicting n=512 from the
    same 16 ms, stopped at n=256 (cpu_matmul now says its budget was too small instead).
    """
    target_s = cpu_sample_s(cfg)
    est = max(_time_calls(fn, 1), 1e-9)  # the first call pays first-use costs: an upper bound
    warm_end = time.perf_counter() + cfg['warmup_s']
    calls = 1
    batches = 0
    while batches < ESTIMATE_MIN_BATCHES or (time.perf_counter() < warm_end and calls < 100000):
        k = reps_for_target(est, ESTIMATE_BATCH_S)
        est = max(min(est, _time_calls(fn, k) / k), 1e-9)
        calls += k
        batches += 1
    reps = reps_for_target(est, target_s)
    n = sample_count(est * reps, size_budget_s, cfg['cpu_min_samples'], cfg['cpu_max_samples'])
    samples = []
    calls_per_sample = []
    end = time.perf_counter() + size_budget_s
    for i in range(n):
        per_call = _time_calls(fn, reps) / reps
        samples.append(per_call)
        calls_per_sample.append(reps)
        if not target_s / 2 <= per_call * reps <= 3 * target_s:
            # Keep samples near their length as the machine changes: far shorter when every
            # warm-up batch was slowed (they would time the scheduler), far longer when other
            # work takes the CPU now (the sweep's budget would not reach the bigger sizes).
            reps = reps_for_target(per_call, target_s)
        # The sweep predicts the next size from the fastest call seen.
        est = min(est, per_call)
        if i + 1 >= cfg['cpu_min_samples'] and time.perf_counter() > end:
            break
    return samples, est, calls_per_sample


def _matmul_block_error(np, a, b, c, rng, rows=8, cols=64):
    """Relative Frobenius error of c against a float64 reference on sampled rows/columns."""
    m, k = a.shape
    n = b.shape[1]
    ri = np.sort(rng.choice(m, size=min(rows, m), replace=False))
    ci = np.sort(rng.choice(n, size=min(cols, n), replace=False))
    ref = a[ri, :].astype(np.float64) @ b[:, ci].astype(np.float64)
    got = c[np.ix_(ri, ci)].astype(np.float64)
    den = float(np.linalg.norm(ref))
    err = float(np.linalg.norm(got - ref))
    if not math.isfinite(err):
        return float('inf')
    return err / den if den > 0 else (0.0 if err == 0 else float('inf'))


def cpu_matmul(np, dtype_key, cfg, deadline, budget_s, progress, seed):
    metric_id = 'py.cpu.matmul.%s.gflops' % dtype_key
    dtype = np.float32 if dtype_key == 'f32' else np.float64
    rng = np.random.default_rng(seed)
    sizes = cfg['cpu_matmul_sizes']
    need = cpu_size_need_s(cfg)
    if budget_s < need:
        return budget_too_small(metric_id, budget_s, need, 'one matrix size (warm-up, then %d samples of '
                                '%d ms)' % (cfg['cpu_min_samples'], round(cpu_sample_s(cfg) * 1000)))
    per_size = max(budget_s * 0.45, need)
    section = Deadline(budget_s)
    by_size = []  # (n, samples in GFLOPS, calls per sample)
    stop_reason = ''
    for idx, n in enumerate(sizes):
        progress('CPU matmul %s n=%d' % (dtype_key, n))
        a = (rng.random((n, n), dtype=np.float64) * 2 - 1).astype(dtype)
        b = (rng.random((n, n), dtype=np.float64) * 2 - 1).astype(dtype)
        c = np.empty((n, n), dtype=dtype)
        secs, est, calls = _cpu_samples(lambda: np.matmul(a, b, out=c), cfg,
                                        min(per_size, max(section.left(), 0.05)))
        err = _matmul_block_error(np, a, b, c, rng)
        msg = matmul_error_message(dtype_key, err, n)
        if msg:
            return failed_metric(metric_id, CPU_FRAMEWORK, msg)
        flops = matmul_flops(n, n, n)
        # The best sample's calls per sample goes with it into the details.
        by_size.append((n, [flops / s / 1e9 for s in secs], calls[secs.index(min(secs))]))
        del a, b, c
        if idx + 1 < len(sizes):
            ok, why = next_size_allowed(est, (sizes[idx + 1] / n) ** 3, 1 + cfg['cpu_min_samples'], per_size,
                                        min(section.left(), deadline.left()))
            if not ok:
                stop_reason = 'stopped after n=%d: %s' % (n, why)
                break
    if not by_size:
        return failed_metric(metric_id, CPU_FRAMEWORK, 'no size fitted the time budget')
    if len(by_size) < min(2, len(sizes)):
        # The headline is a peak over sizes. At the smallest one a fixed cost per call can set
        # the time instead of the arithmetic: on a busy 2-core machine each call of a 2-thread
        # OpenBLAS waits for its second thread to be scheduled (~16 ms here, for a 0.3 ms
        # n=256 call), which made --full --budget 2 print 2.10 GFLOPS for float32 and float64.
        n, samples_gflops, _ = by_size[0]
        return failed_metric(
            metric_id, CPU_FRAMEWORK,
            'not measured: the time budget is too small for this metric: its sweep stopped at the first size, '
            'n=%d (%s; one call took %.1f ms), and a matmul that small is not the peak rate; run with a larger '
            '--budget (and on an idle machine)' % (n, stop_reason.split(': ', 1)[-1] or 'the time budget is spent',
                                                   matmul_flops(n, n, n) / max(samples_gflops) / 1e6),
            status='skipped')
    best_n, best_samples, best_reps = max(by_size, key=lambda t: max(t[1]))
    details = {'size': best_n, 'dtype': 'float32' if dtype_key == 'f32' else 'float64',
               'call': 'np.matmul(a, b, out=c)', 'timer': 'perf_counter_ns', 'callsPerSample': best_reps,
               'validation': 'float64 reference on 8 rows x 64 columns, rel. tol %g' % MATMUL_TOLERANCE[dtype_key]}
    if stop_reason:
        details['sweep'] = stop_reason
    points = [{'size': n, 'value': max(s)} for n, s, _ in by_size]
    return ok_metric(metric_id, best_samples, CPU_FRAMEWORK, details, points, 'n')


def stream_sizes(cfg, llc_bytes):
    top = max(cfg['stream_max_bytes'], 2 * llc_bytes if cfg['stream_max_bytes'] < 128 * MiB else 8 * llc_bytes)
    avail = _available_memory_bytes()
    if avail:
        top = min(top, max(cfg['stream_min_bytes'], avail // 10))  # 4 arrays + slack
    sizes = geometric_sizes(cfg['stream_min_bytes'], top, cfg['stream_factor'])
    top = top // 4096 * 4096
    if sizes[-1] < top:
        sizes.append(top)  # the DRAM point is the headline: always measure the largest size
    return sizes


def _available_memory_bytes():
    m = re.search(r'^MemAvailable:\s+(\d+) kB', read_text('/proc/meminfo'), re.M)
    return int(m.group(1)) * 1024 if m else None


def cpu_stream(np, which, cfg, budget_s, progress, seed, llc_bytes):
    metric_id = 'py.cpu.elementwise.gbps' if which == 'elementwise' else 'py.cpu.sum.gbps'
    rng = np.random.default_rng(seed)
    sizes = stream_sizes(cfg, llc_bytes)
    need = cpu_size_need_s(cfg)
    if budget_s < need:
        return budget_too_small(metric_id, budget_s, need, 'the largest size (warm-up, then %d samples of %d ms)'
                                % (cfg['cpu_min_samples'], round(cpu_sample_s(cfg) * 1000)))
    section = Deadline(budget_s)
    per_size = budget_s / (len(sizes) + 1)
    by_size = []
    itemsize = 4
    top_budget = max(2 * per_size, need)
    for nbytes in sizes:
        # Short of time, skip middle sizes but always measure the largest (the DRAM headline).
        if nbytes != sizes[-1] and by_size and section.left() < top_budget + per_size:
            continue
        n = nbytes // itemsize
        progress('CPU %s %s per array' % ('a*b+c' if which == 'elementwise' else 'sum', format_size(nbytes, 'bytes')))
        a = rng.random(n, dtype=np.float32)
        if which == 'elementwise':
            b = rng.random(n, dtype=np.float32)
            c = rng.random(n, dtype=np.float32)
            t = np.empty_like(a)

            def fn():
                np.multiply(a, b, out=t)
                np.add(t, c, out=t)

            moved = 6 * nbytes
        else:
            def fn():
                return a.sum()

            moved = nbytes
        size_budget = top_budget if nbytes == sizes[-1] else per_size
        secs, _, _ = _cpu_samples(fn, cfg, min(size_budget, max(section.left(), 0.05)))
        # Check the result once, on a few elements / the whole sum.
        if which == 'elementwise':
            idx = rng.choice(n, size=min(n, 64), replace=False)
            if not np.allclose(t[idx], a[idx] * b[idx] + c[idx], rtol=1e-6, atol=1e-6):
                return failed_metric(metric_id, CPU_FRAMEWORK, 'a*b+c gave wrong values at %d bytes' % nbytes)
            del b, c, t
        else:
            ref = float(np.sum(a, dtype=np.float64))
            if abs(float(a.sum()) - ref) > 1e-4 * max(1.0, abs(ref)):
                return failed_metric(metric_id, CPU_FRAMEWORK, 'sum disagrees with a float64 sum at %d bytes' % nbytes)
        del a
        by_size.append((nbytes, [moved / s / 1e9 for s in secs]))
    top_bytes, top_samples = by_size[-1]
    peak_bytes, peak_samples = max(by_size, key=lambda t: max(t[1]))
    details = {
        'size': top_bytes,
        'dtype': 'float32',
        'headline': 'best sample at the largest size (%s per array, last-level cache %s)'
                    % (format_size(top_bytes, 'bytes'), format_size(llc_bytes, 'bytes')),
        'peakGBps': max(peak_samples),
        'peakSize': peak_bytes,
        'timer': 'perf_counter_ns',
    }
    if which == 'elementwise':
        details['code'] = 'np.multiply(a, b, out=t); np.add(t, c, out=t)'
        details['bytesCounted'] = '6 * n * 4 (reads a, b, t, c; writes t twice); write-allocate not counted'
        details['fusedEquivalentGBps'] = max(top_samples) * 4 / 6
    else:
        details['code'] = 'a.sum()'
        details['bytesCounted'] = 'n * 4 (reads a once)'
    points = [{'size': b, 'value': max(s)} for b, s in by_size]
    return ok_metric(metric_id, top_samples, CPU_FRAMEWORK, details, points, 'bytes')


def cpu_call_overhead(np, cfg, budget_s, progress):
    # Its samples are ~1 ms batches and its headline a median, robust to a slowed batch: it
    # needs the warm-up and one sample's length of batches.
    need = cfg['warmup_s'] + cpu_sample_s(cfg)
    if budget_s < need:
        return budget_too_small('py.cpu.call.us', budget_s, need, 'its warm-up and batches of calls')
    progress('CPU tiny ufunc call overhead')
    x = np.ones(1)
    y = np.ones(1)
    out = np.empty(1)
    inner = 2000

    def batch():
        t0 = time.perf_counter_ns()
        for _ in range(inner):
            np.add(x, y, out=out)
        return (time.perf_counter_ns() - t0) / inner / 1000.0  # µs per call

    def batch_alloc():
        t0 = time.perf_counter_ns()
        for _ in range(inner):
            x + y  # noqa: B018 - the allocating form users write
        return (time.perf_counter_ns() - t0) / inner / 1000.0

    end = time.perf_counter() + cfg['warmup_s']
    while time.perf_counter() < end:
        batch()
    samples = []
    alloc = []
    section = Deadline(budget_s)
    while len(samples) < cfg['call_samples'] and (section.left() > 0 or len(samples) < 5):
        samples.append(batch())
        alloc.append(batch_alloc())
    if float(out[0]) != 2.0:
        return failed_metric('py.cpu.call.us', CPU_FRAMEWORK, 'np.add gave a wrong result')
    details = {'code': 'np.add(x, y, out=z) on 1-element float64 arrays', 'callsPerSample': inner,
               'allocatingMedianUs': sorted(alloc)[len(alloc) // 2], 'allocatingCode': 'x + y',
               'timer': 'perf_counter_ns (loop overhead included)'}
    return ok_metric('py.cpu.call.us', samples, CPU_FRAMEWORK, details)


def run_cpu(np, cfg, progress, seed, notes):
    budget = cfg['cpu_budget_s']
    deadline = Deadline(budget)
    llc = last_level_cache_bytes()
    metrics = []
    plan = [('f32', 0.3), ('f64', 0.3), ('elementwise', 0.2), ('sum', 0.13), ('call', 0.07)]
    for name, share in plan:
        # No floor: a metric whose share cannot hold an honest figure says so (budget_too_small).
        b = budget * share
        mid = {'f32': 'py.cpu.matmul.f32.gflops', 'f64': 'py.cpu.matmul.f64.gflops',
               'elementwise': 'py.cpu.elementwise.gbps', 'sum': 'py.cpu.sum.gbps'}.get(name, 'py.cpu.call.us')
        try:
            if name in ('f32', 'f64'):
                metrics.append(cpu_matmul(np, name, cfg, deadline, b, progress, seed))
            elif name in ('elementwise', 'sum'):
                metrics.append(cpu_stream(np, name, cfg, b, progress, seed, llc))
            else:
                metrics.append(cpu_call_overhead(np, cfg, b, progress))
        except MemoryError:
            metrics.append(failed_metric(mid, CPU_FRAMEWORK, 'out of memory'))
        except Exception as e:  # noqa: BLE001 - one failing measurement must not end the run
            metrics.append(failed_metric(mid, CPU_FRAMEWORK, '%s: %s' % (type(e).__name__, str(e)[:300])))
    notes.append('CPU matmul runs with warm caches (as a loop of BLAS calls sees them); no cache flush between '
                 'samples. Last-level cache: %s.' % format_size(llc, 'bytes'))
    return metrics


# --------------------------------------------------------------------------------------------
# GPU measurements. One backend class per framework; the measurement procedures below use
# only this interface:
#   name, timer ('cuda-events' | 'wall-clock'), describe() -> framework facts,
#   device_info() -> dict, sync(), time_each(fn, n, flush) -> [ms per call],
#   rand(n, kind) -> (a, b) square matrices of the dtype, matmul(kind) -> fn(a, b, out),
#   empty_like_mat(a, kind), fetch_block(x, rows, cols) -> float64 NumPy block,
#   transfer_buffers(max_bytes, pinned) -> (upload(nbytes), readback(nbytes), check()),
#   copy_case(nbytes) -> (fn, check), tiny() -> (fn, count_fn), free().


class GpuUnavailable(Exception):
    pass


class TorchBackend:
    name = 'torch'

    def __init__(self, torch, kind, index):
        self.torch = torch
        if kind in ('auto', 'cuda') and torch.cuda.is_available() and index < torch.cuda.device_count():
            self.dev = torch.device('cuda', index)
            self.backend = 'rocm' if getattr(torch.version, 'hip', None) else 'cuda'
            torch.cuda.set_device(self.dev)
        elif kind in ('auto', 'mps') and getattr(getattr(torch.backends, 'mps', None), 'is_available', lambda: False)():
            self.dev = torch.device('mps')
            self.backend = 'mps'
        else:
            if kind == 'cuda' and torch.cuda.is_available():
                raise GpuUnavailable('no device cuda:%d (%d CUDA devices)' % (index, torch.cuda.device_count()))
            raise GpuUnavailable('no device')
        self.index = index if self.backend != 'mps' else 0
        self.timer = 'cuda-events' if self.backend != 'mps' else 'wall-clock'
        self._cache = None

    def describe(self):
        t = self.torch
        runtime = getattr(t.version, 'hip', None) or getattr(t.version, 'cuda', None)
        return {'name': 'torch', 'version': t.__version__, 'backend': self.backend,
                'cuda': str(runtime) if runtime else None,
                'driver': nvidia_driver_version() if self.backend == 'cuda' else None,
                'device': self.device_info()['name']}

    def device_info(self):
        t = self.torch
        if self.backend == 'mps':
            return {'framework': 'torch', 'name': cpu_facts()['model'], 'backend': 'mps', 'index': 0}
        p = t.cuda.get_device_properties(self.index)
        info = {'framework': 'torch', 'name': t.cuda.get_device_name(self.index), 'backend': self.backend,
                'index': self.index, 'memoryBytes': int(p.total_memory),
                'multiprocessors': int(p.multi_processor_count)}
        if self.backend == 'cuda':
            info['computeCapability'] = '%d.%d' % (p.major, p.minor)
        return info

    def sync(self):
        if self.backend == 'mps':
            self.torch.mps.synchronize()
        else:
            self.torch.cuda.synchronize(self.dev)

    def _flush(self):
        if self._cache is None:
            self._cache = self.torch.empty(L2_FLUSH_BYTES // 4, dtype=self.torch.int32, device=self.dev)
        self._cache.zero_()

    def time_each(self, fn, n, flush):
        t = self.torch
        if self.backend == 'mps':
            out = []
            for _ in range(n):
                if flush:
                    self._flush()
                self.sync()
                t0 = time.perf_counter_ns()
                fn()
                self.sync()
                out.append((time.perf_counter_ns() - t0) / 1e6)
            return out
        starts = [t.cuda.Event(enable_timing=True) for _ in range(n)]
        ends = [t.cuda.Event(enable_timing=True) for _ in range(n)]
        for i in range(n):
            if flush:
                self._flush()
            starts[i].record()
            fn()
            ends[i].record()
        t.cuda.synchronize(self.dev)
        return [s.elapsed_time(e) for s, e in zip(starts, ends)]

    def span_ms(self, fn, calls):
        """GPU time from one event before to one after `calls` calls (None without events)."""
        if self.backend == 'mps':
            return None
        t = self.torch
        s = t.cuda.Event(enable_timing=True)
        e = t.cuda.Event(enable_timing=True)
        s.record()
        for _ in range(calls):
            fn()
        e.record()
        e.synchronize()
        return s.elapsed_time(e)

    def matmul_kinds(self):
        """kind -> None (measurable) or the reason it is skipped."""
        t = self.torch
        out = {'f32': None, 'f16': None, 'bf16': None, 'tf32': None}
        if self.backend == 'cuda':
            major, _ = t.cuda.get_device_capability(self.index)
            if major < 8:
                out['tf32'] = 'TF32 needs compute capability 8.0 or newer (this device: %d.x)' % major
                out['bf16'] = 'bfloat16 tensor cores need compute capability 8.0 or newer'
        elif self.backend == 'rocm':
            out['tf32'] = 'TF32 is an NVIDIA tensor-core mode; not measured on ROCm'
        else:
            out['tf32'] = 'TF32 is an NVIDIA tensor-core mode; not available on MPS'
        return out

    def _dtype(self, kind):
        t = self.torch
        return {'f32': t.float32, 'tf32': t.float32, 'f16': t.float16, 'bf16': t.bfloat16}[kind]

    def rand(self, n, kind, seed):
        t = self.torch
        g = t.Generator(device=self.dev)
        g.manual_seed(seed)
        dt = self._dtype(kind)
        a = (t.rand((n, n), device=self.dev, dtype=t.float32, generator=g) * 2 - 1).to(dt)
        b = (t.rand((n, n), device=self.dev, dtype=t.float32, generator=g) * 2 - 1).to(dt)
        return a, b, t.empty((n, n), device=self.dev, dtype=dt)

    def matmul_fn(self, kind, a, b, c):
        t = self.torch
        precision = 'high' if kind == 'tf32' else 'highest'

        def fn():
            t.matmul(a, b, out=c)

        def enter():
            self._saved_precision = t.get_float32_matmul_precision()
            t.set_float32_matmul_precision(precision)

        def leave():
            t.set_float32_matmul_precision(self._saved_precision)

        return fn, enter, leave

    def fetch_block(self, x, rows, cols):
        t = self.torch
        r = t.as_tensor(rows, device=self.dev)
        block = x.index_select(0, r)
        if cols is not None:
            block = block.index_select(1, t.as_tensor(cols, device=self.dev))
        return block.float().cpu().numpy().astype('float64')

    def transfer_buffers(self, np, max_bytes, pinned, seed):
        t = self.torch
        if pinned and self.backend == 'mps':
            raise GpuUnavailable('pinned memory does not apply to MPS (unified memory)')
        data = np.random.default_rng(seed).integers(0, 256, size=max_bytes, dtype=np.uint8)
        if pinned:
            host = t.empty(max_bytes, dtype=t.uint8, pin_memory=True)
            host.copy_(t.from_numpy(data))
        else:
            host = t.from_numpy(data.copy())
        back = t.empty(max_bytes, dtype=t.uint8, pin_memory=pinned) if pinned else t.from_numpy(
            np.empty(max_bytes, dtype=np.uint8))
        dev = t.empty(max_bytes, dtype=t.uint8, device=self.dev)

        def upload(nbytes):
            dev[:nbytes].copy_(host[:nbytes], non_blocking=pinned)

        def readback(nbytes):
            back[:nbytes].copy_(dev[:nbytes], non_blocking=pinned)

        def check_upload():
            probe = np.arange(0, max_bytes, 4099)
            got = dev[t.as_tensor(probe, device=self.dev)].cpu().numpy()
            return bool(np.array_equal(got, data[probe]))

        def check_readback():
            return bool(np.array_equal(back.numpy()[::4099], data[::4099]))

        return upload, readback, check_upload, check_readback

    def copy_case(self, np, nbytes, seed):
        t = self.torch
        n = nbytes // 4
        g = t.Generator(device=self.dev)
        g.manual_seed(seed)
        src = t.randint(-2 ** 31, 2 ** 31 - 1, (n,), device=self.dev, dtype=t.int32, generator=g)
        dst = t.empty_like(src)

        def fn():
            dst.copy_(src)

        def check():
            idx = t.arange(0, n, 4099, device=self.dev)
            return bool(t.equal(dst[idx], src[idx]))

        return fn, check

    def tiny(self):
        t = self.torch
        x = t.zeros(1, dtype=t.int32, device=self.dev)

        def fn():
            x.add_(1)

        return fn, lambda: int(x.item())

    def free(self):
        self._cache = None
        if self.backend == 'mps':
            try:
                self.torch.mps.empty_cache()
            except Exception:  # noqa: BLE001
                pass
        else:
            self.torch.cuda.empty_cache()


class CupyBackend:
    name = 'cupy'
    timer = 'cuda-events'

    def __init__(self, cupy, kind, index):
        if kind not in ('auto', 'cuda'):
            raise GpuUnavailable('CuPy runs on CUDA/ROCm devices only')
        self.cp = cupy
        try:
            count = cupy.cuda.runtime.getDeviceCount()
        except Exception as e:  # noqa: BLE001 - CUDARuntimeError without a driver
            raise GpuUnavailable('no device (%s)' % str(e)[:120])
        if count <= index:
            raise GpuUnavailable('no device' if count == 0 else 'no device cuda:%d (%d devices)' % (index, count))
        import cupyx  # noqa: F401 - pinned memory lives there
        self.cupyx = cupyx
        self.index = index
        self.device = cupy.cuda.Device(index)
        self.device.use()
        self.backend = 'rocm' if getattr(cupy.cuda.runtime, 'is_hip', False) else 'cuda'
        self._props = cupy.cuda.runtime.getDeviceProperties(index)
        self._cache = None

    def describe(self):
        rt = self.cp.cuda.runtime
        runtime = rt.runtimeGetVersion()
        return {'name': 'cupy', 'version': self.cp.__version__, 'backend': self.backend,
                'cuda': cuda_version_text(runtime) if self.backend == 'cuda' else str(runtime),
                'driver': nvidia_driver_version() if self.backend == 'cuda' else None,
                'device': self.device_info()['name']}

    def device_info(self):
        p = self._props
        name = p.get('name', b'')
        name = name.decode('utf-8', 'replace') if isinstance(name, bytes) else str(name)
        info = {'framework': 'cupy', 'name': name, 'backend': self.backend, 'index': self.index,
                'memoryBytes': int(p.get('totalGlobalMem', 0)),
                'multiprocessors': int(p.get('multiProcessorCount', 0))}
        if self.backend == 'cuda':
            info['computeCapability'] = '%d.%d' % (p.get('major', 0), p.get('minor', 0))
        return info

    def sync(self):
        self.device.synchronize()

    def _flush(self):
        if self._cache is None:
            self._cache = self.cp.empty(L2_FLUSH_BYTES // 4, dtype=self.cp.int32)
        self._cache.fill(0)

    def time_each(self, fn, n, flush):
        cp = self.cp
        starts = [cp.cuda.Event() for _ in range(n)]
        ends = [cp.cuda.Event() for _ in range(n)]
        for i in range(n):
            if flush:
                self._flush()
            starts[i].record()
            fn()
            ends[i].record()
        ends[-1].synchronize()
        return [cp.cuda.get_elapsed_time(s, e) for s, e in zip(starts, ends)]

    def span_ms(self, fn, calls):
        cp = self.cp
        s = cp.cuda.Event()
        e = cp.cuda.Event()
        s.record()
        for _ in range(calls):
            fn()
        e.record()
        e.synchronize()
        return cp.cuda.get_elapsed_time(s, e)

    def matmul_kinds(self):
        out = {'f32': None, 'f16': None, 'bf16': 'CuPy has no bfloat16 dtype',
               'tf32': 'CuPy turns TF32 on only through CUPY_TF32=1 before import; measured with PyTorch/JAX'}
        if os.environ.get('CUPY_TF32') == '1':
            out['f32'] = 'CUPY_TF32=1 is set, so float32 matmul would run as TF32'
        return out

    def rand(self, n, kind, seed):
        cp = self.cp
        rs = cp.random.RandomState(seed)
        dt = cp.float16 if kind == 'f16' else cp.float32
        a = (rs.random_sample((n, n), dtype=cp.float32) * 2 - 1).astype(dt)
        b = (rs.random_sample((n, n), dtype=cp.float32) * 2 - 1).astype(dt)
        return a, b, cp.empty((n, n), dtype=dt)

    def matmul_fn(self, kind, a, b, c):
        cp = self.cp

        def fn():
            cp.matmul(a, b, out=c)

        return fn, (lambda: None), (lambda: None)

    def fetch_block(self, x, rows, cols):
        block = x[self.cp.asarray(rows)]
        if cols is not None:
            block = block[:, self.cp.asarray(cols)]
        return self.cp.asnumpy(block.astype(self.cp.float32)).astype('float64')

    def transfer_buffers(self, np, max_bytes, pinned, seed):
        cp = self.cp
        data = np.random.default_rng(seed).integers(0, 256, size=max_bytes, dtype=np.uint8)
        if pinned:
            host = self.cupyx.empty_pinned((max_bytes,), dtype=np.uint8)
            host[...] = data
            back = self.cupyx.empty_pinned((max_bytes,), dtype=np.uint8)
        else:
            host = data.copy()
            back = np.empty(max_bytes, dtype=np.uint8)
        dev = cp.empty(max_bytes, dtype=cp.uint8)
        stream = cp.cuda.get_current_stream()

        def upload(nbytes):
            dev[:nbytes].set(host[:nbytes], stream=stream)

        def readback(nbytes):
            dev[:nbytes].get(stream=stream, out=back[:nbytes])

        def check_upload():
            return bool(np.array_equal(cp.asnumpy(dev[::4099]), data[::4099]))

        def check_readback():
            return bool(np.array_equal(back[::4099], data[::4099]))

        return upload, readback, check_upload, check_readback

    def copy_case(self, np, nbytes, seed):
        cp = self.cp
        n = nbytes // 4
        src = cp.random.RandomState(seed).randint(0, 2 ** 31 - 1, size=n, dtype=cp.int32)
        dst = cp.empty_like(src)

        def fn():
            cp.copyto(dst, src)

        def check():
            return bool(cp.array_equal(dst[::4099], src[::4099]))

        return fn, check

    def tiny(self):
        cp = self.cp
        x = cp.zeros(1, dtype=cp.int32)

        def fn():
            cp.add(x, 1, out=x)

        return fn, lambda: int(x.get()[0])

    def free(self):
        self._cache = None
        self.cp.get_default_memory_pool().free_all_blocks()
        self.cp.get_default_pinned_memory_pool().free_all_blocks()


class JaxBackend:
    name = 'jax'
    timer = 'wall-clock'

    def __init__(self, jax, kind, index):
        if kind not in ('auto', 'cuda'):
            raise GpuUnavailable('JAX runs on CUDA/ROCm devices here (not MPS)')
        import jax.numpy as jnp
        self.jax = jax
        self.jnp = jnp
        try:
            gpus = jax.devices('gpu')
        except RuntimeError:
            gpus = []
        if len(gpus) <= index:
            raise GpuUnavailable('no device' if not gpus else 'no device gpu:%d (%d devices)' % (index, len(gpus)))
        self.dev = gpus[index]
        self.index = index
        pv = str(getattr(getattr(self.dev, 'client', None), 'platform_version', '') or '')
        self.backend = 'rocm' if 'rocm' in pv.lower() or getattr(self.dev, 'platform', '') == 'rocm' else 'cuda'
        self.platform_version = pv
        self._pending = None  # the last result a timed function returned: what sync() waits for

    def describe(self):
        m = re.search(r'(\d{4,6})', self.platform_version)
        cuda = cuda_version_text(m.group(1)) if (m and self.backend == 'cuda') else None
        try:
            import jaxlib
            jaxlib_version = jaxlib.__version__
        except Exception:  # noqa: BLE001
            jaxlib_version = None
        fw = {'name': 'jax', 'version': self.jax.__version__, 'backend': self.backend, 'cuda': cuda,
              'driver': nvidia_driver_version() if self.backend == 'cuda' else None,
              'device': self.device_info()['name']}
        if jaxlib_version:
            fw['note'] = 'jaxlib %s; %s' % (jaxlib_version, self.platform_version[:120])
        return fw

    def device_info(self):
        info = {'framework': 'jax', 'name': str(getattr(self.dev, 'device_kind', 'GPU')), 'backend': self.backend,
                'index': self.index}
        cc = getattr(self.dev, 'compute_capability', None)
        if cc:
            info['computeCapability'] = str(cc)
        return info

    def sync(self):
        # JAX has no device-wide synchronize: wait for the last result handed out, then for a
        # trivial transfer to this device.
        if self._pending is not None:
            self.jax.block_until_ready(self._pending)
            self._pending = None
        self.jax.device_put(0, self.dev).block_until_ready()

    def time_each(self, fn, n, flush):
        out = []
        for _ in range(n):
            t0 = time.perf_counter_ns()
            self.jax.block_until_ready(fn())
            out.append((time.perf_counter_ns() - t0) / 1e6)
        return out

    def span_ms(self, fn, calls):
        return None

    def matmul_kinds(self):
        out = {'f32': None, 'f16': None, 'bf16': None, 'tf32': None}
        cc = getattr(self.dev, 'compute_capability', None)
        if self.backend != 'cuda':
            out['tf32'] = 'TF32 is an NVIDIA tensor-core mode; not measured on ROCm'
        elif cc and float(str(cc)) < 8.0:
            out['tf32'] = 'TF32 needs compute capability 8.0 or newer'
        return out

    def rand(self, n, kind, seed):
        jax, jnp = self.jax, self.jnp
        dt = {'f32': jnp.float32, 'tf32': jnp.float32, 'f16': jnp.float16, 'bf16': jnp.bfloat16}[kind]
        ka, kb = jax.random.split(jax.random.PRNGKey(seed))
        with jax.default_device(self.dev):
            a = jax.random.uniform(ka, (n, n), jnp.float32, -1.0, 1.0).astype(dt)
            b = jax.random.uniform(kb, (n, n), jnp.float32, -1.0, 1.0).astype(dt)
        return jax.device_put(a, self.dev), jax.device_put(b, self.dev), None

    def matmul_fn(self, kind, a, b, c):
        jax, jnp = self.jax, self.jnp
        prec = jax.lax.Precision.DEFAULT if kind == 'tf32' else jax.lax.Precision.HIGHEST
        f = jax.jit(lambda x, y: jnp.matmul(x, y, precision=prec))
        self._last = None

        def fn():
            self._last = self._pending = f(a, b)
            return self._last

        return fn, (lambda: None), (lambda: None)

    def matmul_result(self):
        return self._last

    def fetch_block(self, x, rows, cols):
        import numpy as np
        block = x[self.jnp.asarray(rows)]
        if cols is not None:
            block = block[:, self.jnp.asarray(cols)]
        return np.asarray(block.astype(self.jnp.float32)).astype(np.float64)

    def transfer_buffers(self, np, max_bytes, pinned, seed):
        if pinned:
            raise GpuUnavailable('JAX does not expose pinned host buffers')
        jax = self.jax
        data = np.random.default_rng(seed).integers(0, 256, size=max_bytes, dtype=np.uint8)
        state = {'dev': None, 'back': None, 'fresh': None}

        def upload(nbytes):
            state['dev'] = jax.device_put(data[:nbytes], self.dev)
            state['dev'].block_until_ready()

        def prepare_readback(nbytes):
            # A jax.Array caches its host copy, so every readback reads a fresh array, made untimed.
            state['fresh'] = jax.device_put(data[:nbytes], self.dev).block_until_ready()

        def readback(nbytes):
            fresh = state.pop('fresh', None)
            if fresh is None or fresh.shape[0] != nbytes:
                raise RuntimeError('readback without a prepared array')
            state['back'] = np.asarray(fresh)

        def check_upload():
            return bool(np.array_equal(np.asarray(state['dev'])[::4099], data[:state['dev'].shape[0]:4099]))

        def check_readback():
            got = state['back']
            return bool(np.array_equal(got[::4099], data[:got.shape[0]:4099]))

        readback.prepare = prepare_readback
        return upload, readback, check_upload, check_readback

    def copy_case(self, np, nbytes, seed):
        jax, jnp = self.jax, self.jnp
        n = nbytes // 4
        key = jax.random.PRNGKey(seed)
        with jax.default_device(self.dev):
            src = jax.random.bits(key, (n,), jnp.uint32)
        src = jax.device_put(src, self.dev)
        f = jax.jit(lambda x: x ^ jnp.uint32(0x5BD1E995))
        state = {}

        def fn():
            state['out'] = self._pending = f(src)
            return state['out']

        def check():
            s = np.asarray(src[::4099])
            return bool(np.array_equal(np.asarray(state['out'][::4099]), s ^ np.uint32(0x5BD1E995)))

        return fn, check

    def tiny(self):
        jax, jnp = self.jax, self.jnp
        f = jax.jit(lambda x: x + 1)
        state = {'x': jax.device_put(jnp.zeros((1,), jnp.int32), self.dev)}

        def fn():
            state['x'] = self._pending = f(state['x'])
            return state['x']

        return fn, lambda: int(np_item(state['x']))

    def free(self):
        self._pending = None
        try:
            self.jax.clear_caches()
        except Exception:  # noqa: BLE001
            pass


def np_item(x):
    import numpy as np
    return np.asarray(x).reshape(-1)[0]


def _gpu_sizes_loop(be, kind, cfg, budget_s, progress, seed, np):
    """Matmul sweep for one dtype kind. Returns a metric dict or raises."""
    metric_id = {'f32': 'py.gpu.matmul.f32.gflops', 'tf32': 'py.gpu.matmul.tf32.gflops',
                 'f16': 'py.gpu.matmul.f16.gflops', 'bf16': 'py.gpu.matmul.f16.gflops'}[kind]
    sizes = cfg['gpu_matmul_sizes']
    section = Deadline(budget_s)
    per_size = budget_s / 2.5
    rng = np.random.default_rng(seed)
    by_size = []
    stop_reason = ''
    for idx, n in enumerate(sizes):
        progress('%s matmul %s n=%d' % (FRAMEWORK_LABELS[be.name], kind, n))
        a, b, c = be.rand(n, kind, seed + n)
        fn, enter, leave = be.matmul_fn(kind, a, b, c)
        enter()
        try:
            fn()
            be.sync()
            warm_end = time.perf_counter() + cfg['warmup_s']
            first = be.time_each(fn, 3, flush=True)
            while time.perf_counter() < warm_end:
                be.time_each(fn, 3, flush=False)
            est_ms = max(sorted(first)[1], 1e-4)
            n_samples = sample_count(est_ms / 1000 + 0.0003, min(per_size, max(section.left(), 0.05)),
                                     cfg['gpu_min_samples'], cfg['gpu_max_samples'])
            ms = be.time_each(fn, n_samples, flush=True)
            result = c if c is not None else be.matmul_result()
            ri = np.sort(rng.choice(n, size=8, replace=False))
            ci = np.sort(rng.choice(n, size=64, replace=False))
            a_rows = be.fetch_block(a, ri, None)
            b_cols = be.fetch_block(b.T if hasattr(b, 'T') else b, ci, None).T
            got = be.fetch_block(result, ri, ci)
        finally:
            leave()
        ref = a_rows @ b_cols
        den = float(np.linalg.norm(ref))
        err = float(np.linalg.norm(got - ref)) / den if den > 0 else float('inf')
        msg = matmul_error_message(kind, err if math.isfinite(err) else float('inf'), n)
        if msg:
            return failed_metric(metric_id, be.name, msg), None
        flops = matmul_flops(n, n, n)
        by_size.append((n, [flops / (t / 1000) / 1e9 for t in ms if t > 0], err))
        del a, b, c, result, fn, enter, leave
        be.free()
        if idx + 1 < len(sizes):
            ok, why = next_size_allowed(est_ms / 1000, (sizes[idx + 1] / n) ** 3, 4 + cfg['gpu_min_samples'],
                                        per_size, section.left())
            if not ok:
                stop_reason = 'stopped after n=%d: %s' % (n, why)
                break
    best_n, best_samples, best_err = max(by_size, key=lambda t: max(t[1]))
    details = {'size': best_n, 'timer': be.timer, 'l2Flush': be.timer == 'cuda-events' or be.name == 'torch',
               'relError': best_err,
               'validation': 'float64 reference on 8 rows x 64 columns, rel. tol %g' % MATMUL_TOLERANCE[kind]}
    if kind == 'tf32':
        details['setting'] = ('torch.set_float32_matmul_precision("high")' if be.name == 'torch'
                              else 'precision=jax.lax.Precision.DEFAULT')
    elif kind == 'f32':
        details['setting'] = ('torch.set_float32_matmul_precision("highest")' if be.name == 'torch'
                              else 'precision=HIGHEST' if be.name == 'jax' else 'CUPY_TF32 unset')
    if stop_reason:
        details['sweep'] = stop_reason
    points = [{'size': n, 'value': max(s)} for n, s, _ in by_size]
    return ok_metric(metric_id, best_samples, be.name, details, points, 'n'), max(best_samples)


def _transfer_sweep(be, np, cfg, pinned, direction, budget_s, progress, seed):
    sizes = geometric_sizes(cfg['transfer_min_bytes'], cfg['transfer_max_bytes'], cfg['transfer_factor'])
    upload, readback, check_up, check_back = be.transfer_buffers(np, sizes[-1], pinned, seed)
    op = upload if direction == 'upload' else readback
    prepare = getattr(op, 'prepare', None)
    label = '%s %s %s' % (FRAMEWORK_LABELS[be.name], direction, 'pinned' if pinned else 'pageable')
    if direction == 'readback':
        upload(sizes[-1])
        be.sync()

    def once(nbytes):
        if prepare:
            prepare(nbytes)
        be.sync()
        t0 = time.perf_counter_ns()
        op(nbytes)
        be.sync()
        return (time.perf_counter_ns() - t0) / 1e6

    for nbytes in sizes:  # untimed pass: allocations, page faults, first-use costs
        once(nbytes)
    section = Deadline(budget_s)
    points = []
    round_fits = []
    for r in range(cfg['transfer_rounds']):
        progress('%s, round %d' % (label, r + 1))
        round_points = [{'bytes': nbytes, 'ms': once(nbytes)} for nbytes in sizes]
        points.extend(round_points)
        fit = fit_transfer(round_points)
        if fit:
            round_fits.append(fit)
        if section.left() <= 0 and r >= 1:
            break
    ok = check_up() if direction == 'upload' else check_back()
    curve = {'path': '%s.%s.%s' % (be.name, direction, 'pinned' if pinned else 'pageable'), 'label': label,
             'framework': be.name, 'points': points}
    fit = fit_transfer(points)
    if fit:
        curve['fit'] = fit
    return curve, round_fits, ok


def _per_size_median_gbps(points):
    by = {}
    for p in points:
        by.setdefault(p['bytes'], []).append(p['ms'])
    out = []
    for nbytes in sorted(by):
        ms = sorted(by[nbytes])
        med = percentile_sorted(ms, 0.5)
        if med > 0:
            out.append({'size': nbytes, 'value': nbytes / (med * 1e6)})
    return out


def _transfer_metrics(be, np, cfg, budget_s, progress, seed):
    metrics = []
    curves = []
    plan = [('upload', False, 'py.gpu.upload.gbps'), ('upload', True, 'py.gpu.upload.pinned.gbps'),
            ('readback', False, 'py.gpu.readback.gbps'), ('readback', True, None)]
    fits = {}
    for direction, pinned, metric_id in plan:
        try:
            curve, round_fits, ok = _transfer_sweep(be, np, cfg, pinned, direction, budget_s / len(plan), progress,
                                                    seed)
        except GpuUnavailable as e:
            if metric_id:
                metrics.append(failed_metric(metric_id, be.name, str(e), status='skipped'))
            continue
        except Exception as e:  # noqa: BLE001 - report, keep going
            if metric_id:
                metrics.append(failed_metric(metric_id, be.name, '%s: %s' % (type(e).__name__, e)))
            continue
        finally:
            be.free()
        curves.append(curve)
        fits[(direction, pinned)] = round_fits
        if metric_id is None:
            continue
        if not ok:
            metrics.append(failed_metric(metric_id, be.name, 'the copied bytes did not match the source'))
            continue
        if not round_fits:
            metrics.append(failed_metric(
                metric_id, be.name, 'the transfer times did not fit latency + bytes / bandwidth (bigger transfers '
                                    'were not slower)'))
            continue
        details = {'path': curve['path'], 'timer': 'wall-clock (perf_counter_ns around copy + synchronize)',
                   'sizes': '%s … %s' % (format_size(curve['points'][0]['bytes'], 'bytes'),
                                         format_size(max(p['bytes'] for p in curve['points']), 'bytes')),
                   'samples': 'one latency + bandwidth fit per round over all sizes'}
        if 'fit' in curve:
            details['fitGBps'] = curve['fit']['gbps']
            details['fitLatencyMs'] = curve['fit']['latencyMs']
            details['r2'] = curve['fit']['r2']
        metrics.append(ok_metric(metric_id, [f['gbps'] for f in round_fits], be.name, details,
                                 _per_size_median_gbps(curve['points']), 'bytes'))
        if direction == 'upload' and not pinned:
            lat_details = dict(details)
            metrics.append(ok_metric('py.gpu.upload.latency.ms', [f['latencyMs'] for f in round_fits], be.name,
                                     lat_details))
    pinned_fits = fits.get(('upload', True))
    if pinned_fits:
        for m in metrics:
            if m['id'] == 'py.gpu.upload.latency.ms' and m['status'] == 'ok':
                lat = sorted(f['latencyMs'] for f in pinned_fits)
                m.setdefault('details', {})['pinnedUploadLatencyMs'] = percentile_sorted(lat, 0.5)
    if not any(m['id'] == 'py.gpu.upload.latency.ms' for m in metrics):
        metrics.append(failed_metric('py.gpu.upload.latency.ms', be.name, 'the pageable upload sweep did not give a fit'))
    return metrics, curves


def _device_copy(be, np, cfg, budget_s, progress, seed, memory_bytes):
    nbytes = cfg['device_copy_bytes']
    if memory_bytes:
        nbytes = min(nbytes, int(memory_bytes // 8) // MiB * MiB)
    progress('%s device copy %s' % (FRAMEWORK_LABELS[be.name], format_size(nbytes, 'bytes')))
    fn, check = be.copy_case(np, nbytes, seed)
    be.time_each(fn, 3, flush=False)
    warm_end = time.perf_counter() + cfg['warmup_s']
    while time.perf_counter() < warm_end:
        be.time_each(fn, 2, flush=False)
    est = sorted(be.time_each(fn, 3, flush=False))[1]
    n = sample_count(est / 1000, budget_s, cfg['gpu_min_samples'], cfg['gpu_max_samples'])
    ms = be.time_each(fn, n, flush=False)
    be.sync()
    if not check():
        return failed_metric('py.gpu.device.gbps', be.name, 'the copy did not reproduce its source')
    details = {'bytes': nbytes, 'bytesCounted': '2 * bytes (read + write)', 'timer': be.timer,
               'code': {'torch': 'dst.copy_(src)', 'cupy': 'cupy.copyto(dst, src)',
                        'jax': 'jit(x ^ const) (read + write)'}[be.name]}
    return ok_metric('py.gpu.device.gbps', [2 * nbytes / (t / 1000) / 1e9 for t in ms if t > 0], be.name, details)


def _launch_and_sync(be, cfg, budget_s, progress):
    progress('%s launch overhead' % FRAMEWORK_LABELS[be.name])
    fn, count = be.tiny()
    for _ in range(200):
        fn()
    be.sync()
    base = count()
    calls = 0 + 200

    def batch(k):
        be.sync()
        t0 = time.perf_counter_ns()
        for _ in range(k):
            fn()
        be.sync()
        return (time.perf_counter_ns() - t0) / k / 1000.0

    per = batch(200)
    calls += 200
    k = reps_for_target(per / 1e6, 0.02, 100000)
    samples = []
    section = Deadline(budget_s * 0.6)
    while len(samples) < 30 and (section.left() > 0 or len(samples) < 5):
        samples.append(batch(k))
        calls += k
    span = be.span_ms(fn, k)
    if span is not None:
        calls += k
    be.sync()
    metrics = []
    if count() - base != calls - 200:
        metrics.append(failed_metric('py.gpu.launch.us', be.name,
                                     'the tiny kernel did not run as often as launched (%d of %d)'
                                     % (count() - base, calls - 200)))
    else:
        details = {'code': {'torch': 'x.add_(1) on a 1-element tensor', 'cupy': 'cupy.add(x, 1, out=x)',
                            'jax': 'x = jit(lambda x: x + 1)(x)'}[be.name],
                   'launchesPerSample': k, 'timer': 'wall-clock over a batch, one synchronize at its end'}
        if span is not None:
            details['gpuSpanPerLaunchUs'] = span * 1000.0 / k
        metrics.append(ok_metric('py.gpu.launch.us', samples, be.name, details))
    progress('%s submit + synchronize' % FRAMEWORK_LABELS[be.name])
    rt = []
    section = Deadline(budget_s * 0.4)
    while len(rt) < cfg['sync_samples'] and (section.left() > 0 or len(rt) < 20):
        t0 = time.perf_counter_ns()
        fn()
        be.sync()
        rt.append((time.perf_counter_ns() - t0) / 1e6)
    metrics.append(ok_metric('py.gpu.sync.ms', rt, be.name,
                             {'code': 'one tiny kernel, then synchronize', 'timer': 'perf_counter_ns'}))
    return metrics


def run_gpu_framework(be, np, cfg, progress, seed, errors):
    budget = cfg['gpu_budget_s']
    metrics = []
    transfers = []
    kinds = be.matmul_kinds()
    info = be.device_info()

    def guard(metric_ids, fn):
        try:
            return fn()
        except Exception as e:  # noqa: BLE001 - one failing measurement must not end the run
            errors.append('%s: %s failed: %s: %s' % (FRAMEWORK_LABELS[be.name], ', '.join(metric_ids),
                                                    type(e).__name__, str(e)[:300]))
            try:
                be.free()
            except Exception:  # noqa: BLE001
                pass
            return [failed_metric(m, be.name, '%s: %s' % (type(e).__name__, str(e)[:300])) for m in metric_ids]

    for kind, share in (('f32', 0.16), ('tf32', 0.12), ('f16', 0.14)):
        mid = 'py.gpu.matmul.%s.gflops' % kind
        if kinds.get(kind):
            metrics.append(failed_metric(mid, be.name, kinds[kind], status='skipped'))
            continue

        def measure(kind=kind, share=share, mid=mid):
            m, _ = _gpu_sizes_loop(be, kind, cfg, budget * share, progress, seed, np)
            if kind == 'f16' and m['status'] == 'ok' and kinds.get('bf16'):
                m['details']['bf16'] = 'not measured: %s' % kinds['bf16'][:200]
            elif kind == 'f16' and m['status'] == 'ok':
                try:
                    bf, best = _gpu_sizes_loop(be, 'bf16', cfg, budget * 0.08, progress, seed, np)
                    if bf['status'] == 'ok':
                        m['details']['bf16GFLOPS'] = best
                        m['details']['bf16Size'] = bf['details']['size']
                    else:
                        m['details']['bf16'] = bf['error'][:200]
                except Exception as e:  # noqa: BLE001
                    m['details']['bf16'] = '%s: %s' % (type(e).__name__, str(e)[:160])
            return [m]

        metrics.extend(guard([mid], measure))
    t_ids = ['py.gpu.upload.gbps', 'py.gpu.upload.pinned.gbps', 'py.gpu.upload.latency.ms', 'py.gpu.readback.gbps']

    def measure_transfers():
        ms, curves = _transfer_metrics(be, np, cfg, budget * 0.3, progress, seed)
        transfers.extend(curves)
        return ms

    metrics.extend(guard(t_ids, measure_transfers))
    metrics.extend(guard(['py.gpu.device.gbps'], lambda: [
        _device_copy(be, np, cfg, budget * 0.1, progress, seed, info.get('memoryBytes'))]))
    metrics.extend(guard(['py.gpu.launch.us', 'py.gpu.sync.ms'], lambda: _launch_and_sync(be, cfg, budget * 0.1,
                                                                                          progress)))
    be.free()
    return metrics, transfers


def open_gpu_backends(args, progress):
    """Try each framework in order. Returns (backends, attempts [(framework, state)], framework facts)."""
    backends = []
    attempts = []
    facts = []
    if args.device_kind == 'cpu':
        return backends, attempts, facts
    if 'jax' in args.frameworks:
        # Without this JAX takes 75 % of GPU memory at start-up, starving PyTorch and CuPy.
        os.environ.setdefault('XLA_PYTHON_CLIENT_PREALLOCATE', 'false')
    for name in args.frameworks:
        if importlib.util.find_spec(name) is None:
            attempts.append((name, 'not importable'))
            continue
        progress('importing %s' % FRAMEWORK_LABELS[name])
        try:
            mod = importlib.import_module(name)
        except Exception as e:  # noqa: BLE001 - a broken install is reported, not fatal
            attempts.append((name, 'import failed: %s' % str(e)[:160]))
            continue
        version = str(getattr(mod, '__version__', '?'))
        cls = {'torch': TorchBackend, 'cupy': CupyBackend, 'jax': JaxBackend}[name]
        try:
            be = cls(mod, args.device_kind, args.device_index)
        except GpuUnavailable as e:
            attempts.append((name, '%s: %s' % (version, e)))
            facts.append({'name': name, 'version': version, 'backend': None, 'cuda': None, 'driver': None,
                          'device': None, 'status': 'no-device', 'note': str(e)[:300]})
            continue
        except Exception as e:  # noqa: BLE001
            attempts.append((name, '%s: %s' % (version, str(e)[:160])))
            facts.append({'name': name, 'version': version, 'backend': None, 'cuda': None, 'driver': None,
                          'device': None, 'status': 'failed', 'note': str(e)[:300]})
            continue
        backends.append(be)
    return backends, attempts, facts


# --------------------------------------------------------------------------------------------
# --check: the probe's float32 matmul against a plain timeit of a @ b.


def run_check(np, args, progress):
    """The probe's float32 matmul metric beside a plain timeit of `a @ b` at the metric's size.

    Prints three figures: the metric (best sample of the probe's sweep), timeit's best of 7
    repeats right after it, and both methods again in alternating rounds, so that a busy
    machine slows them alike. Exit 0 when the metric is within ±20 % of timeit, else 1.
    """
    import timeit
    cfg = args.config
    load_before = load_average()
    metric = cpu_matmul(np, 'f32', cfg, Deadline(cfg['cpu_budget_s']), cfg['cpu_budget_s'] * 0.5, progress,
                        args.seed)
    if metric['status'] != 'ok':
        progress.done()
        print('probe: %s' % metric['error'])
        return EXIT_FAILED
    n = metric['details']['size']
    rng = np.random.default_rng(args.seed)
    a = rng.random((n, n), dtype=np.float32)
    b = rng.random((n, n), dtype=np.float32)
    c = np.empty((n, n), dtype=np.float32)
    flops = matmul_flops(n, n, n)
    progress('timeit a @ b, n=%d' % n)
    timer = timeit.Timer('a @ b', globals={'a': a, 'b': b})
    number, _ = timer.autorange()
    times = timer.repeat(repeat=7, number=number)
    timeit_best = flops / (min(times) / number) / 1e9
    timeit_median = flops / (sorted(times)[len(times) // 2] / number) / 1e9
    progress('alternating rounds, n=%d' % n)
    reps = reps_for_target(min(times) / number, cfg['cpu_sample_s'])
    alt_probe = []
    alt_timeit = []
    for _ in range(7):
        alt_probe.append(flops / (_time_calls(lambda: np.matmul(a, b, out=c), reps) / reps) / 1e9)
        alt_timeit.append(flops / (min(timer.repeat(repeat=1, number=number)) / number) / 1e9)
    progress.done()
    ratio = metric['value'] / timeit_best
    alt_ratio = max(alt_probe) / max(alt_timeit)
    print('float32 matmul, n = %d, %s' % (n, describe_stack(
        {'stack': {'numpy': np.__version__, 'blas': blas_facts(np)}})))
    print('  probe metric (best of %d samples, np.matmul(a, b, out=c)): %8.1f GFLOPS  (median %.1f)'
          % (metric['n'], metric['value'], metric['median']))
    print('  timeit       (best of 7 x %d calls of a @ b):            %8.1f GFLOPS  (median %.1f)'
          % (number, timeit_best, timeit_median))
    print('  probe / timeit = %.3f  (%s ±20 %%)' % (ratio, 'within' if 0.8 <= ratio <= 1.2 else 'OUTSIDE'))
    print('  alternating 7 rounds: probe method best %.1f, timeit best %.1f GFLOPS, ratio %.3f'
          % (max(alt_probe), max(alt_timeit), alt_ratio))
    print('  1-minute load average: %s before, %s after, on %d cores'
          % (load_before, load_average(), cpu_facts()['cores']))
    busy = busy_machine_note(load_before, cpu_facts()['cores'])
    if busy:
        print('  ' + busy)
    return EXIT_OK if 0.8 <= ratio <= 1.2 else EXIT_FAILED


# --------------------------------------------------------------------------------------------
# main


def import_numpy():
    """(numpy, None), or (None, the message to print): "needs NumPy" only when NumPy itself is
    missing; an error raised inside an installed NumPy is reported as itself."""
    try:
        import numpy
        return numpy, None
    except ModuleNotFoundError as e:
        if e.name == 'numpy':
            return None, NO_NUMPY_MESSAGE
        return None, BROKEN_NUMPY_MESSAGE % ('%s: %s' % (type(e).__name__, e))
    except Exception as e:  # noqa: BLE001 - ImportError of a library, RuntimeError of a sanity check, ...
        return None, BROKEN_NUMPY_MESSAGE % ('%s: %s' % (type(e).__name__, str(e)[:1000]))


def gpu_requested(args):
    """Whether --device names a GPU (cuda, cuda:N, rocm:N, mps) rather than auto or cpu."""
    return args.device_kind in ('cuda', 'mps')


def main(argv=None):
    args = parse_args(argv)
    np, problem = import_numpy()
    if np is None:
        sys.stderr.write(problem + '\n')
        return EXIT_NO_NUMPY
    cfg = args.config
    candidates = 0 if args.device_kind == 'cpu' else sum(
        1 for f in args.frameworks if importlib.util.find_spec(f) is not None)
    gpu_total = cfg['gpu_budget_s'] * candidates
    progress = Progress(not args.quiet, cfg['cpu_budget_s'] + gpu_total)
    if args.check:
        return run_check(np, args, progress)
    t0 = time.perf_counter()
    started_at = iso_now()
    notes = []
    errors = []
    metrics = []
    transfers = []
    opened = None
    if gpu_requested(args):
        # A GPU asked for by name is looked for first, so that its absence costs no CPU run.
        opened = open_gpu_backends(args, progress)
        if not opened[0]:
            progress.done()
            sys.stderr.write('gpu_payoff_probe: --device %s asks for a GPU, but there is none: %s.\n'
                             'Run with --device auto or --device cpu to measure the CPU only.\n'
                             % (args.device, gpu_unavailable_message(opened[1]).replace('not measured — ', '')))
            return EXIT_NO_DEVICE
    progress('reading the stack')
    stack = stack_facts(np)
    load_start = load_average()
    try:
        metrics.extend(run_cpu(np, cfg, progress, args.seed, notes))
        backends, attempts, facts = opened or open_gpu_backends(args, progress)
        stack['frameworks'].extend(facts)
        device = None
        primary = None
        for be in backends:
            fw = be.describe()
            try:
                m, t = run_gpu_framework(be, np, cfg, progress, args.seed, errors)
                fw['status'] = 'measured'
                metrics.extend(m)
                transfers.extend(t)
                if primary is None:
                    primary = be.name
                    device = be.device_info()
            except Exception as e:  # noqa: BLE001
                fw['status'] = 'failed'
                fw['note'] = '%s: %s' % (type(e).__name__, str(e)[:300])
                errors.append('%s: %s' % (FRAMEWORK_LABELS[be.name], fw['note']))
            stack['frameworks'].append(fw)
    except KeyboardInterrupt:
        progress.done()
        sys.stderr.write('interrupted\n')
        return 130
    progress.done()
    conditions = {}
    if load_start is not None:
        conditions['loadAverage1mStart'] = load_start
        conditions['loadAverage1mEnd'] = load_average()
    busy = busy_machine_note(load_start, stack['cpu']['cores'])
    if busy:
        notes.insert(0, busy)
    gpu_unavailable = None
    if device is None:
        gpu_unavailable = gpu_unavailable_message(attempts, requested_cpu=args.device_kind == 'cpu')
        if backends:
            gpu_unavailable = 'not measured — every GPU framework failed (see errors)'
    notes.append('Headlines: GFLOPS and GB/s are the best sample, latencies and overheads the median; p10/p90 '
                 'and raw samples are kept. GFLOPS = 1e9 FLOP/s (FMA = 2 FLOPs, matmul = 2·n³); GB/s = 1e9 B/s.')
    if args.profile == 'quick':
        notes.append('Quick profile: warm-up %.2f s per kernel (a full run uses 0.5 s), fewer samples.'
                     % cfg['warmup_s'])
    if device is not None:
        notes.append('GPU metrics headline: %s; matmul samples are GPU time per call (%s) with an L2 flush '
                     'between calls; transfers are wall-clock time around copy + synchronize.'
                     % (FRAMEWORK_LABELS[primary], 'device events' if primary != 'jax' else 'wall clock'))
    doc = build_document(
        profile=args.profile, started_at=started_at, duration_ms=(time.perf_counter() - t0) * 1000, stack=stack,
        metrics=metrics, device=device, gpu_unavailable=gpu_unavailable, primary_framework=primary,
        transfers=transfers, notes=notes, errors=errors, conditions=conditions,
        settings={'budgetS': cfg['cpu_budget_s'], 'device': args.device, 'frameworks': args.frameworks,
                  'seed': args.seed})
    problems = validate_document(doc)
    if problems:
        doc['errors'].extend('document check: %s' % p for p in problems[:10])
    failures = []
    if not any(m['status'] == 'ok' for m in metrics):
        failures.append('no metric was measured (each one says why in the table); the page would refuse this '
                        'document')
    if gpu_requested(args) and device is None:
        failures.append('--device %s asked for a GPU, and no GPU metric was measured: %s'
                        % (args.device, gpu_unavailable.replace('not measured — ', '')))
    text = json.dumps(doc, indent=1, ensure_ascii=False, allow_nan=False)
    wrote = False
    if args.out:
        try:
            with open(args.out, 'w', encoding='utf-8') as f:
                f.write(text + '\n')
            wrote = True
        except OSError as e:
            failures.append('could not write --out %s: %s' % (args.out, e.strerror or e))
    if args.json:
        sys.stdout.write(text + '\n')
    else:
        sys.stdout.write(format_table(doc) + '\n')
        if wrote:
            sys.stdout.write('Wrote %s (import it in the GPU payoff page).\n' % args.out)
    for f in failures:
        sys.stderr.write('gpu_payoff_probe: %s.\n' % f)
    return EXIT_FAILED if problems or failures else EXIT_OK


if __name__ == '__main__':
    sys.exit(main())
