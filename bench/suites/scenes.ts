import { cpus } from 'node:os';
import { defineSuite, type BenchResult } from '../types.ts';
import { measure, measureSettled, type Measurement } from '../../src/profile/measure.ts';
import { createSceneRuntime } from '../../src/scene/SceneRuntime.ts';
import { loadScene } from '../../src/scene/NodeSceneRegistry.ts';
import { NodeThreadHost } from '../../src/jobs/NodeThreadHost.ts';
import type { SceneRuntime } from '../../src/scene/SceneRuntime.ts';
import boids from '../../scenes/boids/index.ts';
import type { ViewOf } from '../../src/scene/defineScene.ts';
import { setKernelPath } from '../../src/jobs/compiledKernels.ts';

/** A boids runtime, its view typed from the scene (imported directly, not through the registry). */
type BoidsRuntime = SceneRuntime<(typeof boids)['params'], ViewOf<typeof boids>>;

const bytes = (m: Measurement): BenchResult => ({ value: m.bytesPerOp, unit: 'B', ...(m.valid ? {} : { note: m.note ?? 'invalid window' }) });

/**
 * Steady-state frames of the scenes: boids at 100,000 (simulation ms and
 * main-thread bytes per frame), GLOM 16x16 iterating every frame, PonderNet with
 * 4,096 agents. Each scene is checked for its phenomenon before the figures count.
 *
 * Baseline: boids100kInlineMs (every job on the main thread) is the baseline of
 * boids100kWorkersMs, the same scene and seed on all lanes (cores - 1 workers
 * plus the main thread, or TICKFLOW_BENCH_WORKERS workers), measured in the same
 * run; boids100kSpeedup is their ratio. boids100kWasmInlineMs is the same inline
 * run with every kernel compiled (exact mode; `npm run bench` compiles kernels,
 * the JS path staying the default), against the same baseline. All runs are
 * brought to the same frame and their world hashes compared before the figures count.
 */
export default defineSuite({
  description: 'boids 100k frame inline vs all workers (ms, bytes, ratio); GLOM and PonderNet frames',
  goals: {
    boids100kFrameBytes: { text: '<= 16 (goal 0)', met: (r) => r.boids100kFrameBytes!.value <= 16 },
    boids100kWorkersMs: { text: '< 16 on 2 cores', met: (r) => r.boids100kWorkersMs!.value < 16 },
    boids100kWorkersFrameBytes: { text: '<= 16 (goal 0)', met: (r) => r.boids100kWorkersFrameBytes!.value <= 16 },
    glomFrameBytes: { text: '<= 16 (goal 0)', met: (r) => r.glomFrameBytes!.value <= 16 },
    ponderFrameBytes: { text: '<= 16 (goal 0)', met: (r) => r.ponderFrameBytes!.value <= 16 },
  },
  async run() {
    const boidsScene = { ...boids, id: 'boids' };
    const boidsCheck = (rt: BoidsRuntime) => {
      const s = rt.instance.stats!();
      if (!(s.meanAlignment! > 0.8)) throw new Error(`boids bench: the flock did not align (mean alignment ${s.meanAlignment})`);
      const v = rt.view;
      for (let i = 0; i < v.boids.count; i++) {
        const e = v.boids.ids[i];
        const x = v.Boid.s[e * 8];
        if (!(x >= 0 && x < v.size)) throw new Error(`boids bench: boid ${e} left the world (x=${x})`);
      }
      return s;
    };
    /** One boids run: warm-up, a settling window, then the measured window (see below). */
    const boidsRun = async (name: string, rt: BoidsRuntime, warmup: number) => {
      let frames = 0;
      const frame = () => {
        rt.tick(1 / 60);
        frames++;
      };
      for (let i = 0; i < warmup; i++) frame();
      // Let background compilation install the optimized kernels: on a busy machine
      // the compiler threads wait for a core, and a window opened at once catches it.
      await new Promise((r) => setTimeout(r, 200));
      await measure(`${name}Settle`, frame, { iterations: 5, warmup: 0 });
      const cpu0 = process.cpuUsage();
      const f0 = frames;
      const m = await measureSettled(name, frame, { iterations: 60, warmup: 0 }, 8);
      const cpu = process.cpuUsage(cpu0);
      const measured = frames - f0;
      // CPU time of this process per frame (all its threads): on a shared VM, wall
      // time also counts the time other processes held the core.
      return { m, cpuMs: (cpu.user + cpu.system) / 1000 / measured, frames: () => frames, frame };
    };

    // 500 warm-up frames: the steering kernel's loop is OSR-compiled early, but the
    // whole function is optimized (and stops boxing floats) only after a few hundred
    // calls; a window opened at 300 frames still caught that compile (~17 KB/frame).
    // The first window after measure's forced GC pays a one-time ~18 KB (seen as
    // exactly 301 B/frame over 60 frames, and 0 in every later window): V8 rebuilding
    // what the full GC dropped, not per-frame work. A short settling window takes it.
    const inline = createSceneRuntime(boidsScene, { seed: 1, params: { count: 100_000 } });
    const bi = await boidsRun('boids100k', inline, 500);
    const s = boidsCheck(inline);

    /** The inline run again with every kernel compiled; the switch is global, so it is set only while this runtime ticks. */
    const compiledBoidsRun = async () => {
      setKernelPath('wasm');
      try {
        const rt = createSceneRuntime(boidsScene, { seed: 1, params: { count: 100_000 } });
        const run = await boidsRun('boids100kWasm', rt, 500);
        const js = rt.jobs.stats().filter((j) => j.kernels !== 'wasm').map((j) => j.name);
        if (js.length > 0) throw new Error(`scenes bench: ${js.join(', ')} ran as JS; run it through \`npm run bench\`, which compiles kernels.`);
        return { rt, run };
      } finally {
        setKernelPath('js');
      }
    };

    // The same scene on every lane. The main thread now runs only part of the
    // batches and new paths (waiting on workers): at 300 warm-up frames its steering
    // kernel still allocated (~640 B/frame, sampled in Math.sqrt's result), at 600 none.
    const workers = Number(process.env.TICKFLOW_BENCH_WORKERS ?? Math.max(1, cpus().length - 1));
    const pooled = createSceneRuntime(boidsScene, { seed: 1, params: { count: 100_000 }, host: new NodeThreadHost({ workers }) });
    await pooled.jobs.ready();
    const bw = await boidsRun('boids100kWorkers', pooled, 600);
    boidsCheck(pooled);
    // Same frame, same bytes: bring the run that is behind up, then compare.
    while (bi.frames() < bw.frames()) bi.frame();
    while (bw.frames() < bi.frames()) bw.frame();
    if (inline.hash() !== pooled.hash()) throw new Error(`boids bench: ${workers} workers and inline differ after ${bi.frames()} frames`);
    const bc = await compiledBoidsRun();
    while (bi.frames() < bc.run.frames()) bi.frame();
    setKernelPath('wasm');
    while (bc.run.frames() < bi.frames()) bc.run.frame();
    setKernelPath('js');
    if (inline.hash() !== bc.rt.hash()) throw new Error(`boids bench: compiled kernels and JS kernels differ after ${bi.frames()} frames`);
    await bc.rt.dispose();
    await inline.dispose();
    await pooled.dispose();
    const b = bi.m;

    const glom = createSceneRuntime(await loadScene('glom'), { seed: 1, params: { stepEvery: 1, maxIterations: 0 } });
    for (let i = 0; i < 20; i++) glom.tick(1 / 60);
    const gs = glom.instance.stats!();
    if (gs.islandsLevel3 !== 3 || gs.topPurity !== 1) throw new Error(`glom bench: islands did not form (${JSON.stringify(gs)})`);
    const g = await measureSettled('glomFrame', () => glom.tick(1 / 60), { iterations: 2_000, warmup: 2_000 });
    await glom.dispose();

    const ponder = createSceneRuntime(await loadScene('pondernet'), { seed: 1 });
    // A long warm-up, then a pause for background compilation to install the
    // optimized frame path (the step job's kernel inlines the agent functions only
    // once optimized; 5,000 frames sometimes measured a few hundred B/frame).
    for (let i = 0; i < 15_000; i++) ponder.tick(1 / 60);
    await new Promise((r) => setTimeout(r, 200));
    const p = await measureSettled('ponderFrame', () => ponder.tick(1 / 60), { iterations: 5_000, warmup: 5_000 });
    const ps = ponder.instance.stats!();
    if (!(ps.halts! > 0 && Math.abs(ps.klHaltingFromPrior!) < 10)) throw new Error(`pondernet bench: no halting statistics (${JSON.stringify(ps)})`);
    await ponder.dispose();

    return {
      boids100kInlineMs: { value: b.nsPerOp / 1e6, unit: 'ms' },
      boids100kInlineCpuMs: { value: bi.cpuMs, unit: 'ms', note: 'process CPU time per frame (the window plus a GC)' },
      boids100kFrameBytes: bytes(b),
      boids100kWorkersMs: { value: bw.m.nsPerOp / 1e6, unit: 'ms', baseline: 'boids100kInlineMs', note: `${workers} workers + main thread` },
      boids100kWorkersCpuMs: { value: bw.cpuMs, unit: 'ms', note: 'CPU time per frame over all threads' },
      boids100kWorkersFrameBytes: bytes(bw.m),
      boids100kSpeedup: { value: b.nsPerOp / bw.m.nsPerOp, unit: 'x', baseline: 'boids100kInlineMs', note: 'inline ms / workers ms' },
      boids100kWasmInlineMs: { value: bc.run.m.nsPerOp / 1e6, unit: 'ms', baseline: 'boids100kInlineMs', note: 'inline, every kernel compiled (exact)' },
      boids100kWasmSpeedup: { value: b.nsPerOp / bc.run.m.nsPerOp, unit: 'x', baseline: 'boids100kInlineMs', note: 'JS inline ms / compiled inline ms' },
      boids100kNeighbours: { value: s.meanNeighbours!, unit: 'count' },
      glomFrameUs: { value: g.nsPerOp / 1000, unit: 'us' },
      glomFrameBytes: bytes(g),
      ponderFrameUs: { value: p.nsPerOp / 1000, unit: 'us' },
      ponderFrameBytes: bytes(p),
    };
  },
});
