/**
 * Which catalog entry a GPU is, from the name a framework reports for it
 * (`torch.cuda.get_device_name()`: "NVIDIA H100 80GB HBM3", "Tesla T4", "NVIDIA A100-SXM4-40GB",
 * "NVIDIA GeForce RTX 4060 Ti", "AMD Instinct MI300X", "Apple M2 Max"). A Python-probe run
 * from that GPU then replaces the entry's typical figures with its measured ones, while the
 * entry still gives what a probe does not measure (memory size, FP64 rate, L2, host link).
 *
 * The rule: every word of the entry's id must be a word of the name (after the spellings
 * below are made alike), and the entry with the most such words wins ("rtx 4060 ti" is
 * rtx-4060-ti, not rtx-4060). A name that two entries match equally well matches none: a
 * wrong entry would label figures as another GPU's. Pure.
 */
import { GPU_CATALOG } from './registry.ts';
import type { GpuEntry } from './types.ts';

/** Vendor and marketing words that no id contains. */
const NOISE = new Set([
  'nvidia',
  'geforce',
  'tesla',
  'amd',
  'radeon',
  'instinct',
  'intel',
  'r',
  'tm',
  'graphics',
  'apple',
  'gpu',
  'tensor',
  'core',
]);

/** The words of a reported name, lowercase, with the spellings of the same thing made alike. */
export function deviceNameWords(name: string): string[] {
  const words = name
    .toLowerCase()
    .replace(/\(r\)|\(tm\)/g, ' ')
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '' && !NOISE.has(w))
    // "80gb" → "80", "sxm4"/"sxm5" → "sxm": the catalog's ids say "a100-80-sxm".
    .map((w) => w.replace(/^(\d+)gb$/, '$1').replace(/^sxm\d$/, 'sxm'));
  // PyTorch names the H100 SXM "NVIDIA H100 80GB HBM3"; the PCIe card says "PCIe".
  if (words.includes('h100') && words.includes('hbm3') && !words.includes('pcie')) words.push('sxm');
  return words;
}

/**
 * The catalog entry a reported device name is, or undefined when none (or more than one
 * equally) matches. `entries` defaults to the catalog.
 */
export function catalogEntryForDeviceName(
  name: string,
  entries: readonly GpuEntry[] = GPU_CATALOG,
): GpuEntry | undefined {
  const words = new Set(deviceNameWords(name));
  if (words.size === 0) return undefined;
  let best: GpuEntry | undefined;
  let bestScore = 0;
  let tie = false;
  for (const e of entries) {
    const idWords = e.id.split('-');
    if (!idWords.every((w) => words.has(w))) continue;
    if (idWords.length > bestScore) {
      best = e;
      bestScore = idWords.length;
      tie = false;
    } else if (idWords.length === bestScore) {
      tie = true;
    }
  }
  return tie ? undefined : best;
}
