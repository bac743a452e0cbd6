/**
 * What "Copy Results" puts on the clipboard (issue #17): a short report a person can paste
 * into a GitHub issue or a chat. It is Markdown that still reads as plain text: the code
 * and its shape, the answer with its spread, the bound on each device, where the GPU's
 * time goes, the break-even, where every rate came from, and the link that reproduces it.
 * Every figure comes from `answerOutputs`, as on the page. Pure.
 */
import { formatDuration } from '../shared/format.ts';
import type { Answer } from './answer.ts';
import { answerOutputs, breakEvenSentence } from './outputs.ts';

/** One rate the answer used and where it came from: "CPU rate", "67.4 GFLOPS", "measured". */
export interface ReportRate {
  name: string;
  value: string;
  source: string;
}

export interface ReportInput {
  answer: Answer;
  /** The code as described: 'Matrix multiply 2,048×2,048 · 2,048×2,048, float32'. */
  description: string;
  rates: readonly ReportRate[];
  /** The link that reproduces the estimate. */
  link: string;
  /** Set while the answer rests on default values: the page's own warning, said here too. */
  provisional?: string | undefined;
}

/** A cell's text with the characters that would break a Markdown table escaped. */
function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function answerReport(r: ReportInput): string {
  const a = r.answer;
  const o = answerOutputs(a);
  const s = a.split;
  const lines: string[] = [`## GPU payoff: ${o.speedup.text} speedup`, ''];
  if (r.provisional) lines.push(`> **Not measured:** ${r.provisional}`, '');
  lines.push(
    `**Code:** ${r.description}`,
    `**Answer:** ${a.verdict.text}`,
    ...(a.range ? [`**Measured spread:** ${o.speedupRange.text} (p10–p90 of the measured inputs)`] : []),
    '',
    '| | time | bound |',
    '|---|---:|---|',
    `| CPU | ${o.cpuTime.text} | ${o.cpuBound.text} |`,
    `| GPU | ${o.gpuTime.text} | ${o.gpuBound.text} |`,
    '',
    `**Where the GPU time goes:** compute ${formatDuration(s.compute)}, memory ${formatDuration(s.memory)}, copies ${formatDuration(s.copies)}, launches ${formatDuration(s.launches)}`,
    `**Break-even:** ${breakEvenSentence(a.breakEven, a.outputs.speedup)}`,
    '',
    '**Rates used:**',
    '',
    '| rate | value | from |',
    '|---|---:|---|',
    ...r.rates.map((x) => `| ${cell(x.name)} | ${cell(x.value)} | ${cell(x.source)} |`),
    '',
    `Reproduce: ${r.link}`,
  );
  return lines.join('\n');
}
