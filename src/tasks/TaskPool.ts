import { InvalidTaskHandleError, StaleTaskError } from './errors.ts';

/**
 * Handles pack a slot and a version into 30 bits: slot in the low 20 bits, version
 * (1..1023, never 0, so no handle is 0) above. 30 bits keep every handle a Smi even
 * on pointer-compressed V8 builds (31-bit Smis), so handles never box.
 */
export const SLOT_BITS = 20;
/** `(1 << SLOT_BITS) - 1`, written as a literal so its type is the number itself: hot loops check their inline copy against it. */
export const SLOT_MASK = 0xfffff;
export const MAX_SLOTS = 1 << SLOT_BITS;
const MAX_VERSION = 1023;

/** Task states, one byte per record. Live states are below `Succeeded`. */
export const TaskState = {
  Free: 0,
  Running: 1,
  Cancelling: 2,
  Succeeded: 3,
  Faulted: 4,
  Canceled: 5,
} as const;

/** Record flags. */
export const TaskFlag = {
  /** Release the record at completion: nobody will join it. */
  Forgotten: 1,
  /** cancel() arrived while the task was stepping; applied when the step returns. */
  CancelRequested: 2,
  Stepping: 4,
  /** The unobserved failure was already reported. */
  Reported: 8,
  /** First step has run (a cancel before it runs no code). */
  Started: 16,
  /** The coroutine is a generator (else a state machine). */
  Generator: 32,
} as const;

/** Waiter value meaning "a Promise from toPromise() waits". */
export const PROMISE_WAITER = -2;

/**
 * Task records as struct-of-arrays, pooled by slot: typed arrays for the fields the
 * hot path reads, plain arrays for references. Arrays only grow (doubling), so a
 * steady state allocates nothing. Freed slots are reused LIFO.
 */
export class TaskPool {
  capacity: number;
  /** Slots handed out so far (high-water mark). */
  used = 0;
  version: Uint16Array;
  state: Uint8Array;
  flags: Uint8Array;
  phase: Uint8Array;
  /** A WaitKind. The wait fields below are generic storage: each kind's handler (src/tasks/waits/) names what they mean for it. */
  waitKind: Uint8Array;
  /** Frames: target pass; Until/While: -1 once the predicate threw; Join/Timeout: 1 once joined; All: pending count; Any: first finished index. */
  waitInt: Int32Array;
  /** Seconds and Timeout deadlines. */
  waitNum: Float64Array;
  /** Join/Timeout: the awaited handle. */
  waitHandle: Int32Array;
  /** Slot of the task that waits for this one, -1 none, PROMISE_WAITER. */
  waiter: Int32Array;
  /** Index of this task in its waiter's whenAny/whenAll array. */
  waiterIndex: Int32Array;
  parent: Int32Array;
  firstChild: Int32Array;
  nextSibling: Int32Array;
  prevSibling: Int32Array;
  /** Frame count and unscaled seconds at start, for the tracker's age. */
  startFrame: Int32Array;
  startTime: Float64Array;
  co: unknown[] = [];
  def: unknown[] = [];
  /** Until/While: the predicate; Job: the job handle; All/Any: the handles. */
  ref: unknown[] = [];
  /** Job: the JobWaitSource; All/Any: the out array; Timeout: the seconds asked for. */
  ref2: unknown[] = [];
  /** Result, error, or the pending input of the next step. */
  value: unknown[] = [];
  name: string[] = [];
  /** Name of the slot's previous occupant, for StaleTaskError. */
  prevName: string[] = [];
  private free: Int32Array;
  private freeCount = 0;

  constructor(initialCapacity = 1024) {
    const n = Math.max(16, initialCapacity);
    this.capacity = n;
    this.version = new Uint16Array(n);
    this.state = new Uint8Array(n);
    this.flags = new Uint8Array(n);
    this.phase = new Uint8Array(n);
    this.waitKind = new Uint8Array(n);
    this.waitInt = new Int32Array(n);
    this.waitNum = new Float64Array(n);
    this.waitHandle = new Int32Array(n);
    this.waiter = new Int32Array(n);
    this.waiterIndex = new Int32Array(n);
    this.parent = new Int32Array(n);
    this.firstChild = new Int32Array(n);
    this.nextSibling = new Int32Array(n);
    this.prevSibling = new Int32Array(n);
    this.startFrame = new Int32Array(n);
    this.startTime = new Float64Array(n);
    this.free = new Int32Array(n);
  }

  /** Records in use (live or completed-unobserved). */
  get inUse(): number {
    return this.used - this.freeCount;
  }

  /** Records waiting for reuse. */
  get freeSlots(): number {
    return this.freeCount + (this.capacity - this.used);
  }

  /** Take a slot; returns -1 when the handle space is exhausted. */
  alloc(): number {
    let s: number;
    if (this.freeCount > 0) s = this.free[--this.freeCount]!;
    else {
      if (this.used === this.capacity && !this.grow()) return -1;
      s = this.used++;
      this.version[s] = 1;
      this.co.push(null);
      this.def.push(null);
      this.ref.push(null);
      this.ref2.push(null);
      this.value.push(undefined);
      this.name.push('');
      this.prevName.push('');
    }
    this.state[s] = 1;
    this.flags[s] = 0;
    this.waitKind[s] = 0;
    this.waiter[s] = -1;
    this.parent[s] = -1;
    this.firstChild[s] = -1;
    this.nextSibling[s] = -1;
    this.prevSibling[s] = -1;
    return s;
  }

  /** Return a slot: bump its version so old handles go stale, drop references. */
  release(s: number): void {
    this.unlink(s);
    const v = this.version[s]!;
    this.version[s] = v >= MAX_VERSION ? 1 : v + 1;
    this.prevName[s] = this.name[s]!;
    this.state[s] = 0;
    this.flags[s] = 0;
    this.waitKind[s] = 0;
    this.waiter[s] = -1;
    this.co[s] = null;
    this.def[s] = null;
    this.ref[s] = null;
    this.ref2[s] = null;
    this.value[s] = undefined;
    this.free[this.freeCount++] = s;
  }

  handleOf(s: number): number {
    return (this.version[s]! << SLOT_BITS) | s;
  }

  /** The slot of a live handle, or -1 when the handle is stale. Throws on a non-handle. */
  slotOf(h: number, what: string): number {
    if (typeof h !== 'number' || !(h > 0) || (h | 0) !== h) throw new InvalidTaskHandleError(h, what);
    const s = h & SLOT_MASK;
    if (s >= this.used || this.state[s] === 0 || this.version[s] !== h >>> SLOT_BITS) return -1;
    return s;
  }

  /** Like slotOf, but throws StaleTaskError naming the task. */
  liveSlot(h: number, what: string): number {
    const s = this.slotOf(h, what);
    if (s < 0) throw this.staleError(h, what);
    return s;
  }

  staleError(h: number, what: string): StaleTaskError {
    const s = h & SLOT_MASK;
    const v = h >>> SLOT_BITS;
    let name = `slot ${s} version ${v}`;
    if (s < this.used) {
      const cur = this.version[s]!;
      if (cur === v + 1 || (v === MAX_VERSION && cur === 1) || (this.state[s] === 0 && cur === v)) name = this.prevName[s]!;
    }
    return new StaleTaskError(h, name, what);
  }

  /** Make `child` the first child of `parent`. */
  link(child: number, parent: number): void {
    this.parent[child] = parent;
    const first = this.firstChild[parent]!;
    this.nextSibling[child] = first;
    this.prevSibling[child] = -1;
    if (first >= 0) this.prevSibling[first] = child;
    this.firstChild[parent] = child;
  }

  /** Remove `s` from its parent's child list. */
  unlink(s: number): void {
    const p = this.parent[s]!;
    if (p < 0) return;
    const prev = this.prevSibling[s]!;
    const next = this.nextSibling[s]!;
    if (prev >= 0) this.nextSibling[prev] = next;
    else this.firstChild[p] = next;
    if (next >= 0) this.prevSibling[next] = prev;
    this.parent[s] = -1;
    this.nextSibling[s] = -1;
    this.prevSibling[s] = -1;
  }

  private grow(): boolean {
    if (this.capacity >= MAX_SLOTS) return false;
    const n = Math.min(MAX_SLOTS, this.capacity * 2);
    const g = <T extends Uint16Array | Uint8Array | Int32Array | Float64Array>(a: T, C: new (n: number) => T): T => {
      const b = new C(n);
      b.set(a);
      return b;
    };
    this.version = g(this.version, Uint16Array);
    this.state = g(this.state, Uint8Array);
    this.flags = g(this.flags, Uint8Array);
    this.phase = g(this.phase, Uint8Array);
    this.waitKind = g(this.waitKind, Uint8Array);
    this.waitInt = g(this.waitInt, Int32Array);
    this.waitNum = g(this.waitNum, Float64Array);
    this.waitHandle = g(this.waitHandle, Int32Array);
    this.waiter = g(this.waiter, Int32Array);
    this.waiterIndex = g(this.waiterIndex, Int32Array);
    this.parent = g(this.parent, Int32Array);
    this.firstChild = g(this.firstChild, Int32Array);
    this.nextSibling = g(this.nextSibling, Int32Array);
    this.prevSibling = g(this.prevSibling, Int32Array);
    this.startFrame = g(this.startFrame, Int32Array);
    this.startTime = g(this.startTime, Float64Array);
    this.free = g(this.free, Int32Array);
    this.capacity = n;
    return true;
  }
}
