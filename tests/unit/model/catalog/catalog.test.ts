import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SANE_RANGES, catalogProblems } from '../../../../src/model/catalog/check.ts';
import { hostLinkGBps, hostLinkText, pcieGBps } from '../../../../src/model/catalog/pcie.ts';
import { GPU_CATALOG, GPU_IDS, gpuById } from '../../../../src/model/catalog/registry.ts';
import { SOURCES, type SourceId } from '../../../../src/model/catalog/sources.ts';
import type { Figure, GpuEntry, MaybeFigure } from '../../../../src/model/catalog/types.ts';
import { FLAG_TEXT, hasValue } from '../../../../src/model/catalog/types.ts';

/** The ids issue #19 names, which must exist exactly as written. */
const REQUIRED_IDS = [
  'h200',
  'h100-sxm',
  'h100-pcie',
  'a100-80-sxm',
  'a100-40-pcie',
  'l40s',
  'l4',
  't4',
  'v100',
  'rtx-5090',
  'rtx-4090',
  'rtx-4080',
  'rtx-4070',
  'rtx-4060',
  'rtx-3090',
  'rtx-3060',
  'mi300x',
  'rx-7900-xtx',
  'arc-a770',
  'm1-max',
  'm2-max',
  'm3-max',
  'm4-max',
  'm4-pro',
];

const FIGURE_FIELDS = [
  'fp32',
  'fp32Matrix',
  'tf32',
  'fp16',
  'bf16',
  'fp64',
  'fp64Tensor',
  'memoryGB',
  'memoryGBps',
  'l2MB',
  'boardPowerW',
  'year',
] as const;

function figures(g: GpuEntry): [string, MaybeFigure][] {
  return FIGURE_FIELDS.flatMap((f) => {
    const v = g[f];
    return v === undefined ? [] : [[f, v] as [string, MaybeFigure]];
  });
}

function entry(id: string): GpuEntry {
  const g = gpuById(id);
  if (!g) throw new Error(`no ${id}`);
  return g;
}

describe('the catalog', () => {
  it('has at least 30 GPUs and every id the issue lists', () => {
    expect(GPU_CATALOG.length).toBeGreaterThanOrEqual(30);
    for (const id of REQUIRED_IDS) expect(gpuById(id)?.id, id).toBe(id);
    expect(GPU_IDS).toEqual(GPU_CATALOG.map((g) => g.id));
  });

  it('passes its own sanity check: ids, sources, ranges, flags, rate order', () => {
    expect(catalogProblems(GPU_CATALOG)).toEqual([]);
  });

  it('ids are lowercase words joined by hyphens, unique, and lookups are exact', () => {
    expect(new Set(GPU_IDS).size).toBe(GPU_IDS.length);
    for (const id of GPU_IDS) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(gpuById('H100-SXM')).toBeUndefined();
    expect(gpuById('h100')).toBeUndefined();
    expect(gpuById('__proto__')).toBeUndefined();
  });

  it('every figure cites a known source with an https URL; every missing one says why', () => {
    for (const g of GPU_CATALOG) {
      for (const [field, f] of figures(g)) {
        if (f.value === null) {
          expect(f.reason.length, `${g.id}.${field}`).toBeGreaterThan(5);
          continue;
        }
        const src = SOURCES[f.source];
        expect(src, `${g.id}.${field}`).toBeDefined();
        expect(src.url, `${g.id}.${field}`).toMatch(/^https:\/\/[^\s]+$/);
      }
      expect(SOURCES[g.hostLink.source].url).toMatch(/^https:\/\//);
    }
  });

  it('every flagged figure explains itself; estimated figures rest on a vendor or named source', () => {
    let flagged = 0;
    for (const g of GPU_CATALOG) {
      for (const [field, f] of figures(g)) {
        if (!hasValue(f)) continue;
        for (const flag of f.flags ?? []) {
          flagged++;
          expect(FLAG_TEXT[flag]).toBeTruthy();
          if (flag !== 'dual-issue') expect(f.note ?? '', `${g.id}.${field}`).not.toBe('');
        }
      }
    }
    expect(flagged).toBeGreaterThan(30);
  });

  it('values sit in the sane ranges', () => {
    for (const g of GPU_CATALOG) {
      expect(g.fp32.value).toBeGreaterThanOrEqual(SANE_RANGES.fp32[0]);
      expect(g.fp32.value).toBeLessThanOrEqual(SANE_RANGES.fp32[1]);
      expect(g.memoryGBps.value).toBeGreaterThanOrEqual(50);
      expect(g.memoryGBps.value).toBeLessThanOrEqual(10000);
      expect(g.memoryGB.value).toBeGreaterThanOrEqual(4);
      expect(g.memoryGB.value).toBeLessThanOrEqual(300);
      expect(g.year.value).toBeGreaterThanOrEqual(2016);
      expect(g.year.value).toBeLessThanOrEqual(2027);
    }
  });

  it('holds the dense figures, with the sparse ones halved and said so', () => {
    const h100 = entry('h100-sxm');
    expect(h100.fp16).toMatchObject({ value: 989.5, flags: ['sparse-halved'] });
    expect(h100.tf32.value).toBe(494.5);
    // The A100 datasheet publishes dense beside sparse: taken as published, not flagged.
    const a100 = entry('a100-80-sxm');
    expect(a100.tf32.value).toBe(156);
    expect((a100.tf32 as Figure).flags).toBeUndefined();
    // FP16 with FP32 accumulate on GeForce: half the FP16-accumulate figure.
    expect(entry('rtx-4090').fp16.value).toBe(165.2);
  });

  it('keeps plain FP32 apart from matrix FP32 (MI300X: 81.7 vector, 163.4 matrix)', () => {
    const mi = entry('mi300x');
    expect(mi.fp32.value).toBe(81.7);
    expect(mi.fp32Matrix?.value).toBe(163.4);
    expect(mi.fp64Tensor?.value).toBe(163.4);
  });

  it('knows which GPUs lack a unit: no TF32 on T4, no FP64 on Apple, dual issue on RDNA 3', () => {
    expect(entry('t4').tf32.value).toBeNull();
    expect(entry('t4').bf16.value).toBeNull();
    expect(entry('m4-max').fp64.value).toBeNull();
    expect(entry('arc-a770').fp64.value).toBeNull();
    expect(entry('rx-7900-xtx').fp32.flags).toContain('dual-issue');
    // GeForce FP64 is 1/64 of FP32, derived and flagged.
    const f64 = entry('rtx-4090').fp64 as Figure;
    expect(f64.value).toBeCloseTo(82.6 / 64, 2);
    expect(f64.flags).toContain('estimated');
  });

  it('an RTX 4060 is an RTX 4060: 8 GB, 272 GB/s, PCIe Gen 4 × 8 (one catalog held 4060 Ti numbers)', () => {
    const g = entry('rtx-4060');
    expect(g.memoryGBps.value).toBe(272);
    expect(g.hostLink).toMatchObject({ kind: 'pcie', gen: 4, lanes: 8 });
    expect(g.fp32.value).toBeCloseTo(15.1, 1);
    expect(entry('rtx-4060-ti').memoryGBps.value).toBe(288);
  });

  it('host links: PCIe per direction from generation × lanes; Apple is unified', () => {
    expect(pcieGBps(3, 16)).toBeCloseTo(15.75, 2);
    expect(pcieGBps(4, 16)).toBeCloseTo(31.51, 2);
    expect(pcieGBps(5, 16)).toBeCloseTo(63.02, 2);
    expect(pcieGBps(4, 8)).toBeCloseTo(15.75, 2);
    expect(hostLinkGBps(entry('t4').hostLink)).toBeCloseTo(15.75, 2);
    expect(hostLinkGBps(entry('m3-max').hostLink)).toBeUndefined();
    expect(hostLinkText(entry('m3-max').hostLink)).toBe('unified memory: no copy');
    expect(hostLinkText(entry('rtx-4060').hostLink)).toBe('PCIe Gen 4 × 8, 15.8 GB/s per direction');
  });
});

describe('catalogProblems catches what a careless entry would get wrong', () => {
  const good = entry('h100-sxm');
  const broken = (patch: Partial<GpuEntry>): GpuEntry => ({ ...good, ...patch });

  it('accepts a sound entry', () => {
    expect(catalogProblems([good])).toEqual([]);
  });

  it('a figure without a known source', () => {
    const noSource = broken({ fp32: { value: 67, source: 'made-up' as SourceId } });
    expect(catalogProblems([noSource]).join()).toMatch(/h100-sxm\.fp32 has no known source/);
  });

  it('values outside the sane ranges: TFLOPS, GB/s, GB, year', () => {
    const problems = catalogProblems([
      broken({
        fp32: { value: 670, source: 'nvidia-h100' },
        memoryGBps: { value: 3.35, source: 'nvidia-h100' },
        memoryGB: { value: 80000, source: 'nvidia-h100' },
        year: { value: 2031, source: 'nvidia-h100' },
      }),
    ]).join('\n');
    expect(problems).toMatch(/fp32 = 670 is outside/);
    expect(problems).toMatch(/memoryGBps = 3.35 is outside/);
    expect(problems).toMatch(/memoryGB = 80000 is outside/);
    expect(problems).toMatch(/year = 2031 is outside/);
  });

  it('NaN is not a figure', () => {
    expect(catalogProblems([broken({ fp32: { value: NaN, source: 'nvidia-h100' } })]).join()).toMatch(/fp32/);
  });

  it('duplicate and ill-formed ids', () => {
    expect(catalogProblems([good, good]).join()).toMatch(/appears twice/);
    for (const id of ['H100', 'h100_sxm', 'h100--sxm', '-h100', 'h100 sxm', '', 'x'.repeat(40)]) {
      expect(catalogProblems([broken({ id })]).join(), JSON.stringify(id)).toMatch(/is not lowercase words/);
    }
  });

  it('an estimate that does not say how, and an unexplained missing figure', () => {
    const p = catalogProblems([
      broken({
        fp64: { value: 34, source: 'nvidia-h100', flags: ['estimated'] },
        l2MB: { value: null, reason: ' ' },
      }),
    ]).join('\n');
    expect(p).toMatch(/fp64 is flagged but does not say how/);
    expect(p).toMatch(/l2MB is absent without a reason/);
  });

  it('a tensor figure below FP32, FP64 above FP32', () => {
    const p = catalogProblems([
      broken({ fp16: { value: 30, source: 'nvidia-h100' }, fp64: { value: 90, source: 'nvidia-h100' } }),
    ]).join('\n');
    expect(p).toMatch(/fp16 \(30\) is below FP32/);
    expect(p).toMatch(/fp64 \(90\) exceeds FP32/);
  });
});

describe('docs/gpu-catalog.md', () => {
  const doc = readFileSync(new URL('../../../../docs/gpu-catalog.md', import.meta.url), 'utf8');
  const rows = [...doc.matchAll(/^\| `([a-z0-9-]+)` \| (NVIDIA|AMD|Intel|Apple) /gm)].map((m) => m[1]);

  it('lists every catalog id, and only those, in catalog order', () => {
    expect(rows).toEqual(GPU_IDS);
  });

  it('lists every source id', () => {
    for (const id of Object.keys(SOURCES)) expect(doc, id).toContain(`| \`${id}\` |`);
  });
});
