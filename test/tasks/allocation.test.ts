import { describe, it, expect } from 'vitest';
import { measureSettled } from '../../src/profile/measure.ts';
import { Time } from '../../src/loop/Time.ts';
import {
  TaskRunner,
  NEXT_FRAME,
  DONE,
  StepMode,
  waitSeconds,
  waitFrames,
  whenAll,
  compiledCoroutine,
  coroutine,
  nextFrame,
  type CompiledMachine,
} from '../../src/tasks/index.ts';

const UPDATE = 2;

/** Alternates a frame wait and a seconds wait: parameters go into the record, not into objects. */
class Pacer implements CompiledMachine<void> {
  k = 0;
  result: void = undefined;
  init(): void {
    this.k = 0;
  }
  reset(): void {}
  step(mode: StepMode): unknown {
    if (mode !== StepMode.Next) return DONE;
    return (this.k++ & 1) === 0 ? NEXT_FRAME : waitSeconds(0);
  }
}

class Child implements CompiledMachine<number> {
  s = 0;
  result: number | undefined;
  init(): void {
    this.s = 0;
  }
  reset(): void {}
  step(mode: StepMode): unknown {
    if (mode !== StepMode.Next || this.s === 1) {
      this.result = 1;
      return DONE;
    }
    this.s = 1;
    return waitFrames(1);
  }
}
const child = compiledCoroutine('child', Child);
class Parent implements CompiledMachine<number> {
  s = 0;
  hs = [0, 0, 0, 0];
  runner: TaskRunner | null = null;
  result: number | undefined;
  init(r: unknown): void {
    this.s = 0;
    this.runner = r as TaskRunner;
  }
  reset(): void {
    this.runner = null;
  }
  step(mode: StepMode, input: unknown): unknown {
    if (mode === StepMode.Throw) throw input;
    if (mode !== StepMode.Next || this.s === 1) {
      this.result = 4;
      return DONE;
    }
    for (let i = 0; i < 4; i++) this.hs[i] = this.runner!.start(child);
    this.s = 1;
    return whenAll(this.hs);
  }
}
const parent = compiledCoroutine('parent', Parent);

/** Compiled by the async builder (the Vitest plugin): a float local that changes every step. */
const drift = coroutine(function* drift(step: number) {
  let t = 0.5;
  for (;;) {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the float local under test: written every step, kept across yields
    t += step;
    yield nextFrame();
  }
});

// Warm-ups are long on purpose: under Vitest the JIT tiers up later than under
// plain node, and feedback vectors and code written to the heap before that count as bytes.
describe('allocation (GC-free windows)', () => {
  it('state-machine steps with frame and seconds waits allocate 0 bytes', async () => {
    const tasks = new TaskRunner({ time: new Time() });
    const pacer = compiledCoroutine('pacer', Pacer);
    for (let i = 0; i < 100; i++) tasks.start(pacer);
    const m = await measureSettled('steps', () => tasks.runPhase(UPDATE), { iterations: 20_000, warmup: 60_000, opsPerCall: 100 }, 8, 0.01);
    expect(m.valid).toBe(true);
    expect(m.bytesPerOp).toBeLessThan(0.01);
  });

  it('a compiled coroutine whose float local changes every step allocates 0 bytes per step', async () => {
    expect(drift.compiled).toBe(true);
    const tasks = new TaskRunner({ time: new Time() });
    for (let i = 0; i < 100; i++) tasks.start(drift, 0.1);
    const m = await measureSettled('float steps', () => tasks.runPhase(UPDATE), { iterations: 20_000, warmup: 60_000, opsPerCall: 100 }, 8, 0.01);
    expect(m.valid).toBe(true);
    expect(m.bytesPerOp).toBeLessThan(0.01);
  });

  it('starting, joining (whenAll) and completing pooled machine tasks allocates nothing in steady state', async () => {
    const tasks = new TaskRunner({ time: new Time() });
    const round = () => {
      const h = tasks.start(parent, tasks);
      for (let f = 0; f < 3; f++) tasks.runPhase(UPDATE);
      if (tasks.result(h) !== 4) throw new Error('wrong result');
    };
    const m = await measureSettled('rounds', round, { iterations: 20_000, warmup: 100_000 }, 8, 1);
    expect(m.valid).toBe(true);
    expect(m.bytesPerOp).toBeLessThan(1);
  });
});
