/**
 * The shared memory of the job system and the layout of its words: a control
 * block, a ring of published job handles, a pool of job records, per-lane
 * status, and per-record scalar args, error slots and error text. Everything
 * here is plain data over SharedArrayBuffers so the main thread and any worker
 * (Node or browser) read the same words; no field of it is ever reallocated.
 */

/**
 * Words per cache-line block: 128 bytes, so that two blocks never share a
 * 64-byte line whatever the buffer's alignment (a SharedArrayBuffer is only
 * 16-byte aligned), and the adjacent-line prefetcher pairs them neither.
 */
export const LINE_WORDS = 32;

/**
 * Control words (Int32 indices into `ctl`), grouped by writer so a word one
 * thread writes on the hot path never shares a cache line with words another
 * thread polls: the main thread's block (publish, ring head, settings),
 * the lanes' block (finish counter), sleepers, the profiler's counters, and
 * the ring's tail, which lanes read only around sleeps.
 */
export const CTL = {
  /** Futex word workers sleep on; bumped on a control change, and on a publish while any worker sleeps. */
  SIGNAL: 0,
  /** Non-zero: workers leave their loop. */
  SHUTDOWN: 1,
  /** Control epoch: bumped when kernels or buffers are registered. */
  EPOCH: 2,
  /**
   * Ring sequence of the next publish: entries in [TAIL, HEAD) may be runnable.
   * A plain store, made visible by the store of LAST that follows: lanes bound
   * their scans by LAST's sequence, never by HEAD alone.
   */
  HEAD: 3,
  /** Non-zero while the main thread sleeps on FINISHED. */
  MAIN_WAITING: 5,
  /** Spin budget of workers in microseconds before they sleep. */
  SPIN_US: 6,
  /** Non-zero: workers time each batch (per-job busy time in the stats). */
  PROFILE: 7,
  /**
   * Handle of the newest published job with batches (0 before the first),
   * the one fenced store of a publish: a lane that reads a handle here sees
   * every ring entry and record up to that job's sequence. Idle lanes poll
   * it (each publish changes it), and it saves them the miss on the ring's line
   * when one job is in flight. Flagged with {@link LAST_CLAIMABLE} when the job
   * has one batch and no dependencies.
   */
  LAST: 8,
  /** Futex word the main thread sleeps on; bumped when a job finishes (the lanes' block). */
  FINISHED: LINE_WORDS,
  /**
   * Workers currently sleeping (the main thread notifies only when > 0): a block
   * of its own, since the main thread reads it at every publish and the lanes
   * write it only around sleeps.
   */
  SLEEPERS: 2 * LINE_WORDS,
  /** Spans ever recorded (PROFILE = 2): the next slot of the span ring is this, masked. */
  SPAN_HEAD: 3 * LINE_WORDS,
  /**
   * Oldest ring entry that may be unfinished, on a block of its own: lanes read
   * it only when a job finishes while another lane sleeps (wakeMain), so moving it
   * at every publish stores into a line no busy lane holds (a store there would
   * wait for the line).
   */
  TAIL: 4 * LINE_WORDS,
  SIZE: 5 * LINE_WORDS,
} as const;

/**
 * Job record states. The STATE word holds `version << STATE_BITS | state`, so a
 * compare-and-swap on a record's state fails if the record was recycled in the
 * meantime (no thread can finish or fail a reused record by mistake).
 * FAILING is transient: the thread that failed a job on a dependency fills the
 * error slot before publishing FAILED. RUNNING marks a one-batch job its lane
 * claimed by that same compare-and-swap (READY -> RUNNING): the claim needs no
 * hazard word and no batch cursor.
 */
export const STATE = { FREE: 0, READY: 1, DONE: 2, FAILED: 3, FAILING: 4, RUNNING: 5 } as const;
/** Low bits of the STATE word that hold the state. */
export const STATE_BITS = 3;
/** The STATE word of a record version in a state. */
export function stateWord(version: number, state: number): number {
  return (version << STATE_BITS) | state;
}
/** Error kinds in a record's error slot. */
export const ERR = { NONE: 0, THROWN: 1, REPORTED: 2, WORKER_LOST: 3, DEP_FAILED: 4, ASSERTED: 5 } as const;
/** Lane states. */
export const LANE = { FREE: 0, ALIVE: 1, DEAD: 2 } as const;

/** Max dependencies stored in one record (more are folded into fences). */
export const MAX_DEPS = 8;
/** Max args per record (matches defineJob's MAX_ARGS). */
export const RECORD_ARGS = 16;

/** Int32 words of one job record. */
export const R = {
  STATE: 0,
  KERNEL: 2,
  EPOCH: 3,
  START: 4,
  END: 5,
  BATCH: 6,
  NBATCHES: 7,
  CURSOR: 8,
  DONE: 9,
  NDEPS: 10,
  /** The ring sequence it was published at (the record's version derives from it): a lane that ran it through LAST moves its scan start past it. */
  SEQ: 11,
  /** MAX_DEPS handles. */
  DEPS: 12,
  ERR_KIND: 20,
  ERR_LANE: 21,
  ERR_START: 22,
  ERR_END: 23,
  ERR_MSG: 24,
  ERR_ENTITY: 25,
  ERR_DEP: 26,
  ERR_TEXT_LEN: 27,
  /** Busy time of all batches, in units of 100 ns. */
  BUSY: 28,
  /** RECORD_ARGS buffer ids (-1 for a scalar arg). */
  ARGS: 29,
  /** Source line and column of a failed assert in the kernel (ERR.ASSERTED). */
  ERR_LINE: 45,
  ERR_COL: 46,
  STRIDE: 48,
} as const;

/** Float64 words of one record: scalar args, then the error slot's numbers. */
export const F = { ARGS: 0, ERR_ARGS: 16, STRIDE: 20 } as const;
/** Error numbers a kernel may attach. */
export const ERR_ARG_COUNT = 4;
/** UTF-16 units of error text per record. */
export const TEXT_UNITS = 2048;

/** Batch spans kept for the timeline (a ring; a power of two). */
export const SPAN_CAPACITY = 4096;
/** `ctl[CTL.PROFILE]` values: 1 times batches (busy time), 2 also records a span per batch. */
export const PROFILE = { OFF: 0, BUSY: 1, SPANS: 2 } as const;

/** Int32 words per lane: a block of its own, since each lane writes its words in every batch. */
export const L = { STATE: 0, EPOCH_ACK: 1, JOB: 2, B_START: 3, B_END: 4, HAZARD: 5, BATCHES: 6, THREAD: 7, STRIDE: LINE_WORDS } as const;

/**
 * Flag (the sign bit, which no handle uses) on a `CTL.LAST` handle whose job has
 * one batch and no dependencies: a lane may claim it by compare-and-swap before
 * it reads anything else of the record. A read first would fetch the record's
 * line shared, and the swap would then wait for a second trip between cores to
 * take it exclusive (in the minimal protocol on the 2-core VM, claiming
 * without the read first made the round trip about a tenth shorter).
 */
export const LAST_CLAIMABLE = 1 << 31;

/** Bits of a handle that hold the record slot; the rest is the record's version. */
export const SLOT_BITS = 8;
export const SLOT_MASK = (1 << SLOT_BITS) - 1;
/** Records in the pool (one slot index space). */
export const MAX_RECORDS = 1 << SLOT_BITS;
/** Ring entries (more than records: finished entries wait for the tail to pass them). */
export const RING_SIZE = 4 * MAX_RECORDS;
/** Lanes: 0 is the main thread, 1.. are workers. */
export const MAX_LANES = 64;

/** The job system's shared memory; plain typed arrays, cloneable to workers. */
export interface JobMemory {
  readonly ctl: Int32Array;
  readonly ring: Int32Array;
  readonly rec: Int32Array;
  readonly f64: Float64Array;
  /** `f64` as 16-bit words (copying doubles bitwise never boxes a number, even before the JIT optimizes). */
  readonly f64bits: Uint16Array;
  readonly text: Uint16Array;
  readonly lanes: Int32Array;
  /** Span ring: start and end of each batch in its thread's `performance.now()` ms. */
  readonly spanTimes: Float64Array;
  /** Span ring: kernel id and lane of each batch. */
  readonly spanInfo: Int32Array;
  /** Per lane: its thread's `performance.timeOrigin` (threads have different clocks' origins). */
  readonly laneOrigin: Float64Array;
}

/**
 * Allocate the job system's shared memory (about 1.2 MB).
 *
 * @example
 * const mem = createJobMemory();
 * Atomics.load(mem.ctl, CTL.HEAD) // 0
 */
export function createJobMemory(): JobMemory {
  // Without SharedArrayBuffer (a page that is not cross-origin isolated) the inline
  // host still works on plain buffers: Atomics accepts them, and nothing waits.
  const sab = (bytes: number): ArrayBufferLike => (typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const f64 = new Float64Array(sab(MAX_RECORDS * F.STRIDE * 8));
  const mem: JobMemory = {
    ctl: new Int32Array(sab(CTL.SIZE * 4)),
    ring: new Int32Array(sab(RING_SIZE * 4)),
    rec: new Int32Array(sab(MAX_RECORDS * R.STRIDE * 4)),
    f64,
    f64bits: new Uint16Array(f64.buffer),
    text: new Uint16Array(sab(MAX_RECORDS * TEXT_UNITS * 2)),
    lanes: new Int32Array(sab(MAX_LANES * L.STRIDE * 4)),
    spanTimes: new Float64Array(sab(SPAN_CAPACITY * 2 * 8)),
    spanInfo: new Int32Array(sab(SPAN_CAPACITY * 2 * 4)),
    laneOrigin: new Float64Array(sab(MAX_LANES * 8)),
  };
  for (let l = 0; l < MAX_LANES; l++) {
    mem.lanes[l * L.STRIDE + L.JOB] = -1;
    mem.lanes[l * L.STRIDE + L.HAZARD] = -1;
  }
  mem.ctl[CTL.SPIN_US] = 1000;
  return mem;
}

/**
 * Bits of a record version. A record's version is the low bits of the ring
 * sequence it was published at, plus one (0 is no version: a free record's
 * state word), so a lane that reads a handle in LAST knows how far the ring
 * it covers goes (see {@link seqOfVersion}) without reading the record.
 */
export const VERSION_BITS = 22;
const VERSION_MASK = (1 << VERSION_BITS) - 1;
/** The version of a record published at ring sequence `seq`. */
export function versionOf(seq: number): number {
  return (seq & VERSION_MASK) + 1;
}
/**
 * The newest ring sequence below `head` published with version `ver`: exact
 * while `head` is past that publish by fewer than 2^22 publishes (a lane reads
 * `head` right after the handle, so only a thread stopped between two loads
 * for millions of publishes could see more).
 */
export function seqOfVersion(ver: number, head: number): number {
  return (head - 1 - ((head - ver) & VERSION_MASK)) | 0;
}

/** Where sequence `seq` sits in the ring (its length is a power of two). */
export function ringIndex(seq: number): number {
  return seq & (RING_SIZE - 1);
}

/**
 * Whether the ring has no room for another publish: the main thread keeps
 * HEAD - TAIL below RING_SIZE - 1, which lets a lane take every older entry
 * for finished without reading TAIL.
 */
export function ringFull(mem: JobMemory): boolean {
  return seqDistance(mem.ctl[CTL.TAIL]!, mem.ctl[CTL.HEAD]!) >= RING_SIZE - 1;
}

/**
 * Steps from `from` to `to` of a counter kept in an Int32 word: ring sequences
 * (publishes) and the span counter. They wrap after 2^31 steps (minutes of
 * empty jobs on one thread), so they are only ever subtracted, never compared,
 * and ring sequences move on with {@link nextSeq}.
 */
export function seqDistance(from: number, to: number): number {
  return (to - from) | 0;
}

/** The ring sequence after `seq`, wrapping as the Int32 word that holds it does. */
export function nextSeq(seq: number): number {
  return (seq + 1) | 0;
}

/** Handle of (slot, version); 0 is never a live handle. */
export function makeHandle(slot: number, version: number): number {
  return (version << SLOT_BITS) | slot;
}
/** Record slot of a handle. */
export function handleSlot(h: number): number {
  return h & SLOT_MASK;
}
/** Record version of a handle. */
export function handleVersion(h: number): number {
  // Integer ops only: a division would make a double (a heap number outside optimized code).
  return h >>> SLOT_BITS;
}

/**
 * Store `text` as the record's error text (UTF-16 units, truncated).
 * Called by whoever wins the record's error slot.
 */
export function writeErrorText(mem: JobMemory, slot: number, text: string): void {
  const n = Math.min(text.length, TEXT_UNITS);
  const base = slot * TEXT_UNITS;
  for (let i = 0; i < n; i++) mem.text[base + i] = text.charCodeAt(i);
  mem.rec[slot * R.STRIDE + R.ERR_TEXT_LEN] = n;
}

/** The record's error text. */
export function readErrorText(mem: JobMemory, slot: number): string {
  const n = mem.rec[slot * R.STRIDE + R.ERR_TEXT_LEN]!;
  const base = slot * TEXT_UNITS;
  let s = '';
  for (let i = 0; i < n; i += 1024) s += String.fromCharCode(...mem.text.subarray(base + i, base + Math.min(n, i + 1024)));
  return s;
}

/**
 * Claim a record's error slot (first error wins) and fill its location fields.
 * Returns whether this caller won.
 */
export function claimError(mem: JobMemory, slot: number, kind: number, lane: number, start: number, end: number): boolean {
  const b = slot * R.STRIDE;
  if (Atomics.compareExchange(mem.rec, b + R.ERR_KIND, ERR.NONE, kind) !== ERR.NONE) return false;
  mem.rec[b + R.ERR_LANE] = lane;
  mem.rec[b + R.ERR_START] = start;
  mem.rec[b + R.ERR_END] = end;
  return true;
}

/**
 * Count one batch of a record as finished; the last one publishes DONE or FAILED
 * and wakes the main thread if it sleeps.
 */
export function finishBatch(mem: JobMemory, slot: number): void {
  const b = slot * R.STRIDE;
  const n = mem.rec[b + R.NBATCHES]!;
  // One batch: its claimer is its only finisher, no count to keep (one locked add fewer per job).
  const done = n === 1 ? 1 : Atomics.add(mem.rec, b + R.DONE, 1) + 1;
  if (done === n) {
    // The record cannot be recycled before this store (its last batch is ours), so its sequence,
    // and with it its version, is stable.
    const ver = versionOf(mem.rec[b + R.SEQ]!);
    // A plain read of the error kind: another lane's error came before its DONE add, which ours followed.
    Atomics.store(mem.rec, b + R.STATE, stateWord(ver, mem.rec[b + R.ERR_KIND] === ERR.NONE ? STATE.DONE : STATE.FAILED));
    wakeMain(mem);
  }
}

/**
 * Signal that some job finished: it may unblock the main thread (notified only
 * when it sleeps) and dependents (sleeping workers are woken to look).
 */
export function wakeMain(mem: JobMemory): void {
  const ctl = mem.ctl;
  Atomics.add(ctl, CTL.FINISHED, 1);
  if (Atomics.load(ctl, CTL.MAIN_WAITING) !== 0) Atomics.notify(ctl, CTL.FINISHED);
  if (Atomics.load(ctl, CTL.SLEEPERS) !== 0 && Atomics.load(ctl, CTL.HEAD) !== Atomics.load(ctl, CTL.TAIL)) {
    Atomics.add(ctl, CTL.SIGNAL, 1);
    Atomics.notify(ctl, CTL.SIGNAL);
  }
}

/**
 * Record one batch's span for the timeline (PROFILE = 2): claim a ring slot with
 * Atomics.add, then store times and ids. Called by the lane that ran the batch,
 * before it counts the batch finished, so a completed job's spans are written.
 * Times stay in the thread's own clock; the lane's time origin, stored once,
 * lets the main thread put every lane on one axis.
 */
export function recordSpan(mem: JobMemory, kernel: number, lane: number, t0: number, t1: number): void {
  if (mem.laneOrigin[lane] === 0) mem.laneOrigin[lane] = performance.timeOrigin;
  const i = (Atomics.add(mem.ctl, CTL.SPAN_HEAD, 1) & (SPAN_CAPACITY - 1)) * 2;
  mem.spanTimes[i] = t0;
  mem.spanTimes[i + 1] = t1;
  mem.spanInfo[i] = kernel;
  mem.spanInfo[i + 1] = lane;
}

/**
 * Mark a lane dead (its thread exited): the batch it held is counted finished
 * with a WORKER_LOST error, so waits on the job end instead of hanging. Safe to
 * call from the dying worker itself and from the main thread; only one wins.
 */
export function markLaneDead(mem: JobMemory, lane: number): boolean {
  const lb = lane * L.STRIDE;
  if (Atomics.compareExchange(mem.lanes, lb + L.STATE, LANE.ALIVE, LANE.DEAD) !== LANE.ALIVE) return false;
  Atomics.store(mem.lanes, lb + L.HAZARD, -1);
  const slot = Atomics.load(mem.lanes, lb + L.JOB);
  if (slot >= 0) {
    Atomics.store(mem.lanes, lb + L.JOB, -1);
    claimError(mem, slot, ERR.WORKER_LOST, lane, mem.lanes[lb + L.B_START]!, mem.lanes[lb + L.B_END]!);
    finishBatch(mem, slot);
  }
  wakeMain(mem);
  return true;
}
