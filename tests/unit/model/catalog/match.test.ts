import { describe, expect, it } from 'vitest';
import { catalogEntryForDeviceName, deviceNameWords } from '../../../../src/model/catalog/match.ts';
import { GPU_CATALOG } from '../../../../src/model/catalog/registry.ts';

describe('catalogEntryForDeviceName: the names frameworks report', () => {
  it.each([
    ['NVIDIA H100 80GB HBM3', 'h100-sxm'],
    ['NVIDIA H100 PCIe', 'h100-pcie'],
    ['NVIDIA H200', 'h200'],
    ['Tesla T4', 't4'],
    ['NVIDIA A100-SXM4-40GB', 'a100-40-sxm'],
    ['NVIDIA A100-SXM4-80GB', 'a100-80-sxm'],
    ['NVIDIA A100-PCIE-40GB', 'a100-40-pcie'],
    ['NVIDIA A100 80GB PCIe', 'a100-80-pcie'],
    ['NVIDIA GeForce RTX 4060 Ti', 'rtx-4060-ti'],
    ['NVIDIA GeForce RTX 4060', 'rtx-4060'],
    ['NVIDIA GeForce RTX 4090', 'rtx-4090'],
    ['NVIDIA L4', 'l4'],
    ['NVIDIA A10', 'a10'],
    ['NVIDIA L40S', 'l40s'],
    ['Tesla V100-SXM2-16GB', 'v100'],
    ['Tesla P100-PCIE-16GB', 'p100'],
    ['AMD Instinct MI300X', 'mi300x'],
    ['AMD Radeon RX 7900 XTX', 'rx-7900-xtx'],
    ['Intel(R) Arc(TM) A770 Graphics', 'arc-a770'],
    ['Apple M2 Max', 'm2-max'],
    ['Apple M4 Pro', 'm4-pro'],
    ['Apple M4', 'm4'],
    ['NVIDIA RTX A6000', 'rtx-a6000'],
  ])('%s is %s', (name, id) => {
    expect(catalogEntryForDeviceName(name)?.id).toBe(id);
  });

  it('a name that does not say which variant, or names no catalog GPU, matches none rather than a guess', () => {
    expect(catalogEntryForDeviceName('NVIDIA A100')).toBeUndefined(); // 40 or 80 GB, SXM or PCIe?
    expect(catalogEntryForDeviceName('NVIDIA H100 NVL')).toBeUndefined();
    expect(catalogEntryForDeviceName('mps')).toBeUndefined();
    expect(catalogEntryForDeviceName('')).toBeUndefined();
    expect(catalogEntryForDeviceName('NVIDIA GeForce GTX 1080')).toBeUndefined();
  });

  it('every catalog entry is found from its own id written as words', () => {
    for (const g of GPU_CATALOG) expect(catalogEntryForDeviceName(g.id.replaceAll('-', ' '))?.id).toBe(g.id);
  });

  it('two entries matching equally well is no match', () => {
    const [a, b] = GPU_CATALOG;
    const twins = [a!, { ...b!, id: a!.id }];
    expect(catalogEntryForDeviceName(a!.id.replaceAll('-', ' '), twins)).toBeUndefined();
  });

  it('words: vendor words dropped, "80GB" and "SXM4" written as the ids write them', () => {
    expect(deviceNameWords('NVIDIA A100-SXM4-80GB')).toEqual(['a100', 'sxm', '80']);
  });
});
