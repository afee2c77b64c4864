import type { CliIO } from '../cli/runSim.ts';

const BAR = 24;

/** `1h02m`, `3m05s`, `42s`. */
function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/**
 * The sweep's progress on stderr: a bar redrawn in place on a terminal, one plain
 * line per finished run otherwise (logs, CI). The ETA is the mean time per run
 * finished in this session times the runs left (skipped points cost nothing).
 *
 * @example
 * const bar = new SweepProgress(io, 80, 16);
 * bar.done('lambdaP=0.1 seed=1', 'ok 4389cca3');
 * bar.end();
 */
export class SweepProgress {
  private finished = 0;
  private readonly t0 = performance.now();

  constructor(
    private readonly io: CliIO,
    private readonly total: number,
    private readonly skipped: number,
  ) {}

  /** A run finished: redraw (TTY) or print a line with what it gave. */
  done(key: string, outcome: string): void {
    this.finished++;
    const n = this.skipped + this.finished;
    const elapsed = performance.now() - this.t0;
    const left = this.total - n;
    const eta = left === 0 ? 'done' : `ETA ${duration((elapsed / this.finished) * left)}`;
    const pct = `${Math.floor((100 * n) / this.total)}%`.padStart(4);
    if (this.io.isTTY) {
      const fill = Math.round((BAR * n) / this.total);
      this.io.err(`\r\x1b[K[${'#'.repeat(fill)}${'.'.repeat(BAR - fill)}] ${n}/${this.total} ${pct}  ${eta}  ${key}: ${outcome}`);
    } else {
      this.io.err(`sweep ${n}/${this.total} ${pct}  ${eta}  ${key}: ${outcome}\n`);
    }
  }

  /** End the bar's line (a terminal's cursor goes back to column 0). */
  end(): void {
    if (this.io.isTTY && this.finished > 0) this.io.err('\n');
  }
}
