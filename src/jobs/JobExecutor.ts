import { kernelOf, kernelChoiceVersion } from './compiledKernels.ts';
import type { ArgSchema, JobDef, Kernel } from './defineJob.ts';
import type { TypedArray } from '../ecs/Component.ts';
import { CTL, ERR, F, L, R, STATE, STATE_BITS, MAX_DEPS, RING_SIZE, PROFILE, LAST_CLAIMABLE, versionOf, seqOfVersion, seqDistance, nextSeq, ringIndex, stateWord, claimError, finishBatch, wakeMain, handleSlot, handleVersion, recordSpan, type JobMemory } from './JobMemory.ts';
import { enterBatch, leaveBatch } from './reportJobError.ts';
import { recordKernelFailure } from './recordKernelFailure.ts';

/**
 * What one thread knows to run jobs: kernels and buffers by id (filled from
 * control messages on workers, directly on the main thread), plus one reusable
 * args object per kernel. Shared by the main thread and every worker host.
 */
export interface KernelTable {
  readonly kernels: (JobDef | undefined)[];
  readonly buffers: (TypedArray | undefined)[];
  /** Per kernel id: the args object handed to the kernel, refilled per record. */
  readonly args: (Record<string, unknown> | undefined)[];
  /** Per kernel id: the handle whose args are in `args` (skip refilling). */
  readonly argsHandle: number[];
  /** Per kernel id: the bits of the scalars now in `args` (refill only what changed). */
  readonly argBits: (Uint16Array | undefined)[];
  /** Per kernel id: the kernel function to call (JS or compiled), valid while `fnVersion` matches. */
  readonly fns: (Kernel<ArgSchema> | undefined)[];
  readonly fnVersion: number[];
  /** Control epoch this thread has applied; jobs needing a later one are left to others. */
  epoch: number;
  /**
   * Ring sequence below which this thread saw every entry finished: its scans
   * start here, so a burst of jobs costs each lane one pass, not one per batch.
   */
  scanFrom: number;
  /** The last claimable `CTL.LAST` value this thread tried to claim first: each is tried once. */
  triedLast: number;
}

/** An empty table. */
export function createKernelTable(): KernelTable {
  return { kernels: [], buffers: [], args: [], argsHandle: [], argBits: [], fns: [], fnVersion: [], epoch: 0, scanFrom: 0, triedLast: 0 };
}

const EMPTY = new Float32Array(0);
const PENDING = 0;
const OK = 1;
const FAILED = 2;

/**
 * State of the job behind a handle: 1 done (or recycled, which implies done),
 * 2 failed, 0 pending. A zero-batch record (a fence from combine(), or an empty
 * range) finishes here as soon as its dependencies do, by whoever looks first.
 */
export function handleState(mem: JobMemory, h: number): number {
  const slot = handleSlot(h);
  const b = slot * R.STRIDE;
  const rec = mem.rec;
  const ver = handleVersion(h);
  const w = Atomics.load(rec, b + R.STATE);
  if (w >>> STATE_BITS !== ver) return OK;
  const st = w & ((1 << STATE_BITS) - 1);
  if (st === STATE.DONE) return OK;
  if (st === STATE.FAILED) return FAILED;
  if (st !== STATE.READY) return st === STATE.FAILING || st === STATE.RUNNING ? PENDING : OK;
  if (rec[b + R.NBATCHES] !== 0) return PENDING;
  const d = depsState(mem, slot);
  if (d === OK) {
    if (Atomics.compareExchange(rec, b + R.STATE, w, stateWord(ver, STATE.DONE)) === w) wakeMain(mem);
    return handleState(mem, h);
  }
  if (d === FAILED) {
    failOnDependency(mem, slot, ver);
    return handleState(mem, h);
  }
  return PENDING;
}

/** Combined state of a record's dependencies (worst wins). */
export function depsState(mem: JobMemory, slot: number): number {
  const b = slot * R.STRIDE;
  const n = mem.rec[b + R.NDEPS]!;
  let out = OK;
  for (let i = 0; i < n && i < MAX_DEPS; i++) {
    const s = handleState(mem, mem.rec[b + R.DEPS + i]!);
    if (s === FAILED) return FAILED;
    if (s === PENDING) out = PENDING;
  }
  return out;
}

/**
 * A dependency failed: the record fails without running (no batch can have
 * started). READY -> FAILING by compare-and-swap on the versioned state word, so
 * only a still-current record is failed, then the error slot, then FAILED.
 */
function failOnDependency(mem: JobMemory, slot: number, ver: number): void {
  const b = slot * R.STRIDE;
  const rec = mem.rec;
  const ready = stateWord(ver, STATE.READY);
  if (Atomics.compareExchange(rec, b + R.STATE, ready, stateWord(ver, STATE.FAILING)) !== ready) return;
  for (let i = 0; i < rec[b + R.NDEPS]!; i++) {
    const dh = rec[b + R.DEPS + i]!;
    if (handleState(mem, dh) === FAILED) {
      if (claimError(mem, slot, ERR.DEP_FAILED, -1, rec[b + R.START]!, rec[b + R.END]!)) rec[b + R.ERR_DEP] = dh;
      break;
    }
  }
  Atomics.store(rec, b + R.STATE, stateWord(ver, STATE.FAILED));
  wakeMain(mem);
}

/** Whether a ring entry of version `ver` whose record holds state word `w` may still run or fail (READY, RUNNING or FAILING): anything else has finished. */
function unfinished(w: number, ver: number): boolean {
  return w === stateWord(ver, STATE.READY) || w === stateWord(ver, STATE.RUNNING) || w === stateWord(ver, STATE.FAILING);
}

/**
 * Move the ring's tail past finished entries (oldest first, up to the first
 * unfinished one). Main thread only: it owns TAIL, and lanes read it as a lower
 * bound, so a plain store does (an older tail only adds finished entries to skip).
 */
export function advanceTail(mem: JobMemory): void {
  const ctl = mem.ctl;
  let tail = ctl[CTL.TAIL]!;
  const head = ctl[CTL.HEAD]!;
  while (tail !== head) {
    const h = mem.ring[ringIndex(tail)]!;
    // The first unfinished entry stops the tail (a plain read: a stale word only keeps the tail back).
    if (unfinished(mem.rec[handleSlot(h) * R.STRIDE + R.STATE]!, handleVersion(h))) break;
    tail = nextSeq(tail);
  }
  if (tail !== ctl[CTL.TAIL]) ctl[CTL.TAIL] = tail;
}

/**
 * Find one runnable batch among the published jobs (oldest first, so
 * dependencies run before their dependents), claim it and run it. Returns true
 * when a batch ran. A job whose kernel or buffers this thread has not loaded
 * yet is left to the other lanes. The newest job (LAST, on the control line
 * the lane has just read) is tried first: with one job in flight that saves a
 * miss on the ring's line, and running a job before older ones is safe, since
 * its dependencies are checked either way; a lane runs out of work only after
 * a scan of the ring up to LAST's job (what LAST's store published; a newer
 * job with batches would have changed LAST). The scan does not read TAIL (its
 * line stays the main thread's): the ring's oldest unfinished entry is at least
 * HEAD - (RING_SIZE - 1).
 */
export function runOneBatch(mem: JobMemory, lane: number, table: KernelTable): boolean {
  const ctl = mem.ctl;
  const rec = mem.rec;
  const last = Atomics.load(ctl, CTL.LAST);
  if (last < 0) {
    // Once per value: a lane back from running it, or one that lost the race, scans instead
    // (a swap that fails still takes the record's line from the lane running it).
    if (last !== table.triedLast) {
      table.triedLast = last;
      if (claimLast(mem, lane, table, last & ~LAST_CLAIMABLE)) return true;
    }
  } else if (last !== 0) {
    const b = handleSlot(last) * R.STRIDE;
    const ver = handleVersion(last);
    // Read before the claim: once the job is finished its record may be reused.
    const seq = rec[b + R.SEQ]!;
    if (rec[b + R.STATE] === stateWord(ver, STATE.READY) && claimAndRun(mem, lane, table, last)) {
      // The front of the ring finished here: the next scan starts past it without reading
      // the ring, whose line the main thread writes at the next publish (a recycled record is finished too).
      if (seq === table.scanFrom && !unfinished(rec[b + R.STATE]!, ver)) table.scanFrom = nextSeq(seq);
      return true;
    }
  }
  if (last === 0) return false;
  // The ring up to LAST's job is published (its store came after theirs); HEAD, read after
  // LAST, is at least one past it and only names which sequence LAST's version stands for.
  const head = nextSeq(seqOfVersion(handleVersion(last & ~LAST_CLAIMABLE), Atomics.load(ctl, CTL.HEAD)));
  // The main thread keeps HEAD - TAIL below RING_SIZE - 1, so older entries are finished;
  // a scan start outside that window (none yet) starts at its oldest.
  const oldest = (head - (RING_SIZE - 1)) | 0;
  const ahead = seqDistance(oldest, table.scanFrom);
  const from = ahead > 0 && ahead < RING_SIZE ? table.scanFrom : oldest;
  let front = true;
  for (let seq = from; seq !== head; seq = nextSeq(seq)) {
    const h = mem.ring[ringIndex(seq)]!;
    const ver = handleVersion(h);
    // An entry of a later sequence: publishes after our LAST overwrote this one, which
    // the main thread does only once the tail has passed it (so its job finished). That
    // publish is not ours to see: on a weakly ordered CPU its record may not be visible yet.
    if (ver !== versionOf(seq)) {
      if (front) table.scanFrom = nextSeq(seq);
      continue;
    }
    // Plain reads filter (an Atomics call costs about 5 ns here, a read 1): a stale
    // value only skips a record for one scan, and the claim re-checks it atomically.
    const w = rec[handleSlot(h) * R.STRIDE + R.STATE]!;
    if (w !== stateWord(ver, STATE.READY)) {
      // A finished entry stays finished (a seq is never reused), and a stale word can only
      // look unfinished (READY was stored before the LAST we read): the scan may start past it.
      if (front && !unfinished(w, ver)) table.scanFrom = nextSeq(seq);
      else front = false;
      continue;
    }
    front = false;
    if (claimAndRun(mem, lane, table, h)) return true;
  }
  return false;
}

/**
 * Claim the one-batch, dependency-free job `h` (from a {@link LAST_CLAIMABLE}
 * LAST) by compare-and-swap of its state word, READY to RUNNING, as the first
 * touch of its record, then run it. A lane that has not loaded its kernel or
 * buffers yet gives it back and wakes the lanes that passed it over meanwhile.
 */
function claimLast(mem: JobMemory, lane: number, table: KernelTable, h: number): boolean {
  const rec = mem.rec;
  const slot = handleSlot(h);
  const b = slot * R.STRIDE;
  const ready = stateWord(handleVersion(h), STATE.READY);
  if (Atomics.compareExchange(rec, b + R.STATE, ready, ready + (STATE.RUNNING - STATE.READY)) !== ready) return false;
  // Claimed: the record is this lane's until it finishes the job.
  if (rec[b + R.EPOCH]! > table.epoch || table.kernels[rec[b + R.KERNEL]!] === undefined) {
    Atomics.store(rec, b + R.STATE, ready);
    Atomics.add(mem.ctl, CTL.SIGNAL, 1);
    Atomics.notify(mem.ctl, CTL.SIGNAL);
    return false;
  }
  const seq = rec[b + R.SEQ]!;
  runBatch(mem, lane, table, slot, h, 0);
  // Finished here: if it was the front of the ring, the next scan starts past it.
  if (seq === table.scanFrom) table.scanFrom = nextSeq(seq);
  return true;
}

/**
 * Claim and run a batch of the READY job behind `h`, if it has one left, this
 * lane has its kernel and buffers, and its dependencies are done (one that
 * failed fails it). Returns true when a batch ran.
 */
function claimAndRun(mem: JobMemory, lane: number, table: KernelTable, h: number): boolean {
  const rec = mem.rec;
  const slot = handleSlot(h);
  const b = slot * R.STRIDE;
  const nb = rec[b + R.NBATCHES]!;
  if (nb === 0 || rec[b + R.CURSOR]! >= nb) return false;
  if (rec[b + R.EPOCH]! > table.epoch || table.kernels[rec[b + R.KERNEL]!] === undefined) return false;
  const d = depsState(mem, slot);
  if (d !== OK) {
    if (d === FAILED) failOnDependency(mem, slot, handleVersion(h));
    return false;
  }
  const ready = stateWord(handleVersion(h), STATE.READY);
  // One batch: claim the record itself, READY -> RUNNING on its versioned state word.
  // The swap fails if the record was claimed, failed or recycled since the checks above.
  if (nb === 1) {
    if (Atomics.compareExchange(rec, b + R.STATE, ready, ready + (STATE.RUNNING - STATE.READY)) !== ready) return false;
    runBatch(mem, lane, table, slot, h, 0);
    return true;
  }
  // Hazard: announce the slot before re-checking its version, so the main thread
  // never recycles a record between our check and our claim.
  const lanes = mem.lanes;
  const lb = lane * L.STRIDE;
  Atomics.store(lanes, lb + L.HAZARD, slot);
  if (Atomics.load(rec, b + R.STATE) !== ready) {
    Atomics.store(lanes, lb + L.HAZARD, -1);
    return false;
  }
  const batch = Atomics.add(rec, b + R.CURSOR, 1);
  // Clearing needs no fence: the claim above was one, and a recycle waiting on this word sees it promptly.
  lanes[lb + L.HAZARD] = -1;
  if (batch >= nb) return false;
  runBatch(mem, lane, table, slot, h, batch);
  return true;
}

/** Run batch `batch` of the record in `slot` (already claimed by this lane). */
export function runBatch(mem: JobMemory, lane: number, table: KernelTable, slot: number, h: number, batch: number): void {
  const rec = mem.rec;
  const b = slot * R.STRIDE;
  const size = rec[b + R.BATCH]!;
  const start = rec[b + R.START]! + batch * size;
  const endAll = rec[b + R.END]!;
  const end = start + size < endAll ? start + size : endAll;
  const lb = lane * L.STRIDE;
  const lanes = mem.lanes;
  lanes[lb + L.B_START] = start;
  lanes[lb + L.B_END] = end;
  // Plain stores: the lane's own words, read by others only once its thread has stopped
  // (markLaneDead) or for a stall report; a fence per batch would cost more than an empty kernel.
  lanes[lb + L.JOB] = slot;
  // After an error in another batch, the rest are skipped: their input may be the failed output.
  if (rec[b + R.ERR_KIND] === ERR.NONE) {
    const kid = rec[b + R.KERNEL]!;
    const def = table.kernels[kid]!;
    const args = table.argsHandle[kid] === h ? table.args[kid]! : fillArgs(mem, table, kid, def, slot, h);
    const profile = mem.ctl[CTL.PROFILE] !== 0;
    const t0 = profile ? performance.now() : 0;
    enterBatch(mem, slot, lane, start, end);
    try {
      // Cached per kernel id: choosing costs two map lookups, a batch of an empty job about 40 ns.
      const fn = table.fnVersion[kid] === kernelChoiceVersion() ? table.fns[kid]! : kernelFor(table, kid, def);
      fn(start, end, args as never);
    } catch (err) {
      recordKernelFailure(mem, slot, lane, start, end, err);
    }
    leaveBatch();
    if (profile) {
      const t1 = performance.now();
      Atomics.add(rec, b + R.BUSY, Math.round((t1 - t0) * 1e4));
      if (mem.ctl[CTL.PROFILE] === PROFILE.SPANS) recordSpan(mem, kid, lane, t0, t1);
    }
  }
  lanes[lb + L.JOB] = -1;
  lanes[lb + L.BATCHES]!++;
  finishBatch(mem, slot);
}

/** Choose and cache the kernel function of a kernel id. */
function kernelFor(table: KernelTable, kid: number, def: JobDef): Kernel<ArgSchema> {
  const fn = kernelOf(def);
  table.fns[kid] = fn;
  table.fnVersion[kid] = kernelChoiceVersion();
  return fn;
}

/**
 * Point the kernel's reusable args object at a record. Arrays are stored as
 * properties; scalars are plain double-representation fields, rewritten only
 * when their bits differ from the last record's (integer compares), so steady
 * frames store nothing new and kernels load unboxed doubles. Every args object
 * of a kernel has the same shape, so kernel code stays monomorphic.
 */
function fillArgs(mem: JobMemory, table: KernelTable, kid: number, def: JobDef, slot: number, h: number): Record<string, unknown> {
  let o = table.args[kid];
  const names = def.argNames;
  let cache = table.argBits[kid];
  const fresh = o === undefined || cache === undefined;
  if (o === undefined || cache === undefined) {
    o = {};
    // A non-integral double first gives the field a double representation (in-place stores).
    for (let i = 0; i < names.length; i++) o[names[i]!] = def.argIsArray[i] ? EMPTY : 0.5;
    cache = new Uint16Array(names.length * 4);
    table.args[kid] = o;
    table.argBits[kid] = cache;
  }
  const ab = slot * R.STRIDE + R.ARGS;
  const fb = slot * F.STRIDE + F.ARGS;
  const bits = mem.f64bits;
  for (let i = 0; i < names.length; i++) {
    const id = mem.rec[ab + i]!;
    if (id >= 0) {
      o[names[i]!] = table.buffers[id];
      continue;
    }
    const w = (fb + i) * 4;
    const c = i * 4;
    if (!fresh && bits[w] === cache[c] && bits[w + 1] === cache[c + 1] && bits[w + 2] === cache[c + 2] && bits[w + 3] === cache[c + 3]) continue;
    cache[c] = bits[w]!;
    cache[c + 1] = bits[w + 1]!;
    cache[c + 2] = bits[w + 2]!;
    cache[c + 3] = bits[w + 3]!;
    o[names[i]!] = mem.f64[fb + i];
  }
  table.argsHandle[kid] = h;
  return o;
}
