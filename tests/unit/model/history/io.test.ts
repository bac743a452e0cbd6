import { describe, expect, it } from 'vitest';
import {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  MAX_IMPORT_BYTES,
  buildExport,
  csvField,
  describeImport,
  exportFileName,
  parseImport,
  runsToCsv,
} from '../../../../src/model/history/io.ts';
import { HISTORY_SCHEMA_VERSION, type StoredRun } from '../../../../src/model/history/records.ts';
import { makeRun } from '../../fixtures/history-fixtures.ts';

function stored(id: string, name = id): StoredRun {
  return {
    schemaVersion: HISTORY_SCHEMA_VERSION,
    kind: 'run',
    id,
    name,
    savedAt: '2026-11-20T10:00:00.000Z',
    run: makeRun(),
  };
}

describe('export document', () => {
  it('has the format, version and date', () => {
    const doc = buildExport([stored('a')], [], new Date('2026-11-23T12:00:00Z'));
    expect(doc).toMatchObject({
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      exportedAt: '2026-11-23T12:00:00.000Z',
    });
    expect(doc.runs).toHaveLength(1);
    expect(exportFileName('csv', new Date('2026-11-23T12:00:00Z'))).toBe('gpu-payoff-history-2026-11-23.csv');
  });
});

describe('parseImport', () => {
  const good = JSON.stringify(buildExport([stored('a'), stored('b')], [], new Date()));

  it('reads back what export wrote', () => {
    const r = parseImport(good, new Set());
    expect(r).toMatchObject({ ok: true, duplicates: 0, rejected: [] });
    if (r.ok) expect(r.records.map((x) => x.id)).toEqual(['a', 'b']);
  });

  it('counts records already stored, and repeats in the file, as duplicates', () => {
    expect(parseImport(good, new Set(['run:a']))).toMatchObject({ ok: true, duplicates: 1 });
    const twice = JSON.stringify(buildExport([stored('a'), stored('a')], [], new Date()));
    expect(parseImport(twice, new Set())).toMatchObject({ ok: true, duplicates: 1 });
  });

  it.each([
    ['malformed JSON', '{"format": "gpu-payoff-history", ', /not valid JSON/],
    ['another format', JSON.stringify({ format: 'something-else', version: 1, runs: [] }), /not a GPU payoff history/],
    ['a bare array', '[]', /not a GPU payoff history/],
    [
      'a newer version',
      JSON.stringify({ format: EXPORT_FORMAT, version: EXPORT_VERSION + 1, runs: [] }),
      /newer version/,
    ],
    ['no version', JSON.stringify({ format: EXPORT_FORMAT, runs: [] }), /no readable version/],
    ['runs not a list', JSON.stringify({ format: EXPORT_FORMAT, version: 1, runs: {} }), /must be lists/],
  ])('refuses %s as a whole', (_n, text, error) => {
    const r = parseImport(text, new Set());
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(error);
  });

  it('refuses an oversize file before parsing it', () => {
    const big = ' '.repeat(MAX_IMPORT_BYTES + 1);
    expect(parseImport(big, new Set())).toMatchObject({ ok: false, error: expect.stringMatching(/too large/) });
  });

  it('rejects hostile records one by one with reasons and keeps the rest', () => {
    const doc = buildExport([stored('ok1')], [], new Date());
    const text = JSON.stringify(doc).replace(
      '"runs":[',
      // 1e999 parses to Infinity; 1e300 is finite but impossible.
      `"runs":[{"schemaVersion":1,"kind":"run","id":"x1","name":"<script>alert(1)</script>","savedAt":"2026-01-01T00:00:00Z","run":{"schemaVersion":1,"metrics":[{"id":"gpu.f32.gflops","status":"ok","unit":"GFLOPS","better":"higher","samples":[1e999],"n":1,"best":1e999,"median":1,"p10":1,"p90":1,"mean":1,"stdev":0,"validated":true}]}},` +
        `{"schemaVersion":1,"kind":"run","id":"x2","name":"huge","savedAt":"2026-01-01T00:00:00Z","run":${JSON.stringify(makeRun()).replace('"durationMs":4200', '"durationMs":1e300')}},` +
        `{"schemaVersion":1,"kind":"estimate","id":"x3","name":"wrong list","savedAt":"2026-01-01T00:00:00Z"},`,
    );
    const r = parseImport(text, new Set());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.records.map((x) => x.id)).toEqual(['ok1']);
    expect(r.rejected).toHaveLength(3);
    expect(r.rejected[0]?.reason).toMatch(/^Run 1 \("<script>alert\(1\)<\/script>"\): .*finite/);
    expect(r.rejected[1]?.reason).toMatch(/^Run 2 \("huge"\): .*durationMs is out of range/);
    expect(r.rejected[2]?.reason).toMatch(/Run 3/);
  });

  it('keeps a script in a name as plain text (rendering escapes it)', () => {
    const text = JSON.stringify(buildExport([stored('s1', '<img src=x onerror=alert(1)>')], [], new Date()));
    const r = parseImport(text, new Set());
    expect(r.ok && r.records[0]?.name).toBe('<img src=x onerror=alert(1)>');
  });

  it('describes the result in a sentence', () => {
    expect(describeImport({ added: 2, duplicates: 1, rejected: [{ reason: 'x' }] })).toBe(
      'Added 2 records, skipped 1 duplicate, rejected 1.',
    );
    expect(describeImport({ added: 0, duplicates: 0, rejected: [], error: 'The file is not valid JSON.' })).toBe(
      'Nothing was imported: The file is not valid JSON.',
    );
  });
});

/** Split one CSV line (no embedded newlines) into fields, undoing RFC 4180 quoting. */
function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let v = '';
      i += 1;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          v += '"';
          i += 2;
        } else if (line[i] === '"') {
          i += 1;
          break;
        } else {
          v += line[i];
          i += 1;
        }
      }
      out.push(v);
      i += 1;
    } else {
      const end = line.indexOf(',', i);
      const stop = end === -1 ? line.length : end;
      out.push(line.slice(i, stop));
      i = stop + 1;
    }
  }
  return out;
}

describe('runsToCsv', () => {
  it('writes a header, one row per run, escapes quotes and defuses formulas', () => {
    const csv = runsToCsv([stored('a', 'Laptop, "fast"'), stored('b', '=HYPERLINK("http://evil")')]);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    const header = lines[0]?.split(',') ?? [];
    expect(header.slice(0, 3)).toEqual(['id', 'name', 'saved_at']);
    expect(header).toContain('gpu.f32.gflops [GFLOPS]');
    expect(header).toContain('gpu.dispatch.us [µs]');
    expect(lines[1]).toContain('"Laptop, ""fast"""');
    expect(lines[2]).toContain(`"'=HYPERLINK(""http://evil"")"`);
    const f32col = header.indexOf('gpu.f32.gflops [GFLOPS]');
    const row = parseCsvLine(lines[1] ?? '');
    expect(row).toHaveLength(header.length);
    expect(row[1]).toBe('Laptop, "fast"');
    expect(row[f32col]).toBe('1000');
    expect(row[header.indexOf('browser')]).toBe('Chrome 131');
  });

  it('csvField handles every type', () => {
    expect(csvField(undefined)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(1.5)).toBe('1.5');
    expect(csvField(true)).toBe('true');
    expect(csvField('-1')).toBe("'-1");
    expect(csvField('a\nb')).toBe('"a\nb"');
  });
});
