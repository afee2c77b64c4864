import { describe, it, expect } from 'vitest';
import { PlayerLoop } from '../../src/loop/PlayerLoop.ts';
import { FixedStepHistory, lerpWrapped } from '../../src/view/FixedStepHistory.ts';

describe('FixedStepHistory', () => {
  it('holds the values from before the latest fixed step, copying once per frame with steps', () => {
    const loop = new PlayerLoop();
    const x = new Float32Array(4);
    loop.addSystem({ name: 'move', phase: 'fixedUpdate', run: () => (x[1]! += 1) });
    let copies = 0;
    const hist = new FixedStepHistory(loop, [x], { beforeCopy: () => copies++ });
    const [prev] = hist.previous as [Float32Array];
    expect(prev.buffer).toBeInstanceOf(SharedArrayBuffer);
    loop.tick(1 / 60);
    expect([prev[1], x[1]]).toEqual([0, 1]);
    loop.tick(3 / 60);
    expect([prev[1], x[1]]).toEqual([3, 4]);
    expect(copies).toBe(2);
    loop.tick(0.001); // no fixed step this frame: history unchanged
    expect([prev[1], x[1]]).toEqual([3, 4]);
    expect(copies).toBe(2);
    hist.dispose();
    loop.tick(1 / 60);
    expect([prev[1], x[1]]).toEqual([3, 5]);
    hist.sync();
    expect(prev[1]).toBe(5);
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
