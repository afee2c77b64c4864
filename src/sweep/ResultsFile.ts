import { existsSync, readFileSync, appendFileSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import type { SweepResult } from './SweepResult.ts';

/**
 * The results file: JSON lines, one per finished run, appended as runs finish.
 * Reading it back gives the points a resumed sweep skips.
 *
 * @example
 * const file = new ResultsFile('results.jsonl');
 * const done = file.read('pondernet', 300); // key → result
 * file.append(result);
 */
export class ResultsFile {
  constructor(readonly path: string) {}

  /**
   * The results already in the file for this scene and frame count, by point key.
   * A torn last line (the sweep was killed mid-write) and a run whose runner process
   * died are ignored: those points run again.
   */
  read(scene: string, frames: number): Map<string, SweepResult> {
    const done = new Map<string, SweepResult>();
    if (!existsSync(this.path)) return done;
    for (const line of readFileSync(this.path, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      let r: SweepResult;
      try {
        r = JSON.parse(line) as SweepResult;
      } catch {
        continue;
      }
      if (r.scene !== scene || r.frames !== frames || typeof r.key !== 'string') continue;
      // A runner that died (killed, out of memory) says nothing of the point: it runs again. A later line wins.
      if (r.error?.type === 'RunnerCrashError') done.delete(r.key);
      else done.set(r.key, r);
    }
    return done;
  }

  /** Append one result as a line, synchronously, so a kill loses at most the line being written. */
  append(r: SweepResult): void {
    appendFileSync(this.path, (this.endsMidLine() ? '\n' : '') + JSON.stringify(r) + '\n');
  }

  /** Whether the file ends without a newline (a torn line): the next line must not join it. */
  private endsMidLine(): boolean {
    if (!existsSync(this.path)) return false;
    const size = statSync(this.path).size;
    if (size === 0) return false;
    const fd = openSync(this.path, 'r');
    try {
      const b = Buffer.alloc(1);
      readSync(fd, b, 0, 1, size - 1);
      return b[0] !== 0x0a;
    } finally {
      closeSync(fd);
    }
  }
}
