import { defineSuite, type BenchResult } from '../types.ts';
import { measure, measureSettled, type Measurement } from '../../src/profile/measure.ts';
import { PlayerLoop } from '../../src/loop/PlayerLoop.ts';
import { createSceneRuntime } from '../../src/scene/SceneRuntime.ts';
import particles from '../../scenes/particles/index.ts';

const bytes = (m: Measurement): BenchResult => ({ value: m.bytesPerOp, unit: 'B', ...(m.valid ? {} : { note: m.note ?? 'invalid window' }) });

/**
 * The loop's own cost (an empty frame) and a steady-state frame of the particles
 * scene at 10,000 particles: time and main-thread bytes in a GC-free window.
 * Baseline: the empty loop; particles must add work, not allocation.
 */
export default defineSuite({
  description: 'empty PlayerLoop frame; particles scene (10,000) frame time and bytes',
  goals: {
    emptyFrameNs: { text: '< 2000', met: (r) => r.emptyFrameNs!.value < 2000 },
    particlesFrameBytes: { text: '<= 16 (goal 0)', met: (r) => r.particlesFrameBytes!.value <= 16 },
  },
  async run() {
    const loop = new PlayerLoop();
    const empty = await measure('emptyFrame', () => loop.tick(1 / 60), { iterations: 1_000_000, warmup: 100_000 });

    const rt = createSceneRuntime({ ...particles, id: 'particles' }, { seed: 1, params: { count: 10_000 } });
    // Correctness check before timing: particles stay inside the box.
    const frame = () => rt.tick(1 / 60);
    const p = await measureSettled('particlesFrame', frame, { iterations: 5_000, warmup: 5_000 });
    const view = rt.view;
    for (let e = 1; e <= 10_000; e++) {
      const x = view.Position.x[e];
      if (!(x >= 0 && x < view.size)) throw new Error(`particles bench: particle ${e} left the box (x=${x})`);
    }
    rt.dispose();
    return {
      emptyFrameNs: { value: empty.nsPerOp, unit: 'ns' },
      emptyFrameBytes: bytes(empty),
      particlesFrameUs: { value: p.nsPerOp / 1000, unit: 'us', note: 'baseline: the empty frame (emptyFrameNs)' },
      particlesFrameBytes: bytes(p),
    };
  },
});
