import { describe, it, expect } from 'vitest';
import { FrameHistory, HISTORY_FRAMES } from '../../src/app/FrameHistory.ts';

describe('FrameHistory', () => {
  it('keeps the intervals between frames, oldest first, the last HISTORY_FRAMES of them', () => {
    const h = new FrameHistory();
    let now = 0;
    h.record(now, 0);
    expect(h.size).toBe(0); // one frame is no interval yet
    for (let i = 1; i <= HISTORY_FRAMES + 5; i++) h.record((now += i), 0);
    expect(h.size).toBe(HISTORY_FRAMES);
    expect(h.at(0)).toBe(6); // the first 5 intervals fell out of the ring
    expect(h.at(HISTORY_FRAMES - 1)).toBe(HISTORY_FRAMES + 5);
  });

  it('reports simulated seconds per real second over each rate window', () => {
    const h = new FrameHistory();
    expect(h.simRate).toBeNaN();
    // 30 frames of 50 ms that each simulate one 1/60 s step: 1/3 of real time.
    for (let i = 0; i <= 30; i++) h.record(i * 50, i / 60);
    h.markRate();
    expect(h.simRate).toBeCloseTo(1 / 3, 12);
    // The next window: every frame simulates its own 50 ms; the rate spans both windows.
    for (let i = 31; i <= 40; i++) h.record(i * 50, 30 / 60 + (i - 30) * 0.05);
    h.markRate();
    expect(h.simRate).toBeCloseTo((0.5 + 0.5) / 2, 12);
    // Eight more windows of real-time simulation push the slow one out.
    for (let w = 0; w < 8; w++) {
      for (let i = 0; i < 10; i++) h.record(2000 + w * 500 + (i + 1) * 50, 1 + w * 0.5 + (i + 1) * 0.05);
      h.markRate();
    }
    expect(h.simRate).toBeCloseTo(1, 12);
    h.clear();
    expect(h.simRate).toBeNaN();
    expect(h.size).toBe(0);
  });
});
