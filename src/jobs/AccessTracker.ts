import { DEV } from '../env/dev.ts';
import { PHASES } from '../loop/Phase.ts';
import { JobDefinitionError, JobSafetyError } from './errors.ts';
import type { RecordPool } from './RecordPool.ts';

/** Most distinct shared arrays jobs and sync points may name. */
const MAX_RESOURCES = 4096;
const MAX_READERS = 32;

/**
 * Who uses each shared array (a component field, a snapshot's ids, a scratch
 * buffer): the last incomplete writer and the incomplete readers since. From it
 * come automatic dependencies (Unity Entities style), the development-build
 * safety checks, and the main-thread sync points. Arrays are interned to small
 * ids by identity once; the per-job path walks Int32Arrays.
 *
 * @example
 * const r = access.resourceId(Position.x, 'Position.x');
 * access.record(reads, 1, writes, 0, handle);
 */
export class AccessTracker {
  private readonly ids = new Map<object, number>();
  private readonly names: string[] = [];
  private readonly lastWriter = new Int32Array(MAX_RESOURCES);
  private readonly readers = new Int32Array(MAX_RESOURCES * MAX_READERS);
  private readonly readerCount = new Int32Array(MAX_RESOURCES);
  /** Per phase index: arrays main-thread code of that phase reads / writes. */
  readonly phaseReads: number[][] = PHASES.map(() => []);
  readonly phaseWrites: number[][] = PHASES.map(() => []);

  constructor(
    private readonly records: RecordPool,
    /** Complete a job (sync points, reader overflow). */
    private readonly complete: (h: number) => void,
    /** A job's name, for messages. */
    private readonly nameOf: (h: number) => string,
  ) {}

  /** The id of a shared array, interned on first use; `name` is what messages call it. */
  resourceId(array: object, name: string): number {
    let id = this.ids.get(array);
    if (id === undefined) {
      id = this.names.length;
      if (id >= MAX_RESOURCES) throw new JobDefinitionError(name, `more than ${MAX_RESOURCES} distinct arrays are bound to jobs; reuse scratch arrays instead of making new ones per frame.`);
      this.ids.set(array, id);
      this.names.push(name);
    }
    return id;
  }

  /** The id of an array, or undefined if no job or sync point has named it. */
  existingId(array: object): number | undefined {
    return this.ids.get(array);
  }

  /** Feed `add` the jobs a new job with this access must wait for (the first `nr` / `nw` entries). */
  addAutoDeps(reads: Int32Array, nr: number, writes: Int32Array, nw: number, add: (h: number) => void): void {
    for (let i = 0; i < nr; i++) add(this.lastWriter[reads[i]!]!);
    for (let i = 0; i < nw; i++) {
      const f = writes[i]!;
      add(this.lastWriter[f]!);
      const n = this.readerCount[f]!;
      for (let r = 0; r < n; r++) add(this.readers[f * MAX_READERS + r]!);
    }
  }

  /** Note a scheduled job's access (after its dependencies were taken). */
  record(reads: Int32Array, nr: number, writes: Int32Array, nw: number, h: number): void {
    for (let i = 0; i < nr; i++) this.addReader(reads[i]!, h);
    for (let i = 0; i < nw; i++) {
      this.lastWriter[writes[i]!] = h;
      this.readerCount[writes[i]!] = 0;
    }
  }

  /**
   * Explicit dependencies (DEV): every incomplete job touching the same arrays
   * must be an ancestor; the caller has run `records.markAncestors`.
   */
  checkSchedule(job: string, reads: Int32Array, nr: number, writes: Int32Array, nw: number): void {
    const rp = this.records;
    for (let i = 0; i < nw; i++) {
      const f = writes[i]!;
      const w = this.lastWriter[f]!;
      if (w !== 0 && rp.inFlight(w) && !rp.isAncestor(w)) throw JobSafetyError.forSchedule(job, 'writes', this.nameOf(w), 'writes', this.names[f]!);
      for (let r = 0; r < this.readerCount[f]!; r++) {
        const h = this.readers[f * MAX_READERS + r]!;
        if (rp.inFlight(h) && !rp.isAncestor(h)) throw JobSafetyError.forSchedule(job, 'writes', this.nameOf(h), 'reads', this.names[f]!);
      }
    }
    for (let i = 0; i < nr; i++) {
      const f = reads[i]!;
      const w = this.lastWriter[f]!;
      if (w !== 0 && rp.inFlight(w) && !rp.isAncestor(w)) throw JobSafetyError.forSchedule(job, 'reads', this.nameOf(w), 'writes', this.names[f]!);
    }
  }

  /** Main-thread access: complete (or, in DEV with 'throw', report) conflicting incomplete jobs. */
  sync(reads: readonly number[], writes: readonly number[], mode: 'complete' | 'throw', who: string): void {
    for (let i = 0; i < reads.length; i++) this.syncRead(reads[i]!, mode, who);
    for (let i = 0; i < writes.length; i++) this.syncWrite(writes[i]!, mode, who);
  }

  /** Main-thread read of resource `f`: its incomplete writer conflicts. */
  syncRead(f: number, mode: 'complete' | 'throw', who: string): void {
    const w = this.lastWriter[f]!;
    if (w !== 0 && this.records.inFlight(w)) this.conflict(w, mode, who, 'read', 'writes', f);
  }

  /** Main-thread write of resource `f`: its incomplete writer and readers conflict. */
  syncWrite(f: number, mode: 'complete' | 'throw', who: string): void {
    const rp = this.records;
    const w = this.lastWriter[f]!;
    if (w !== 0 && rp.inFlight(w)) this.conflict(w, mode, who, 'write', 'writes', f);
    for (let r = 0; r < this.readerCount[f]!; r++) {
      const h = this.readers[f * MAX_READERS + r]!;
      if (rp.inFlight(h)) this.conflict(h, mode, who, 'write', 'reads', f);
    }
  }

  /** Declare main-thread access for a phase: conflicting jobs complete when it begins. */
  declarePhase(p: number, reads: readonly number[], writes: readonly number[]): void {
    for (const f of reads) if (!this.phaseReads[p]!.includes(f)) this.phaseReads[p]!.push(f);
    for (const f of writes) if (!this.phaseWrites[p]!.includes(f)) this.phaseWrites[p]!.push(f);
  }

  private conflict(h: number, mode: 'complete' | 'throw', who: string, access: string, otherAccess: string, f: number): void {
    if (mode === 'complete') this.complete(h);
    else if (DEV) throw JobSafetyError.forMainThread(who, access, this.nameOf(h), otherAccess, this.names[f]!);
  }

  private addReader(f: number, h: number): void {
    let n = this.readerCount[f]!;
    const base = f * MAX_READERS;
    if (n === MAX_READERS) {
      // Compact: drop readers that were completed; if all are live, complete the oldest.
      let w = 0;
      for (let r = 0; r < n; r++) if (this.records.inFlight(this.readers[base + r]!)) this.readers[base + w++] = this.readers[base + r]!;
      n = w;
      if (n === MAX_READERS) {
        this.complete(this.readers[base]!);
        this.readers.copyWithin(base, base + 1, base + n);
        n--;
      }
    }
    this.readers[base + n] = h;
    this.readerCount[f] = n + 1;
  }
}
