import { describe, it, expect } from 'vitest';
import { originOf } from '../../src/app/ErrorPanel.ts';
import { jobMilliseconds, type FrameJobTimeline } from '../../src/app/JobTimelineStrip.ts';
import { SystemError } from '../../src/loop/errors.ts';

describe('originOf', () => {
  it('labels errors by their class, looking through causes', () => {
    expect(originOf(new SystemError('move', 'update', 3, new Error('x')))).toBe('system');
    const assertion = Object.assign(new Error('x must be > 0'), { name: 'AssertionError' });
    expect(originOf(new SystemError('move', 'update', 3, assertion))).toBe('assert');
    expect(originOf(Object.assign(new Error('k'), { name: 'JobKernelError' }))).toBe('job');
    expect(originOf(Object.assign(new Error('k'), { name: 'TaskRecycledError' }))).toBe('coroutine');
    expect(originOf(new Error('plain'), 'view')).toBe('view');
    expect(originOf('a string')).toBe('app');
  });
});

describe('jobMilliseconds', () => {
  it('sums span durations over lanes; 0 without a timeline', () => {
    const t: FrameJobTimeline = {
      frame: 1,
      duration: 16,
      lanes: 3,
      spans: [
        { name: 'a', lane: 1, start: 0, end: 2.5 },
        { name: 'b', lane: 2, start: 1, end: 2 },
      ],
    };
    expect(jobMilliseconds(t)).toBeCloseTo(3.5);
    expect(jobMilliseconds(null)).toBe(0);
  });
});
