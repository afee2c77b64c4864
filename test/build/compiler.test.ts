import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PlayerLoop } from '../../src/loop/PlayerLoop.ts';
import { transformModule } from '../../src/build/transformModule.ts';
import { coroutineTransform } from '../../src/build/CoroutineTransform.ts';
import * as tasksRuntime from '../../src/tasks/index.ts';
import { TaskRunner, TaskCanceledError, type CoroutineDef } from '../../src/tasks/index.ts';
import { thrower } from './fixtures/thrower.ts';
import * as fallbacks from './fixtures/fallbacks.ts';

/** Compile a module written against `tickflow/tasks` and evaluate it; `exports.x = …` collects results. */
function load(body: string, compile = true): { exports: Record<string, CoroutineDef>; warnings: string[] } {
  const source = `import { coroutine, nextFrame, waitFrames, whenAll } from 'tickflow/tasks';\n${body}`;
  let code = source;
  let warnings: string[] = [];
  if (compile) {
    const out = transformModule(source, 'mod.js', { transforms: [coroutineTransform()] });
    warnings = out.warnings.map((w) => w.message);
    code = out.code ?? source;
  }
  code = code.replace(/import\s*\{([^}]*)\}\s*from\s*["']tickflow\/tasks["'];?/g, (_m, s: string) => `const {${s.replace(/\bas\b/g, ':')}} = __rt;`);
  const exports: Record<string, CoroutineDef> = {};
  new Function('__rt', 'exports', code)(tasksRuntime, exports);
  return { exports, warnings };
}

function runner() {
  const loop = new PlayerLoop();
  // Failures are joined explicitly in these tests; unjoined ones would be reported at frame end.
  const tasks = new TaskRunner({ loop, onUnobservedError: () => {} });
  return { tasks, frames: (n: number) => { for (let i = 0; i < n; i++) loop.tick(0.1); } };
}

/** Run a coroutine both ways; both must give the same log and result. */
function both(body: string, args: unknown[] = [], frames = 20): { log: unknown[]; result: unknown } {
  const outs = [true, false].map((compile) => {
    const { exports, warnings } = load(body, compile);
    expect(warnings).toEqual([]);
    expect(exports.co!.compiled).toBe(compile);
    const { tasks, frames: tick } = runner();
    const log: unknown[] = [];
    const h = tasks.start(exports.co!, log, ...args);
    tick(frames);
    return { log, result: tasks.result(h) };
  });
  expect(outs[0]).toEqual(outs[1]);
  return outs[0]!;
}

describe('async builder: constructs', () => {
  it('returns the NEXT_FRAME token for `yield nextFrame()`, unless the coroutine binds its own nextFrame', () => {
    const plain = transformModule(
      `import { coroutine, nextFrame } from 'tickflow/tasks';\nexport const co = coroutine(function* co() { for (;;) yield nextFrame(); });`,
      'a.js',
      { transforms: [coroutineTransform()] },
    ).code!;
    expect(plain).toMatch(/return __tf_NEXT_FRAME;/);
    expect(plain).not.toMatch(/return nextFrame\(\)/);
    const shadowed = transformModule(
      `import { coroutine, nextFrame } from 'tickflow/tasks';\nexport const co = coroutine(function* co(log) { const nextFrame = () => 7; yield nextFrame(); });`,
      'b.js',
      { transforms: [coroutineTransform()] },
    ).code!;
    expect(shadowed).toMatch(/return \(0, this\.\w*nextFrame\)\(\)/);
    expect(shadowed).not.toMatch(/return __tf_NEXT_FRAME/);
    // And both ways agree when run: the shadowing function's value is what is yielded.
    const r = both(`exports.co = coroutine(function* co(log) { const nextFrame = () => undefined; yield nextFrame(); log.push(1); return 2; });`);
    expect(r).toEqual({ log: [1], result: 2 });
  });

  it('arms a timed wait through WAIT_SECONDS, passing no number to a call, unless the coroutine binds its own', () => {
    const code = transformModule(
      `import { coroutine, waitSeconds } from 'tickflow/tasks';\nimport * as T from 'tickflow/tasks';\nexport const co = coroutine(function* co(s) { yield waitSeconds(s * 2); yield T.waitRealtimeSeconds(s / 3); });`,
      'c.js',
      { transforms: [coroutineTransform()] },
    ).code!;
    expect(code).toMatch(/return __tf_WAIT_SECONDS\[0\] = this\.\w+ \* 2, __tf_armSeconds\(\);/);
    expect(code).toMatch(/return __tf_WAIT_SECONDS\[0\] = this\.\w+ \/ 3, __tf_armRealtimeSeconds\(\);/);
    expect(code).not.toMatch(/return (T\.)?wait\w*Seconds\(/);
    const shadowed = transformModule(
      `import { coroutine, waitSeconds } from 'tickflow/tasks';\nexport const co = coroutine(function* co(s) { const waitSeconds = (x) => x; yield waitSeconds(s); });`,
      'd.js',
      { transforms: [coroutineTransform()] },
    ).code!;
    expect(shadowed).not.toMatch(/__tf_armSeconds\(\)/);
    // Compiled and as a generator, each wait resumes at the same time.
    const resumed = [true, false].map((compile) => {
      const { exports, warnings } = load(`import { waitSeconds as rest, waitUnscaledSeconds } from 'tickflow/tasks';
        exports.co = coroutine(function* co(log, now, s) { for (let i = 1; i <= 3; i++) { yield rest(s * i); log.push(now()); yield waitUnscaledSeconds(s / i); log.push(now()); } });`, compile);
      expect(warnings).toEqual([]);
      expect(exports.co!.compiled).toBe(compile);
      const loop = new PlayerLoop();
      const tasks = new TaskRunner({ loop });
      const log: number[] = [];
      tasks.start(exports.co!, log, () => Math.round(loop.time.elapsed * 10), 0.25);
      for (let f = 0; f < 40; f++) loop.tick(0.1);
      return log;
    });
    expect(resumed[0]).toEqual([4, 7, 12, 14, 22, 23]); // first step at t = 0.1: 0.1 + 0.25 resumes at 0.4, and so on
    expect(resumed[1]).toEqual(resumed[0]);
  });

  it('parameters, defaults, let/const, return value', () => {
    const r = both(`exports.co = coroutine(function* co(log, a, b = a * 2) { const c = a + b; yield; let d = c; d++; log.push(d); return d * 10; });`, [3]);
    expect(r).toEqual({ log: [10], result: 100 });
  });

  it('if/else, nested blocks with shadowed names', () => {
    const r = both(`exports.co = coroutine(function* co(log, x) {
      let v = 1;
      if (x > 0) { let v = 2; yield; log.push(v); { let v = 3; yield; log.push(v); } } else { log.push('neg'); }
      log.push(v);
    });`, [1]);
    expect(r.log).toEqual([2, 3, 1]);
  });

  it('for / while / do-while with break and continue, labelled too', () => {
    const r = both(`exports.co = coroutine(function* co(log) {
      outer: for (let i = 0; i < 4; i++) {
        let j = 0;
        while (true) {
          j++;
          yield;
          if (j === 2) continue outer;
          if (i === 3) break outer;
          log.push(i * 10 + j);
        }
      }
      let k = 0;
      do { k++; yield; if (k === 2) continue; log.push('k' + k); } while (k < 3);
      return 'done';
    });`);
    expect(r).toEqual({ log: [1, 11, 21, 'k1', 'k3'], result: 'done' });
  });

  it('switch with fall-through, default and break', () => {
    const r = both(`exports.co = coroutine(function* co(log) {
      for (let i = 0; i < 4; i++) {
        switch (i) {
          case 0: log.push('zero'); yield;
          case 1: log.push('one-or-fall'); break;
          default: yield; log.push('default ' + i);
        }
      }
    });`);
    expect(r.log).toEqual(['zero', 'one-or-fall', 'one-or-fall', 'default 2', 'default 3']);
  });

  it('try/catch/finally, with yields in each part and a rethrow', () => {
    const r = both(`exports.co = coroutine(function* co(log) {
      try {
        try { yield; throw new Error('a'); }
        catch (e) { yield; log.push('caught ' + e.message); throw new Error('b'); }
        finally { yield; log.push('inner finally'); }
      } catch (e) { log.push('outer caught ' + e.message); }
      finally { log.push('outer finally'); }
      return 1;
    });`);
    expect(r).toEqual({ log: ['caught a', 'inner finally', 'outer caught b', 'outer finally'], result: 1 });
  });

  it('early return through finally blocks, and finally overriding with its own return', () => {
    const r = both(`exports.co = coroutine(function* co(log) {
      try { try { yield; return 'early'; } finally { log.push('f1'); } } finally { log.push('f2'); }
    });`);
    expect(r).toEqual({ log: ['f1', 'f2'], result: 'early' });
    const o = both(`exports.co = coroutine(function* co(log) { try { yield; return 1; } finally { yield; return 2; } });`);
    expect(o.result).toBe(2);
  });

  it('const x = yield wait receives a joined task result (join and whenAll)', () => {
    const { exports } = load(`
      const child = coroutine(function* child(v) { yield waitFrames(2); return v * 2; });
      exports.co = coroutine(function* co(log, tasks) {
        const got = yield tasks.start(child, 21);
        log.push(got);
        const hs = [tasks.start(child, 1), tasks.start(child, 2)];
        const out = [];
        yield whenAll(hs, out);
        return out;
      });`);
    const { tasks, frames } = runner();
    const log: unknown[] = [];
    const h = tasks.start(exports.co!, log, tasks);
    frames(10);
    expect(log).toEqual([42]);
    expect(tasks.result(h)).toEqual([2, 4]);
  });

  it('yield* delegation returns the delegate result; delegate machines are pooled', () => {
    const { exports } = load(`
      const inner = coroutine(function* inner(log, n) { for (let i = 0; i < n; i++) { yield; log.push('in' + i); } return n * 100; });
      exports.inner = inner;
      exports.co = coroutine(function* co(log) { const a = yield* inner(log, 2); const b = yield* inner(log, 1); log.push(a + b); return a + b; });`);
    const { tasks, frames } = runner();
    const log: unknown[] = [];
    const h = tasks.start(exports.co!, log);
    frames(10);
    expect(tasks.result(h)).toBe(300);
    expect(log).toEqual(['in0', 'in1', 'in0', 300]);
    expect(exports.inner!.pooled).toBe(1); // one machine, reused by the second delegation
    expect(exports.co!.pooled).toBe(1);
  });

  it('cancellation runs finally blocks (also across yield*) and pooled machines come back cleared', () => {
    const { exports } = load(`
      const inner = coroutine(function* inner(log) { try { for (;;) yield; } finally { log.push('inner finally'); } });
      exports.co = coroutine(function* co(log, big) {
        const keep = big;
        try { yield* inner(log); } finally { log.push('outer finally'); yield; log.push('after yield in finally'); }
      });`);
    const { tasks, frames } = runner();
    const log: unknown[] = [];
    const h = tasks.start(exports.co!, log, { payload: 1 });
    frames(3);
    tasks.cancel(h);
    frames(2);
    expect(log).toEqual(['inner finally', 'outer finally', 'after yield in finally']);
    expect(tasks.status(h)).toBe('canceled');
    const m = exports.co!.create(undefined) as unknown as Record<string, unknown>;
    expect(m._keep).toBeUndefined();
    expect(m._big).toBeUndefined();
    expect(() => tasks.result(h)).toThrow(TaskCanceledError);
  });

  it('runs allocation-free: compiled coroutines reuse their machines', () => {
    const { exports } = load(`exports.co = coroutine(function* co(log) { yield; yield; return 1; });`);
    const { tasks, frames } = runner();
    for (let round = 0; round < 3; round++) {
      const h = tasks.start(exports.co!, []);
      frames(4);
      expect(tasks.result(h)).toBe(1);
    }
    expect(exports.co!.pooled).toBe(1);
  });
});

describe('async builder: what it cannot compile', () => {
  const file = join(import.meta.dirname, 'fixtures', 'fallbacks.ts');
  const source = readFileSync(file, 'utf8');
  const warnings = transformModule(source, file, { transforms: [coroutineTransform()] }).warnings;
  const expectWarning = (construct: RegExp, line: number, column: number) => {
    const w = warnings.find((x) => construct.test(x.construct));
    expect(w, `a warning for ${construct}`).toBeDefined();
    expect(w!.message).toContain(`${file}:${line}:${column}: coroutine`);
    expect([w!.line, w!.column]).toEqual([line, column]);
    expect(w!.message).toMatch(/keeps running as a generator/);
  };

  it('names file:line:column and the construct for each', () => {
    expectWarning(/closure that captures the coroutine local "n"/, 5, 19);
    expectWarning(/`arguments`/, 12, 10);
    expectWarning(/for\.\.\.of/, 17, 3);
    expectWarning(/nested inside an expression/, 25, 18);
    expectWarning(/destructuring parameter/, 29, 62);
    expectWarning(/not written inline/, 38, 26);
    expect(warnings).toHaveLength(6);
  });

  it('keeps those coroutines running correctly as generators', () => {
    const { tasks, frames } = runner();
    const hs = [tasks.start(fallbacks.capture, 1), tasks.start(fallbacks.usesArguments, 5), tasks.start(fallbacks.forOf, [1, 2, 3]), tasks.start(fallbacks.destructured, { a: 1, b: 2 }), tasks.start(fallbacks.notInline)];
    frames(6);
    expect(hs.map((h) => tasks.result(h))).toEqual([2, 9, 6, 3, 1]);
    for (const d of [fallbacks.capture, fallbacks.usesArguments, fallbacks.forOf, fallbacks.nested, fallbacks.destructured, fallbacks.notInline]) expect(d.compiled).toBe(false);
  });

  it('reports `this`, `eval`, async generators, more than four parameters, and self-reference', () => {
    const src = [
      `import { coroutine } from 'tickflow/tasks';`,
      `export const a = coroutine(function* a() { yield; return this; });`,
      `export const b = coroutine(function* b(x) { yield; return eval('x'); });`,
      `export const c = coroutine(async function* c() { yield; });`,
      `export const d = coroutine(function* d(p, q, r, s, t) { yield; });`,
      `export const e = coroutine(function* e() { yield; return e; });`,
    ].join('\n');
    const ws = transformModule(src, 'w.js', { transforms: [coroutineTransform()] }).warnings.map((w) => `${w.line}:${w.column} ${w.construct}`);
    expect(ws).toEqual([
      '2:58 `this`',
      '3:59 `eval`',
      '4:28 it is an async generator',
      '5:52 more than four parameters',
      '6:58 a reference to the coroutine\'s own name "e"',
    ]);
  });
});

describe('async builder: source maps', () => {
  it('stack traces from a compiled coroutine point at the original line (Vitest plugin)', () => {
    expect(thrower.compiled).toBe(true);
    const { tasks, frames } = runner();
    const h = tasks.start(thrower, 2);
    frames(4);
    let err: Error | undefined;
    try {
      tasks.result(h);
    } catch (e) {
      err = e as Error;
    }
    expect(err?.message).toBe('thrown after 2 frames');
    expect(err?.stack).toMatch(/thrower\.ts:9:\d+/);
  });
});
