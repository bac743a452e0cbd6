import { css } from 'lit';

/** The Python panel's look: the command, the drop zone, the runs and the calibration table. */
export const pythonStyles = css`
      :host {
        display: block;
      }
      p {
        margin: 0 0 0.6rem;
        line-height: 1.45;
      }
      ul.why {
        margin: 0 0 0.8rem;
        padding-left: 1.2rem;
        line-height: 1.45;
      }
      .command {
        display: flex;
        gap: 0.5rem;
        align-items: stretch;
        flex-wrap: wrap;
        margin: 0 0 0.4rem;
      }
      .command code {
        flex: 1 1 16rem;
        min-width: 0;
        overflow-x: auto;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        font-family: var(--font-mono, monospace);
        font-size: 0.9rem;
        background: var(--bg, #f6f7f9);
        border: 1px solid var(--border, #d5dae1);
        border-radius: 8px;
        padding: 0.5rem 0.7rem;
      }
      code {
        font-family: var(--font-mono, monospace);
        font-size: 0.9em;
      }
      a.download {
        display: inline-flex;
        align-items: center;
        min-height: 2.25rem;
        padding: 0 0.9rem;
        border-radius: 8px;
        background: var(--accent, #1f6feb);
        color: var(--accent-fg, #fff);
        text-decoration: none;
        font-size: 0.95rem;
      }
      .drop {
        border: 2px dashed var(--border, #d5dae1);
        border-radius: 10px;
        padding: 0.9rem;
        margin: 0.8rem 0 0.6rem;
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
      }
      .drop.over {
        border-color: var(--accent, #1f6feb);
        background: var(--bg, #f6f7f9);
      }
      .drop input[aria-invalid='true'] {
        outline: 2px solid var(--bad, #b42318);
        outline-offset: 2px;
      }
      .msg {
        margin: 0 0 0.8rem;
        padding: 0.5rem 0.7rem;
        border-radius: 8px;
      }
      .msg.error {
        background: var(--bad-bg, #fdecea);
        color: var(--bad, #b42318);
      }
      .msg.info {
        background: var(--good-bg, #e7f6ec);
        color: var(--good, #15803d);
      }
      ul.runs {
        list-style: none;
        padding: 0;
        margin: 0 0 1rem;
      }
      ul.runs li {
        display: flex;
        flex-wrap: wrap;
        gap: 0.3rem 0.8rem;
        align-items: center;
        padding: 0.45rem 0;
        border-top: 1px solid var(--border, #d5dae1);
      }
      ul.runs .name {
        font-weight: 600;
        overflow-wrap: anywhere;
      }
      ul.runs .spacer {
        flex: 1;
      }
      .badge {
        font-size: 0.8rem;
        padding: 0.1rem 0.45rem;
        border-radius: 999px;
        background: var(--good-bg, #e7f6ec);
        color: var(--good, #15803d);
      }
      .table-wrap {
        overflow-x: auto;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        font-size: 0.92rem;
      }
      th,
      td {
        text-align: left;
        padding: 0.35rem 0.5rem;
        border-bottom: 1px solid var(--border, #d5dae1);
        vertical-align: top;
      }
      td.num,
      th.num {
        text-align: right;
        white-space: nowrap;
        font-variant-numeric: tabular-nums;
      }
      /* On a phone each factor is a small block: its name, then the three numbers labelled. */
      @media (max-width: 560px) {
        table thead {
          display: none;
        }
        table tr {
          display: block;
          padding: 0.4rem 0;
          border-bottom: 1px solid var(--border, #d5dae1);
        }
        table th,
        table td {
          display: block;
          border: 0;
          padding: 0.1rem 0;
        }
        table td.num {
          text-align: left;
        }
        table td[data-label]::before {
          content: attr(data-label) ': ';
          color: var(--muted, #5a6472);
        }
      }
      label.check {
        display: flex;
        gap: 0.5rem;
        align-items: flex-start;
        margin: 0.6rem 0 0.3rem;
      }
      label.check input {
        margin-top: 0.25rem;
      }
    `;
