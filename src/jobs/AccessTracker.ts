import { DEV } from '../env/dev.ts';
import { PHASES } from '../loop/Phase.ts';
import { JobDefinitionError, JobSafetyError } from './errors.ts';
import type { RecordPool } from './RecordPool.ts';

const MAX_FIELDS = 1024;
const MAX_READERS = 32;

/**
 * Who uses each component field: the last incomplete writer and the incomplete
 * readers since. From it come automatic dependencies (Unity Entities style),
 * the development-build safety checks, and the main-thread sync points.
 * Fields are interned to small ids once; the per-job path walks Int32Arrays.
 *
 * @example
 * const f = access.fieldId('Position.x');
 * access.record(reads, writes, handle);
 */
export class AccessTracker {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];
  private readonly lastWriter = new Int32Array(MAX_FIELDS);
  private readonly readers = new Int32Array(MAX_FIELDS * MAX_READERS);
  private readonly readerCount = new Int32Array(MAX_FIELDS);
  /** Per phase index: fields main-thread systems of that phase read / write. */
  readonly phaseReads: number[][] = PHASES.map(() => []);
  readonly phaseWrites: number[][] = PHASES.map(() => []);

  constructor(
    private readonly records: RecordPool,
    /** Complete a job (sync points, reader overflow). */
    private readonly complete: (h: number) => void,
    /** A job's name, for messages. */
    private readonly nameOf: (h: number) => string,
  ) {}

  /** The id of a field key, interned on first use. */
  fieldId(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.names.length;
      if (id >= MAX_FIELDS) throw new JobDefinitionError(key, `more than ${MAX_FIELDS} distinct fields are declared.`);
      this.ids.set(key, id);
      this.names.push(key);
    }
    return id;
  }

  /** The id of a field key, or undefined if no job or system declared it. */
  existingId(key: string): number | undefined {
    return this.ids.get(key);
  }

  /** Feed `add` the jobs a new job with this access must wait for. */
  addAutoDeps(reads: Int32Array, writes: Int32Array, add: (h: number) => void): void {
    for (let i = 0; i < reads.length; i++) add(this.lastWriter[reads[i]!]!);
    for (let i = 0; i < writes.length; i++) {
      const f = writes[i]!;
      add(this.lastWriter[f]!);
      const n = this.readerCount[f]!;
      for (let r = 0; r < n; r++) add(this.readers[f * MAX_READERS + r]!);
    }
  }

  /** Note a scheduled job's access (after its dependencies were taken). */
  record(reads: Int32Array, writes: Int32Array, h: number): void {
    for (let i = 0; i < reads.length; i++) this.addReader(reads[i]!, h);
    for (let i = 0; i < writes.length; i++) {
      this.lastWriter[writes[i]!] = h;
      this.readerCount[writes[i]!] = 0;
    }
  }

  /**
   * Explicit dependencies (DEV): every incomplete job touching the same fields
   * must be an ancestor; the caller has run `records.markAncestors`.
   */
  checkSchedule(job: string, reads: Int32Array, writes: Int32Array): void {
    const rp = this.records;
    for (let i = 0; i < writes.length; i++) {
      const f = writes[i]!;
      const w = this.lastWriter[f]!;
      if (w !== 0 && rp.inFlight(w) && !rp.isAncestor(w)) throw JobSafetyError.forSchedule(job, 'writes', this.nameOf(w), 'writes', this.names[f]!);
      for (let r = 0; r < this.readerCount[f]!; r++) {
        const h = this.readers[f * MAX_READERS + r]!;
        if (rp.inFlight(h) && !rp.isAncestor(h)) throw JobSafetyError.forSchedule(job, 'writes', this.nameOf(h), 'reads', this.names[f]!);
      }
    }
    for (let i = 0; i < reads.length; i++) {
      const f = reads[i]!;
      const w = this.lastWriter[f]!;
      if (w !== 0 && rp.inFlight(w) && !rp.isAncestor(w)) throw JobSafetyError.forSchedule(job, 'reads', this.nameOf(w), 'writes', this.names[f]!);
    }
  }

  /** Main-thread access: complete (or, in DEV with 'throw', report) conflicting incomplete jobs. */
  sync(reads: readonly number[], writes: readonly number[], mode: 'complete' | 'throw', who: string): void {
    const rp = this.records;
    for (let i = 0; i < reads.length; i++) {
      const f = reads[i]!;
      const w = this.lastWriter[f]!;
      if (w !== 0 && rp.inFlight(w)) this.conflict(w, mode, who, 'read', 'writes', f);
    }
    for (let i = 0; i < writes.length; i++) {
      const f = writes[i]!;
      const w = this.lastWriter[f]!;
      if (w !== 0 && rp.inFlight(w)) this.conflict(w, mode, who, 'write', 'writes', f);
      for (let r = 0; r < this.readerCount[f]!; r++) {
        const h = this.readers[f * MAX_READERS + r]!;
        if (rp.inFlight(h)) this.conflict(h, mode, who, 'write', 'reads', f);
      }
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
