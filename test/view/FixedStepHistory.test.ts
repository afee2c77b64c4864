import { describe, it, expect } from 'vitest';
import { PlayerLoop } from '../../src/loop/PlayerLoop.ts';
import { FixedStepHistory, lerpWrapped } from '../../src/view/FixedStepHistory.ts';

describe('FixedStepHistory', () => {
  it('holds the values from before the latest fixed step, and only copies on fixed steps', () => {
    const loop = new PlayerLoop();
    const x = new Float32Array(4);
    loop.addSystem({ name: 'move', phase: 'fixedUpdate', run: () => (x[1]! += 1) });
    const hist = new FixedStepHistory(loop, [x]);
    const [prev] = hist.previous as [Float32Array];
    expect(prev.buffer).toBeInstanceOf(SharedArrayBuffer);
    loop.tick(1 / 60);
    expect([prev[1], x[1]]).toEqual([0, 1]);
    loop.tick(2 / 60);
    expect([prev[1], x[1]]).toEqual([2, 3]);
    loop.tick(0.001); // no fixed step this frame: history unchanged
    expect([prev[1], x[1]]).toEqual([2, 3]);
    hist.dispose();
    loop.tick(1 / 60);
    expect([prev[1], x[1]]).toEqual([2, 4]);
    hist.sync();
    expect(prev[1]).toBe(4);
  });
});

describe('lerpWrapped', () => {
  it('interpolates directly away from the seam', () => {
    expect(lerpWrapped(10, 20, 0.5, 200)).toBe(15);
  });
  it('takes the short way across the seam', () => {
    expect(lerpWrapped(199, 1, 0.5, 200)).toBe(200);
    expect(lerpWrapped(1, 199, 0.5, 200)).toBe(0);
  });
});
