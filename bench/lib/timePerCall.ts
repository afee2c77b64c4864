import { RUNS, summarize, type RunSummary } from './summarize.ts';

/**
 * Microseconds per call of `fn`, as {@link RUNS} blocks of `rounds / RUNS`
 * calls each (one sample per block): median, min and max over the blocks.
 *
 * @example
 * usPerCall(20_000, () => jobs.complete(jobs.schedule(nothing, args)))
 */
export function usPerCall(rounds: number, fn: () => void, blocks = RUNS): RunSummary {
  const per = Math.max(1, Math.floor(rounds / blocks));
  const t: number[] = [];
  for (let b = 0; b < blocks; b++) {
    const t0 = performance.now();
    for (let i = 0; i < per; i++) fn();
    t.push(((performance.now() - t0) * 1000) / per);
  }
  return summarize(t);
}

/** {@link usPerCall} for an asynchronous call, awaited one at a time. */
export async function usPerCallAsync(rounds: number, fn: () => Promise<unknown>, blocks = RUNS): Promise<RunSummary> {
  const per = Math.max(1, Math.floor(rounds / blocks));
  const t: number[] = [];
  for (let b = 0; b < blocks; b++) {
    const t0 = performance.now();
    for (let i = 0; i < per; i++) await fn();
    t.push(((performance.now() - t0) * 1000) / per);
  }
  return summarize(t);
}

/** What {@link pairedUsPerCall} measured: each call's figure, and each block's time per call to pair them up. */
export interface PairedTimes<K extends string> {
  readonly us: Record<K, RunSummary>;
  readonly blocks: Record<K, number[]>;
}

/**
 * Microseconds per call of several calls timed in alternating blocks: per
 * block, each call in turn (the order rotated each block) runs untimed for
 * `warmMs`, then `rounds / blocks` times timed. A shared VM's cross-thread
 * speed moves between modes for seconds at a time (the raw ping-pong took
 * 0.15 or 0.33 us on one VM, runs a minute apart), so figures taken one after
 * the other may compare different machines; in alternating blocks, block i of
 * every call ran on the same one, and {@link pairedRatio} compares them block
 * by block.
 *
 * @example
 * const t = pairedUsPerCall(30_000, { spin: ping.call, ours: dispatch.call });
 * pairedRatio(t, 'ours', 'spin') // median over blocks of ours / spin
 */
export function pairedUsPerCall<K extends string>(rounds: number, calls: Record<K, () => void>, warmMs = 3, blocks = RUNS): PairedTimes<K> {
  const names = Object.keys(calls) as K[];
  const per = Math.max(1, Math.floor(rounds / blocks));
  const times = emptyTimes(names);
  for (let b = 0; b < blocks; b++) {
    for (let j = 0; j < names.length; j++) {
      const k = blockTurn(names, b, j);
      const fn = calls[k];
      // The warm-up outlasts the other peers' spin budgets (1 ms), so they sleep while this block is timed.
      const until = performance.now() + warmMs;
      do fn();
      while (performance.now() < until);
      const t0 = performance.now();
      for (let i = 0; i < per; i++) fn();
      times[k].push(((performance.now() - t0) * 1000) / per);
    }
  }
  return pairedTimes(names, times);
}

/** One call of {@link pairedUsPerCallAsync}: awaited when it returns a promise, `perBlock` times per block. */
export interface PairedCall {
  readonly fn: () => unknown;
  readonly perBlock: number;
}

/**
 * {@link pairedUsPerCall} for calls that may be asynchronous (piscina.run beside
 * our synchronous dispatch), each with its own calls per block: a call 100x
 * slower than another needs fewer calls for a block of the same length.
 *
 * @example
 * const t = await pairedUsPerCallAsync({ piscina: { fn: () => pool.run(0), perBlock: 200 }, ours: { fn: dispatch.call, perBlock: 4000 } });
 * pairedRatio(t, 'piscina', 'ours') // how many of ours fit in one piscina.run, block by block
 */
export async function pairedUsPerCallAsync<K extends string>(calls: Record<K, PairedCall>, warmMs = 3, blocks = RUNS): Promise<PairedTimes<K>> {
  const names = Object.keys(calls) as K[];
  const times = emptyTimes(names);
  for (let b = 0; b < blocks; b++) {
    for (let j = 0; j < names.length; j++) {
      const k = blockTurn(names, b, j);
      const { fn, perBlock } = calls[k];
      const until = performance.now() + warmMs;
      do await fn();
      while (performance.now() < until);
      const t0 = performance.now();
      for (let i = 0; i < perBlock; i++) {
        const r = fn();
        if (r instanceof Promise) await r;
      }
      times[k].push(((performance.now() - t0) * 1000) / perBlock);
    }
  }
  return pairedTimes(names, times);
}

/** Block `b`'s `j`-th call: the order rotates by one each block, so no call always goes first. */
function blockTurn<K extends string>(names: readonly K[], b: number, j: number): K {
  return names[(b + j) % names.length]!;
}

function emptyTimes<K extends string>(names: readonly K[]): Record<K, number[]> {
  return Object.fromEntries(names.map((k) => [k, [] as number[]])) as Record<K, number[]>;
}

function pairedTimes<K extends string>(names: readonly K[], times: Record<K, number[]>): PairedTimes<K> {
  const us = Object.fromEntries(names.map((k) => [k, summarize(times[k])])) as Record<K, RunSummary>;
  return { us, blocks: times };
}

/** Median (with min and max) over blocks of `a`'s time per call over `b`'s in the same block. */
export function pairedRatio<K extends string>(t: PairedTimes<K>, a: K, b: K): RunSummary {
  return summarize(t.blocks[a].map((x, i) => x / t.blocks[b][i]!));
}
