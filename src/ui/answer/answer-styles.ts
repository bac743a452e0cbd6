import { css } from 'lit';

/** The answer card's look: the big speedup, the verdict, CPU against GPU, where the time goes. */
export const answerStyles = css`
  :host {
    display: block;
  }
  .headline {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.15rem 0.75rem;
    margin-bottom: 0.35rem;
  }
  .headline label {
    font-weight: 600;
    width: 100%;
  }
  .headline output {
    font-size: 2.6rem;
    font-weight: 700;
    line-height: 1.1;
    font-variant-numeric: tabular-nums;
  }
  .headline output.provisional {
    color: var(--muted, #5a6472);
  }
  .headline .tag {
    font-size: 0.8rem;
    font-weight: 600;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--muted, #5a6472);
    border: 1px dashed var(--muted, #5a6472);
    border-radius: 999px;
    padding: 0.05rem 0.5rem;
  }
  .range {
    font-size: 0.85rem;
    color: var(--muted, #5a6472);
    width: 100%;
  }
  .verdict {
    border-radius: 8px;
    padding: 0.5rem 0.75rem;
    margin: 0.4rem 0 0.8rem;
    font-weight: 600;
  }
  .verdict.gpu {
    background: var(--good-bg, #e7f6ec);
    color: var(--good, #15803d);
  }
  .verdict.cpu {
    background: var(--bad-bg, #fdecea);
    color: var(--bad, #b42318);
  }
  .verdict.even,
  .verdict.none {
    background: var(--warn-bg, #fff4d6);
    color: var(--warn-fg, #6b4a00);
  }
  /* Built from default values: no green or red, a dashed frame, and a prefix in words. */
  .verdict.provisional {
    background: transparent;
    color: var(--fg, #1b1f24);
    border: 2px dashed var(--muted, #5a6472);
    font-weight: 500;
  }
  .basis {
    border-radius: 8px;
    padding: 0.55rem 0.75rem;
    margin: 0.2rem 0 0.6rem;
    background: var(--warn-bg, #fff4d6);
    color: var(--warn-fg, #6b4a00);
  }
  .basis strong {
    display: block;
  }
  .basis p {
    margin: 0.25rem 0 0;
    font-size: 0.88rem;
  }
  .basis progress {
    width: 100%;
    height: 0.6rem;
    margin-top: 0.35rem;
    accent-color: var(--accent, #1f6feb);
  }
  h3 {
    font-size: 0.95rem;
    margin: 0.9rem 0 0.35rem;
  }
  .versus {
    display: grid;
    grid-template-columns: auto minmax(0, 1fr) auto;
    gap: 0.3rem 0.6rem;
    align-items: center;
    font-size: 0.92rem;
  }
  .versus .track {
    height: 0.9rem;
    border-radius: 5px;
    background: var(--bg, #f6f7f9);
    overflow: hidden;
  }
  .versus .fill {
    display: block;
    height: 100%;
    min-width: 2px;
  }
  .versus .fill.cpu {
    background: var(--cpu, #c2410c);
  }
  .versus .fill.gpu {
    background: var(--gpu, #1f6feb);
  }
  .versus output {
    font-family: var(--font-mono);
    font-variant-numeric: tabular-nums;
    text-align: right;
  }
  .versus small {
    grid-column: 2 / 4;
    margin-top: -0.25rem;
    color: var(--muted, #5a6472);
    font-size: 0.78rem;
  }
  .bar {
    display: flex;
    height: 1.1rem;
    border-radius: 6px;
    overflow: hidden;
    background: var(--border, #d5dae1);
    margin: 0.3rem 0;
  }
  .bar span {
    display: block;
    height: 100%;
    min-width: 0;
  }
  .seg-compute {
    background: var(--gpu, #1f6feb);
  }
  .seg-memory {
    background: var(--memory, #b45309);
  }
  .seg-copies {
    background: var(--transfer, #9333ea);
  }
  .seg-launches {
    background: var(--launch, #0d9488);
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 0.2rem 0.9rem;
    font-size: 0.83rem;
    list-style: none;
    padding: 0;
    margin: 0;
  }
  .legend i {
    display: inline-block;
    width: 0.75rem;
    height: 0.75rem;
    border-radius: 3px;
    margin-right: 0.3rem;
    vertical-align: -1px;
  }
  .breakeven {
    margin: 0.8rem 0 0;
  }
  .breakeven output {
    font-weight: 650;
  }
  dl {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(13rem, 1fr));
    gap: 0 1.2rem;
    margin: 0.8rem 0 0;
  }
  dl > div {
    display: flex;
    justify-content: space-between;
    gap: 0.5rem;
    padding: 0.28rem 0;
    border-bottom: 1px solid var(--border, #d5dae1);
    font-size: 0.88rem;
  }
  dd {
    margin: 0;
    font-family: var(--font-mono);
    font-variant-numeric: tabular-nums;
    text-align: right;
  }
  dt small {
    display: block;
    color: var(--muted, #5a6472);
    font-size: 0.75rem;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.6rem;
    align-items: center;
    margin-top: 1rem;
  }
  .copied {
    color: var(--good, #15803d);
    font-weight: 600;
  }
  .copy-failed {
    color: var(--bad, #b42318);
  }
  textarea {
    width: 100%;
    min-height: 10rem;
    font-family: var(--font-mono);
    font-size: 0.8rem;
    margin-top: 0.5rem;
    background: var(--bg);
    color: var(--fg);
  }
`;
