import { describe, it, expect } from 'vitest';
import { PlayerLoop } from '../../src/loop/PlayerLoop.ts';
import { PHASES } from '../../src/loop/Phase.ts';
import { SystemCycleError, UnknownSystemError, DuplicateSystemError, SystemError, UnknownPhaseError } from '../../src/loop/errors.ts';

describe('PlayerLoop', () => {
  it('runs phases in order with fixedUpdate 0..n times', () => {
    const loop = new PlayerLoop();
    const log: string[] = [];
    for (const p of PHASES) loop.addSystem({ name: p, phase: p, run: () => log.push(p) });
    loop.tick(0.05);
    expect(log).toEqual(['initialization', 'fixedUpdate', 'fixedUpdate', 'fixedUpdate', 'update', 'lateUpdate', 'render']);
    log.length = 0;
    loop.tick(0.001);
    expect(log).toEqual(['initialization', 'update', 'lateUpdate', 'render']);
    expect(loop.time.frameCount).toBe(2);
  });

  it('orders systems by before/after, then order, then registration', () => {
    const loop = new PlayerLoop();
    const noop = () => {};
    loop.addSystem({ name: 'c', run: noop });
    loop.addSystem({ name: 'a', run: noop, order: -1 });
    loop.addSystem({ name: 'b', run: noop, after: ['c'] });
    loop.addSystem({ name: 'first', run: noop, before: ['c'] });
    expect(loop.systemsIn('update')).toEqual(['a', 'first', 'c', 'b']);
  });

  it('names the cycle', () => {
    const loop = new PlayerLoop();
    loop.addSystem({ name: 'x', run: () => {}, after: ['z'] });
    loop.addSystem({ name: 'y', run: () => {}, after: ['x'] });
    loop.addSystem({ name: 'z', run: () => {}, after: ['y'] });
    loop.addSystem({ name: 'w', run: () => {}, after: ['z'] });
    expect(() => loop.tick(0.016)).toThrow(SystemCycleError);
    expect(() => loop.validate()).toThrow(/cyclic order: (x -> y -> z -> x|y -> z -> x -> y|z -> x -> y -> z)/);
  });

  it('names an unknown reference and the known systems', () => {
    const loop = new PlayerLoop();
    loop.addSystem({ name: 'move', run: () => {}, after: ['physics'] });
    loop.addSystem({ name: 'draw', run: () => {}, phase: 'render' });
    expect(() => loop.validate()).toThrow(UnknownSystemError);
    expect(() => loop.validate()).toThrow(/"move" orders itself against "physics".*Known systems in "update": move/);
  });

  it('rejects a duplicate name and an unknown phase', () => {
    const loop = new PlayerLoop();
    loop.addSystem({ name: 'a', run: () => {} });
    expect(() => loop.addSystem({ name: 'a', run: () => {} })).toThrow(DuplicateSystemError);
    expect(() => loop.addSystem({ name: 'b', run: () => {}, phase: 'physics' as never })).toThrow(UnknownPhaseError);
  });

  it('wraps a throwing system with its name, phase and frame', () => {
    const loop = new PlayerLoop();
    loop.addSystem({ name: 'ok', run: () => {} });
    loop.addSystem({
      name: 'boom',
      phase: 'lateUpdate',
      run: (t) => {
        if (t.frameCount === 2) throw new Error('bad state');
      },
    });
    loop.tick(0.016);
    loop.tick(0.016);
    let err: unknown;
    try {
      loop.tick(0.016);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SystemError);
    expect((err as Error).message).toBe('System "boom" threw in phase "lateUpdate" at frame 2: bad state');
    loop.removeSystem('boom');
    loop.tick(0.016); // still usable
    expect(loop.time.frameCount).toBe(3);
  });

  it('calls hooks around every phase with its index', () => {
    const loop = new PlayerLoop();
    const seen: string[] = [];
    const off = loop.addHook({
      phaseStart: (p) => seen.push(`+${p}`),
      phaseEnd: (p) => seen.push(`-${p}`),
      frameEnd: () => seen.push('end'),
    });
    loop.tick(1 / 60);
    expect(seen).toEqual(['+0', '-0', '+1', '-1', '+2', '-2', '+3', '-3', '+4', '-4', 'end']);
    off();
    loop.tick(1 / 60);
    expect(seen.length).toBe(11);
  });
});
