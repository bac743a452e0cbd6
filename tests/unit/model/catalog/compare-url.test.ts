import { describe, expect, it } from 'vitest';
import {
  DEFAULT_COMPARED,
  compareQuery,
  readCompareSettings,
  type CompareContext,
  type CompareRaw,
} from '../../../../src/model/catalog/compare-url.ts';
import { DEFAULT_ESTIMATE_OPTIONS } from '../../../../src/model/catalog/rates.ts';

const NONE: CompareContext = { probeGpuIds: [], probeCpuIds: [] };
const read = (raw: CompareRaw, ctx = NONE) => readCompareSettings(raw, ctx);

describe('readCompareSettings: devices', () => {
  it('no gpus= : this machine, imported GPUs, then the defaults; not marked as chosen', () => {
    expect(read({}).devices).toEqual([...DEFAULT_COMPARED]);
    expect(read({}).devicesChosen).toBe(false);
    const s = read({}, { probeGpuIds: ['probe-1a2b3c4d'], probeCpuIds: [] });
    expect(s.devices.slice(0, 2)).toEqual(['this-machine', 'probe-1a2b3c4d']);
  });

  it('the issue’s value, in its order', () => {
    const s = read({ gpus: 'h100-sxm,t4,rtx-4090' });
    expect(s.devices).toEqual(['h100-sxm', 't4', 'rtx-4090']);
    expect(s.devicesChosen).toBe(true);
    expect(s.deviceMessages).toEqual([]);
  });

  it('unknown, repeated and hostile ids are left out, each with a message that quotes nothing dangerous', () => {
    const s = read({ gpus: 'h100-sxm,h100-sxm,rtx-4900,<script>alert(1)</script>,t\u202E4,typed,this-machine' });
    expect(s.devices).toEqual(['h100-sxm', 'typed', 'this-machine']);
    expect(s.deviceMessages).toHaveLength(4);
    expect(s.deviceMessages.join(' ')).toContain('did you mean rtx-4090?');
    expect(s.deviceMessages.join(' ')).toContain('listed more than once');
    expect(s.deviceMessages.join(' ')).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
  });

  it('at most 12: the 13th is left out and named', () => {
    const ids = ['h200', 'h100-sxm', 'h100-pcie', 'a100-80-sxm', 'a100-40-sxm', 'a100-80-pcie', 'a100-40-pcie'];
    const more = ['l40s', 'l4', 'a10', 't4', 'v100', 'p100'];
    const s = read({ gpus: [...ids, ...more].join(',') });
    expect(s.devices).toHaveLength(12);
    expect(s.deviceMessages).toEqual(['At most 12 GPUs are compared at once; left out: p100.']);
  });

  it('an imported run this browser does not have is left out and said so', () => {
    const s = read({ gpus: 'probe-deadbeef,t4' });
    expect(s.devices).toEqual(['t4']);
    expect(s.deviceMessages[0]).toMatch(/probe-deadbeef names an imported Python run .* not in this browser’s history/);
    expect(read({ gpus: 'probe-deadbeef' }, { probeGpuIds: ['probe-deadbeef'], probeCpuIds: [] }).devices).toEqual([
      'probe-deadbeef',
    ]);
  });
});

describe('readCompareSettings: options, CPU and typed figures', () => {
  it('defaults are PyTorch’s: TF32 off, pageable, eager', () => {
    expect(read({}).options).toEqual(DEFAULT_ESTIMATE_OPTIONS);
  });

  it('w.tf32=1, w.pinned=1, w.graphs=1 turn each on', () => {
    expect(read({ 'w.tf32': '1', 'w.pinned': 'true', 'w.graphs': 'on' }).options).toEqual({
      tf32: true,
      hostMemory: 'pinned',
      launchMode: 'cuda-graphs',
    });
  });

  it('a bad flag keeps its default with a message', () => {
    const s = read({ 'w.tf32': 'maybe' });
    expect(s.options.tf32).toBe(false);
    expect(s.optionMessages['w.tf32']).toBe('w.tf32=maybe is not 1 or 0, so TF32 stays off, as in PyTorch.');
  });

  it('vs: the answer’s CPU by default; typed; a known run; anything else falls back with a message', () => {
    expect(read({}).cpu).toEqual({ kind: 'answer' });
    expect(read({ vs: 'typed' }).cpu).toEqual({ kind: 'typed' });
    expect(read({ vs: 'probe-abc' }, { probeGpuIds: [], probeCpuIds: ['probe-abc'] }).cpu).toEqual({
      kind: 'probe',
      id: 'probe-abc',
    });
    const lost = read({ vs: 'probe-abc' });
    expect(lost.cpu).toEqual({ kind: 'answer' });
    expect(lost.cpuMessage).toMatch(/not in this browser’s history/);
    const bad = read({ vs: '<img src=x>' });
    expect(bad.cpu).toEqual({ kind: 'answer' });
    expect(bad.cpuMessage).toContain('is not a CPU this page knows');
  });

  it('typed fields: the estimator’s parse messages, optional ones may be empty, the name made safe', () => {
    const s = read({
      'typed.fp32': '-3',
      'typed.tensor': '',
      'typed.gbps': '1,5',
      'typed.name': '\u202Eevil\u0007 GPU',
    });
    expect(s.typedGpu['typed.fp32']).toEqual({ ok: false, message: 'Must not be negative.' });
    expect(s.typedGpu['typed.tensor']).toEqual({ ok: true, value: undefined });
    expect(s.typedGpu['typed.gbps']).toMatchObject({ ok: true, value: 1.5 });
    expect(s.typedGpuName).toBe('evil GPU');
    expect(read({ 'typed.name': '   ' }).typedGpuName).toBe('My GPU');
    expect(read({ 'vs.gflops': 'abc' }).typedCpu['vs.gflops']).toMatchObject({ ok: false });
  });
});

describe('compareQuery', () => {
  it('the address bar carries only what was chosen; the shared link carries everything', () => {
    const raw = {};
    expect(compareQuery(read(raw), raw, false)).toBe('');
    const all = new URLSearchParams(compareQuery(read(raw), raw, true));
    expect(all.get('gpus')).toBe(DEFAULT_COMPARED.join(','));
    expect(all.get('w.tf32')).toBe('0');
    expect(all.get('vs')).toBe('answer');
  });

  it('writes ids as read: bad ones gone; options that are on; a typed GPU’s figures as typed', () => {
    const raw = { gpus: 'h100-sxm,nope,typed', 'w.pinned': '1', 'typed.fp32': '30', 'typed.name': 'X' };
    const q = new URLSearchParams(compareQuery(read(raw), raw, false));
    expect(q.get('gpus')).toBe('h100-sxm,typed');
    expect(q.get('w.pinned')).toBe('1');
    expect(q.has('w.tf32')).toBe(false);
    expect(q.get('typed.fp32')).toBe('30');
    expect(q.get('typed.name')).toBe('X');
    expect(q.get('typed.gbps')).toBe('500');
  });

  it('round trip: reading the written query gives the same settings', () => {
    const raw = { gpus: 't4,l4,typed', 'w.tf32': '1', vs: 'typed', 'vs.gflops': '250', 'typed.mem': '16' };
    const again = Object.fromEntries(new URLSearchParams(compareQuery(read(raw), raw, true)));
    expect(read(again)).toEqual({ ...read(raw), devicesChosen: true });
  });
});
