import { defineSuite, type BenchResult } from '../types.ts';
import { measure, measureAsync, forceGc, type Measurement } from '../../src/profile/measure.ts';
import { GcWatcher } from '../../src/profile/GcWatcher.ts';
import { PlayerLoop } from '../../src/loop/PlayerLoop.ts';
import { Time } from '../../src/loop/Time.ts';
import { TaskRunner, NEXT_FRAME, DONE, StepMode, compiledCoroutine, coroutine, nextFrame, whenAll, waitFrames, waitSeconds, type CoroutineMachine, type CompiledMachine } from '../../src/tasks/index.ts';

const bytes = (m: Measurement): BenchResult => ({ value: m.bytesPerOp, unit: 'B', ...(m.valid ? {} : { note: m.note ?? 'invalid window' }) });
const UPDATE = 2;

/**
 * Repeat a measurement: the time is the fastest repetition (this runs on shared
 * CPUs, where slow outliers are other processes, not the code), the bytes are
 * the last repetition's (the most warmed-up JIT state: steady state).
 */
async function repeat(n: number, run: () => Promise<Measurement>): Promise<Measurement> {
  let best = Infinity;
  let last: Measurement | null = null;
  for (let i = 0; i < n; i++) {
    last = await run();
    if (last.nsPerOp < best) best = last.nsPerOp;
  }
  return { ...last!, nsPerOp: best };
}

/** Native async/await: `await` in a loop, timed and weighed around the whole async run (one window, as measureAsync takes it). */
function measureAwait(name: string, awaitable: () => unknown, n: number): Promise<Measurement> {
  return measureAsync(name, awaitable, { iterations: n, warmup: n / 10, attempts: 1 });
}

/** The same loop body a UniTask user writes: wait a frame, forever. */
function* spinGenerator() {
  for (;;) yield NEXT_FRAME;
}

/** Its hand-written state-machine form: what the async builder emits. */
class SpinMachine implements CoroutineMachine<void> {
  result: void = undefined;
  step(mode: StepMode): unknown {
    return mode === StepMode.Next ? NEXT_FRAME : DONE;
  }
}

/** The same loop written as a generator and compiled by the async builder (the Node loader in `npm run bench`). */
const spinCompiled = coroutine(function* spinCompiled() {
  for (;;) yield nextFrame();
});

/** A float local kept across yields, changed every step: it must not box a number per step. */
const floatCompiled = coroutine(function* floatCompiled() {
  let t = 0;
  for (;;) {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the float local under test: written every step, kept across yields
    t += 0.1;
    yield nextFrame();
  }
});

/**
 * A rest of computed seconds at every step (a random pause, as agents take): the
 * seconds are a fresh non-integral double each time, negative so each rest ends
 * at the next pass, and neither arming nor the deadline check may box them.
 */
const restCompiled = coroutine(function* restCompiled() {
  let s = -0.5;
  for (;;) {
    s -= 0.001;
    yield waitSeconds(s);
  }
});

/** A short coroutine for start-to-completion: two frames, returns its argument. */
const shortCompiled = coroutine(function* shortCompiled(v: number) {
  yield nextFrame();
  yield nextFrame();
  return v;
});

/** A short child for whenAll: two frames, returns its argument. Pooled, hand-written. */
class ShortChild implements CompiledMachine<number> {
  state = 0;
  v = 0;
  result: number | undefined = undefined;
  init(a: unknown): void {
    this.v = a as number;
    this.state = 0;
  }
  reset(): void {
    this.state = 0;
    this.result = undefined;
  }
  step(mode: StepMode): unknown {
    if (mode !== StepMode.Next) return DONE;
    if (this.state === 0) {
      this.state = 1;
      return waitFrames(2);
    }
    this.result = this.v;
    return DONE;
  }
}
const shortChild = compiledCoroutine('shortChild', ShortChild);

/** Starts 1,000 pooled children and joins them under one whenAll. */
class FanOut implements CompiledMachine<number> {
  state = 0;
  runner: TaskRunner | null = null;
  handles: number[] = new Array(1000).fill(0);
  out: unknown[] = new Array(1000).fill(0);
  result: number | undefined = undefined;
  init(a: unknown): void {
    this.runner = a as TaskRunner;
    this.state = 0;
  }
  reset(): void {
    this.runner = null;
    this.result = undefined;
  }
  step(mode: StepMode, input: unknown): unknown {
    if (mode === StepMode.Throw) throw input;
    if (mode === StepMode.Return) return DONE;
    if (this.state === 0) {
      for (let i = 0; i < 1000; i++) this.handles[i] = this.runner!.start(shortChild, i);
      this.state = 1;
      return whenAll(this.handles, this.out);
    }
    let sum = 0;
    for (let i = 0; i < 1000; i++) sum += this.out[i] as number;
    this.result = sum;
    return DONE;
  }
}
const fanOut = compiledCoroutine('fanOut', FanOut);

async function frames100k(make: (tasks: TaskRunner) => void): Promise<{ ms: number; gcs: number }> {
  const loop = new PlayerLoop();
  const tasks = new TaskRunner({ loop, initialCapacity: 131_072 });
  for (let i = 0; i < 100_000; i++) make(tasks);
  for (let f = 0; f < 30; f++) loop.tick(1 / 60); // warm the JIT and the first steps
  forceGc();
  const w = new GcWatcher();
  w.start();
  const t0 = process.hrtime.bigint();
  for (let f = 0; f < 300; f++) loop.tick(1 / 60);
  const t1 = process.hrtime.bigint();
  w.mark();
  const gcs = await w.stop();
  w.dispose();
  if (tasks.tracker().live !== 100_000) throw new Error('tasks bench: coroutines ended early');
  tasks.dispose();
  return { ms: Number(t1 - t0) / 1e6 / 300, gcs };
}

async function stepBench(name: string, make: (tasks: TaskRunner) => void): Promise<Measurement> {
  const tasks = new TaskRunner({ time: new Time() });
  const n = 10_000;
  for (let i = 0; i < n; i++) make(tasks);
  const m = await repeat(3, () => measure(name, () => tasks.runPhase(UPDATE), { iterations: 300, warmup: 100, opsPerCall: n }));
  if (tasks.tracker().live !== n) throw new Error(`tasks bench: ${name} coroutines ended early`);
  tasks.dispose();
  return m;
}

/**
 * Native await (resolved promise, custom thenable) as the baseline, against one
 * next-frame step of our runner with a generator and with a state-machine
 * coroutine; 100,000 live coroutines over 300 frames; a 1,000-task whenAll.
 */
export default defineSuite({
  description: 'native await vs runner steps (generator, hand-written and compiled state machines); 100k coroutines x 300 frames; whenAll of 1,000; compiled start',
  goals: {
    machineStepBytes: { text: '0', met: (r) => r.machineStepBytes!.value < 0.5 },
    machineStepNs: { text: '<= nativeAwaitNs / 5', met: (r) => r.machineStepNs!.value <= r.nativeAwaitNs!.value / 5 },
    coroutines100kMachineGcCount: { text: '0', met: (r) => r.coroutines100kMachineGcCount!.value === 0 },
    whenAll1000Bytes: { text: '0 (pooled machines)', met: (r) => r.whenAll1000Bytes!.value < 64 },
    compiledStepBytes: { text: '0', met: (r) => r.compiledStepBytes!.value < 0.5 },
    compiledStepNs: { text: '<= nativeAwaitNs / 5', met: (r) => r.compiledStepNs!.value <= r.nativeAwaitNs!.value / 5 },
    compiledFloatStepBytes: { text: '0 (at most 1)', met: (r) => r.compiledFloatStepBytes!.value <= 1 },
    compiledRestStepBytes: { text: '0 (at most 1)', met: (r) => r.compiledRestStepBytes!.value <= 1 },
    compiledStartBytes: { text: '0', met: (r) => r.compiledStartBytes!.value < 1 },
    coroutines100kCompiledGcCount: { text: '0', met: (r) => r.coroutines100kCompiledGcCount!.value === 0 },
  },
  async run() {
    if (!spinCompiled.compiled || !shortCompiled.compiled || !floatCompiled.compiled || !restCompiled.compiled)
      throw new Error('tasks bench: coroutines are not compiled; run through `npm run bench` (node --import ./src/build/register.ts).');
    // Step figures first, each while the runner's step call site has seen only its
    // own machine class (as BenchmarkDotNet isolates benchmarks). A program with many
    // coroutine classes pays a polymorphic call on top: see the 100k frames below,
    // measured after every class has been through the runner.
    const machine = await stepBench('machineStep', (t) => t.start(new SpinMachine()));
    const compiled = await stepBench('compiledStep', (t) => t.start(spinCompiled));
    const float = await stepBench('compiledFloatStep', (t) => t.start(floatCompiled));
    const rest = await stepBench('compiledRestStep', (t) => t.start(restCompiled));
    const gen = await stepBench('generatorStep', (t) => t.start(spinGenerator));

    // Start to completion of a short compiled coroutine; the check is its result.
    const startRunner = new TaskRunner({ time: new Time() });
    let k = 0;
    const startRound = (): void => {
      const h = startRunner.start(shortCompiled, ++k & 1023);
      for (let f = 0; f < 3; f++) startRunner.runPhase(UPDATE);
      if (startRunner.result(h) !== (k & 1023)) throw new Error('tasks bench: short coroutine result is wrong');
    };
    const start = await repeat(3, () => measure('compiledStart', startRound, { iterations: 100_000, warmup: 100_000 }));
    startRunner.dispose();

    const resolved = Promise.resolve(1);
    const nativeAwait = await repeat(3, () => measureAwait('nativeAwait', () => resolved, 200_000));
    const thenable = { then: (r: (v: number) => void) => r(1) };
    const thenableAwait = await repeat(3, () => measureAwait('thenableAwait', () => thenable, 200_000));

    const g100 = await frames100k((t) => t.start(spinGenerator));
    const m100 = await frames100k((t) => t.start(new SpinMachine()));
    const c100 = await frames100k((t) => t.start(spinCompiled));

    // whenAll: a round is start → 1,000 children → join → complete; the check is the sum.
    const loop = new PlayerLoop();
    const tasks = new TaskRunner({ loop });
    const round = (): void => {
      const h = tasks.start(fanOut, tasks);
      for (let f = 0; f < 4; f++) loop.tick(1 / 60);
      if (tasks.result(h) !== 499_500) throw new Error('tasks bench: whenAll sum is wrong');
    };
    // Long warm-up: the first few hundred rounds include optimizing-compiler output on the heap.
    const all = await repeat(3, () => measure('whenAll1000', round, { iterations: 200, warmup: 500 }));
    tasks.dispose();

    return {
      nativeAwaitNs: { value: nativeAwait.nsPerOp, unit: 'ns' },
      nativeAwaitBytes: bytes(nativeAwait),
      thenableAwaitNs: { value: thenableAwait.nsPerOp, unit: 'ns', baseline: 'nativeAwaitNs' },
      thenableAwaitBytes: bytes(thenableAwait),
      generatorStepNs: { value: gen.nsPerOp, unit: 'ns', baseline: 'nativeAwaitNs' },
      generatorStepBytes: bytes(gen),
      machineStepNs: { value: machine.nsPerOp, unit: 'ns', baseline: 'nativeAwaitNs' },
      machineStepBytes: bytes(machine),
      coroutines100kGeneratorFrameMs: { value: g100.ms, unit: 'ms' },
      coroutines100kGeneratorGcCount: { value: g100.gcs, unit: 'count' },
      coroutines100kMachineFrameMs: { value: m100.ms, unit: 'ms', baseline: 'coroutines100kGeneratorFrameMs' },
      coroutines100kMachineGcCount: { value: m100.gcs, unit: 'count' },
      whenAll1000Bytes: bytes(all),
      compiledStepNs: { value: compiled.nsPerOp, unit: 'ns', baseline: 'nativeAwaitNs' },
      compiledStepBytes: bytes(compiled),
      compiledFloatStepNs: { value: float.nsPerOp, unit: 'ns' },
      compiledFloatStepBytes: bytes(float),
      compiledRestStepNs: { value: rest.nsPerOp, unit: 'ns' },
      compiledRestStepBytes: bytes(rest),
      compiledStartBytes: bytes(start),
      coroutines100kCompiledFrameMs: { value: c100.ms, unit: 'ms', baseline: 'coroutines100kGeneratorFrameMs' },
      coroutines100kCompiledGcCount: { value: c100.gcs, unit: 'count' },
    };
  },
});
