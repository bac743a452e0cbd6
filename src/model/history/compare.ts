/**
 * Comparing saved runs: every metric side by side with its difference from the first
 * run, which value is best, and whether the runs were measured under the same
 * conditions (browser, adapter, timer, isolation). Pure.
 */
import type { BenchRun } from '../bench/bench-run.ts';
import type { StoredRun } from './records.ts';
import { browserLabel, deviceLabel, isSoftwareRun, runUserAgent } from './describe.ts';
import {
  HEADLINE_METRICS,
  METRIC_IDS,
  headlineValue,
  metricLabel,
  type Metric,
  type MetricId,
} from '../bench/metrics.ts';
import type { Better } from '../shared/stats.ts';
import { predictionErrorByWorkload, type VerificationEnvironment, type WorkloadErrorRow } from './verification.ts';

/**
 * Differences smaller than this (in %) count as "same": below what three significant
 * digits show, and far below run-to-run noise of a browser benchmark.
 */
export const SAME_THRESHOLD_PERCENT = 0.5;

export type CompareVerdict = 'better' | 'worse' | 'same';

/** One run's value of one metric. */
export interface CompareCell {
  runId: string;
  status: Metric['status'] | 'missing';
  /** The headline value (best for ceilings, median for latencies), when measured. */
  value?: number;
  /** p10–p90 spread of the samples, when measured. */
  p10?: number;
  p90?: number;
  /** Why there is no value (a failed or skipped metric). */
  error?: string;
  /** Difference from the first run's value, in % of it; absent for the first run itself. */
  diffPercent?: number;
  /** Whether this value is better or worse than the first run's, by the metric's direction. */
  verdict?: CompareVerdict;
  /** The best value among the runs (ties all count); false when there is nothing to compare. */
  best: boolean;
}

/** One metric across the runs. */
export interface CompareRow {
  id: MetricId;
  label: string;
  unit: string;
  better: Better;
  cells: CompareCell[];
  /** False when the runs report this metric in different units: no differences then. */
  comparable: boolean;
}

export type LikeForLikeKind = 'browser' | 'adapter' | 'timer' | 'isolation' | 'software' | 'host' | 'profile';

/** A reason the runs were not measured under the same conditions. */
export interface LikeForLikeIssue {
  kind: LikeForLikeKind;
  /** Plain words, e.g. "Different browsers: Chrome 131, Firefox 133." */
  message: string;
}

export interface Comparison {
  /** Run ids in the order given; the first is the baseline for differences. */
  runIds: string[];
  rows: CompareRow[];
  issues: LikeForLikeIssue[];
  likeForLike: boolean;
}

/** Difference of `value` from `base` in % of |base|; undefined when base is 0. */
export function percentDiff(value: number, base: number): number | undefined {
  if (base === 0) return undefined;
  return ((value - base) / Math.abs(base)) * 100;
}

/** Better, worse or the same as the baseline, taking the metric's direction into account. */
export function verdictOf(diffPercent: number | undefined, better: Better): CompareVerdict | undefined {
  if (diffPercent === undefined) return undefined;
  if (Math.abs(diffPercent) < SAME_THRESHOLD_PERCENT) return 'same';
  const up = diffPercent > 0;
  return up === (better === 'higher') ? 'better' : 'worse';
}

function cellOf(runId: string, m: Metric | undefined): CompareCell {
  if (!m) return { runId, status: 'missing', best: false };
  if (m.status !== 'ok') return { runId, status: m.status, error: m.error, best: false };
  return { runId, status: 'ok', value: headlineValue(m), p10: m.p10, p90: m.p90, best: false };
}

function compareRow(id: MetricId, runs: readonly StoredRun[]): CompareRow {
  const metrics = runs.map((r) => r.run.metrics.find((m) => m.id === id));
  const known = metrics.filter((m): m is Metric => m !== undefined);
  const unit = known[0]?.unit ?? '';
  const better: Better = known[0]?.better ?? 'higher';
  const comparable = known.every((m) => m.unit === unit && m.better === better);
  const cells = runs.map((r, i) => cellOf(r.id, metrics[i]));
  if (comparable) {
    const base = cells[0]?.value;
    cells.forEach((c, i) => {
      if (i === 0 || base === undefined || c.value === undefined) return;
      const d = percentDiff(c.value, base);
      if (d === undefined) return;
      c.diffPercent = d;
      const v = verdictOf(d, better);
      if (v) c.verdict = v;
    });
    const values = cells.map((c) => c.value).filter((v): v is number => v !== undefined);
    if (values.length >= 2) {
      const target = better === 'higher' ? Math.max(...values) : Math.min(...values);
      const worst = better === 'higher' ? Math.min(...values) : Math.max(...values);
      // All equal: nothing is better than anything else.
      if (target !== worst) for (const c of cells) c.best = c.value === target;
    }
  }
  return { id, label: metricLabel(id), unit, better, cells, comparable };
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function adapterKey(run: BenchRun): string {
  const a = run.gpu?.adapter;
  if (!a) return 'no GPU';
  return [a.vendor, a.architecture, a.device, a.description].join('|');
}

/** Why these runs are not directly comparable; empty when they are. */
export function likeForLikeIssues(runs: readonly StoredRun[]): LikeForLikeIssue[] {
  const issues: LikeForLikeIssue[] = [];
  const list = (xs: string[]) => xs.join(', ');
  const rs = runs.map((r) => r.run);

  const browsers = distinct(rs.map((r) => browserLabel(runUserAgent(r))));
  const agents = distinct(rs.map((r) => runUserAgent(r)));
  if (browsers.length > 1) {
    issues.push({ kind: 'browser', message: `Different browsers: ${list(browsers)}.` });
  } else if (agents.length > 1) {
    issues.push({ kind: 'browser', message: `Different browser builds or operating systems (${browsers[0] ?? ''}).` });
  }

  const hosts = distinct(rs.map((r) => r.environment.host));
  if (hosts.length > 1)
    issues.push({
      kind: 'host',
      message: hosts.includes('python')
        ? 'Some runs were measured by the Python probe, some in a browser or under Node: different code paths.'
        : 'Some runs were measured in a browser, some under Node.',
    });

  if (distinct(rs.map(adapterKey)).length > 1) {
    issues.push({ kind: 'adapter', message: `Different GPU adapters: ${list(distinct(rs.map(deviceLabel)))}.` });
  }

  const timers = distinct(
    rs
      .filter((r) => r.gpu)
      .map((r) =>
        r.gpu?.timer === 'timestamp-query'
          ? r.gpu.timestampsQuantized
            ? 'GPU timestamps (quantized)'
            : 'GPU timestamps'
          : 'wall clock',
      ),
  );
  if (timers.length > 1) issues.push({ kind: 'timer', message: `Different GPU timers: ${list(timers)}.` });

  const isolation = distinct(rs.map((r) => (r.environment.crossOriginIsolated ? 'on' : 'off')));
  if (isolation.length > 1) {
    issues.push({
      kind: 'isolation',
      message: 'Cross-origin isolation differs: it changes timer resolution and whether CPU threads can share memory.',
    });
  }

  const software = distinct(rs.map((r) => (isSoftwareRun(r) ? 'software' : 'hardware')));
  if (software.length > 1) {
    issues.push({
      kind: 'software',
      message: 'Some runs used a software (fallback) GPU adapter: their GPU numbers say nothing about real hardware.',
    });
  }

  const profiles = distinct(rs.map((r) => r.profile));
  if (profiles.length > 1) {
    issues.push({
      kind: 'profile',
      message: `Different benchmark profiles: ${list(profiles)} (shorter warm-up and fewer samples in quick).`,
    });
  }
  return issues;
}

/** Compare runs: the first is the baseline. Every metric any run has gets a row, in a fixed order. */
export function compareRuns(runs: readonly StoredRun[]): Comparison {
  const present = new Set(runs.flatMap((r) => r.run.metrics.map((m) => m.id)));
  const rows = METRIC_IDS.filter((id) => present.has(id)).map((id) => compareRow(id, runs));
  const issues = likeForLikeIssues(runs);
  return { runIds: runs.map((r) => r.id), rows, issues, likeForLike: issues.length === 0 };
}

/** One headline metric across runs, for the chart. */
export interface HeadlineSeries {
  id: MetricId;
  label: string;
  unit: string;
  better: Better;
  /** Headline value per run (null where not measured). */
  values: (number | null)[];
  /** Value as % of the first run that has one (null where not measured). */
  relative: (number | null)[];
}

/**
 * The headline metrics across runs, each also as a percentage of its first value, so
 * GFLOPS and GB/s share one axis. Metrics no run measured are left out.
 */
export function headlineSeries(
  runs: readonly StoredRun[],
  ids: readonly MetricId[] = HEADLINE_METRICS,
): HeadlineSeries[] {
  const out: HeadlineSeries[] = [];
  for (const id of ids) {
    const row = compareRow(id, runs);
    if (!row.comparable) continue;
    const values = row.cells.map((c) => c.value ?? null);
    const base = values.find((v): v is number => v !== null && v !== 0);
    if (base === undefined) continue;
    const relative = values.map((v) => (v === null ? null : (v / base) * 100));
    out.push({ id, label: row.label, unit: row.unit, better: row.better, values, relative });
  }
  return out;
}

/** Where a verification ran, in words: "Google SwiftShader · Chrome 131". */
export function verificationEnvironmentLabel(e: VerificationEnvironment): string {
  return `${e.adapter.trim() || 'unknown adapter'} · ${browserLabel(e.userAgent)}`;
}

/**
 * Prediction error per workload across saved verifications (issue #13): one row per
 * workload, one cell per machine and browser with the median signed error and the
 * median absolute error, so the model's misses on different setups sit side by side.
 */
export function compareVerifications(
  verifications: readonly Parameters<typeof predictionErrorByWorkload>[0][number][],
): WorkloadErrorRow[] {
  return predictionErrorByWorkload(verifications, verificationEnvironmentLabel);
}
