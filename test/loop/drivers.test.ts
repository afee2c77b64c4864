import { describe, it, expect } from 'vitest';
import { PlayerLoop } from '../../src/loop/PlayerLoop.ts';
import { runInNode, runWithAnimationFrames } from '../../src/loop/drivers.ts';

describe('drivers', () => {
  it('runInNode runs the requested frames with a fixed delta', async () => {
    const loop = new PlayerLoop();
    let fixed = 0;
    loop.addSystem({ name: 'count', phase: 'fixedUpdate', run: () => void fixed++ });
    const frames: number[] = [];
    const h = runInNode(loop, { frames: 30, fixedDelta: 1 / 30, onFrame: (_ms, i) => frames.push(i) });
    await h.done;
    expect(loop.time.frameCount).toBe(30);
    expect(fixed).toBe(60); // 1/30 s per frame at 1/60 fixed step
    expect(frames[29]).toBe(29);
  });

  it('runInNode stops on stop() and rejects when a frame throws', async () => {
    const loop = new PlayerLoop();
    const h = runInNode(loop, { fixedDelta: 1 / 60 });
    await new Promise((r) => setTimeout(r, 20));
    h.stop();
    await h.done;
    const n = loop.time.frameCount;
    expect(n).toBeGreaterThan(0);
    loop.addSystem({ name: 'boom', run: () => { throw new Error('kaput'); } });
    await expect(runInNode(loop, { fixedDelta: 1 / 60 }).done).rejects.toThrow(/System "boom" threw.*kaput/);
  });

  it('runWithAnimationFrames feeds timestamp deltas and stops cleanly', async () => {
    const loop = new PlayerLoop();
    const queue: ((t: number) => void)[] = [];
    const scheduler = {
      requestAnimationFrame: (cb: (t: number) => void) => queue.push(cb),
      cancelAnimationFrame: () => void queue.splice(0),
    };
    const h = runWithAnimationFrames(loop, { scheduler });
    for (const t of [1000, 1016, 1050]) queue.shift()!(t);
    expect(loop.time.frameCount).toBe(3);
    expect(loop.time.unscaledElapsed).toBeCloseTo(0.05, 9); // first frame has dt 0
    h.stop();
    await h.done;
    expect(queue.length).toBe(0);
  });

  it('runWithAnimationFrames reports a throwing frame through onError', () => {
    const loop = new PlayerLoop();
    loop.addSystem({ name: 'bad', run: () => { throw new Error('nope'); } });
    const queue: ((t: number) => void)[] = [];
    const errors: unknown[] = [];
    runWithAnimationFrames(loop, {
      scheduler: { requestAnimationFrame: (cb) => queue.push(cb), cancelAnimationFrame: () => {} },
      onError: (e) => errors.push(e),
    });
    queue.shift()!(0);
    expect(errors.length).toBe(1);
    expect(queue.length).toBe(0); // stopped: no next frame requested
  });
});
