/**
 * Hand-written regressions, one group per class of divergence the adversarial
 * check found (issue 12): each coroutine runs compiled and as a generator on the
 * real runner (test/build/runnerHarness.ts) and the per-frame traces must match.
 */
import { describe, it, expect } from 'vitest';
import { bothOnRunner } from './runnerHarness.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TaskRunner, waitFrames } from '../../src/tasks/index.ts';
import { PlayerLoop } from '../../src/loop/PlayerLoop.ts';
import { transformModule } from '../../src/build/transformModule.ts';
import { coroutineTransform } from '../../src/build/CoroutineTransform.ts';

const HEADER = `import { coroutine, nextFrame, waitFrames, whenAll, whenAny, timeout } from 'tickflow/tasks';\n`;

/** Both ways on the runner: compiled (no fallback), identical traces; returns the trace. */
function same(body: string, spec: Parameters<typeof bothOnRunner>[2] = {}, id = 'mod.js'): string[] {
  const r = bothOnRunner(HEADER + body, 'co', spec, id);
  expect(r.warnings.map((w) => w.message)).toEqual([]);
  expect(r.isCompiled).toBe(true);
  expect(r.compiled).toEqual(r.generator);
  return r.generator;
}

const warningsOf = (body: string, id = 'mod.js') => transformModule(HEADER + body, id, { transforms: [coroutineTransform()] }).warnings;

describe('class 1: joining a finished task continues in the same pass, compiled as for generators', () => {
  const child = `const child = coroutine(function* child(v) { return v; });\n`;
  it('yield handle', () => {
    const t = same(`${child}__out.co = coroutine(function* co(env) {
      const h = env.tasks.start(child, 7);
      yield; yield;
      env.log('join');
      const v = yield h;
      env.log('joined', v);
      yield;
      env.log('next');
    });`);
    expect(t).toEqual(['3: join', '3: joined 7', '4: next', 'end at frame 4: succeeded undefined']);
  });
  it('whenAll, whenAny and timeout', () => {
    const t = same(`${child}__out.co = coroutine(function* co(env) {
      const hs = [env.tasks.start(child, 1), env.tasks.start(child, 2)];
      const out = [];
      yield; yield;
      yield whenAll(hs, out);
      env.log('all', out.join());
      const hs2 = [env.tasks.start(child, 3), env.tasks.start(child, 4)];
      yield; yield;
      const i = yield whenAny(hs2);
      env.log('any', i);
      const h = env.tasks.start(child, 5);
      yield; yield;
      const v = yield timeout(h, 10);
      env.log('timeout', v);
    });`);
    expect(t).toEqual(['3: all 1,2', '5: any 0', '7: timeout 5', 'end at frame 7: succeeded undefined']);
  });
});

describe('class 2: jumps in a yield-free try/finally inside a compiled loop keep the finally\'s completion', () => {
  it('continue in try, break in finally; break in try, continue in finally; return in try, break in finally', () => {
    const t = same(`__out.co = coroutine(function* co(env) {
      let n = 0;
      for (let i = 0; i < 3; i++) {
        yield;
        try { n++; continue; } finally { env.log('f', i); break; }
      }
      env.log('n', n);
      let m = 0;
      while (m < 3) {
        yield;
        m++;
        try { break; } finally { env.log('g', m); continue; }
      }
      env.log('m', m);
      for (;;) {
        yield;
        try { return 'from try'; } finally { env.log('h'); break; }
      }
      return 'after loop';
    });`);
    expect(t).toEqual(['2: f 0', '2: n 1', '3: g 1', '4: g 2', '5: g 3', '5: m 3', '6: h', 'end at frame 6: succeeded "after loop"']);
  });
  it('a return overridden by a jump inside an outer compiled finally leaves no pending return behind', () => {
    const t = same(`__out.co = coroutine(function* co(env) {
      try {
        for (let i = 0; i < 2; i++) {
          yield;
          try { if (i === 0) return 'early'; } finally { if (i === 0) continue; }
          env.log('i', i);
        }
      } finally { env.log('outer finally'); yield; }
      return 'normal';
    });`);
    expect(t.at(-1)).toBe('end at frame 4: succeeded "normal"');
  });
  it('a JavaScript jump out of a verbatim finally (inside a yield-free loop) cancels the return it replaced', () => {
    const t = same(`__out.co = coroutine(function* co(env) {
      try {
        let w = 0;
        while (w < 2) { w++; try { if (w === 1) return 'early'; } finally { continue; } }
        env.log('loop done', w);
      } finally { yield; env.log('outer finally'); }
      return 'normal';
    });`);
    expect(t).toEqual(['1: loop done 2', '2: outer finally', 'end at frame 2: succeeded "normal"']);
  });
});

describe('class 3: calls through locals keep an undefined receiver', () => {
  it('a function in a local or a parameter, and a tag, called after a yield', () => {
    const t = same(
      `function who() { return this === undefined ? 'undefined' : typeof this; }
      __out.co = coroutine(function* co(env, cb) {
        const f = who;
        yield;
        env.log(f(), cb(), f\`x\`, (0, f)());
      });`,
      { args: [function (this: unknown) { return this === undefined ? 'undefined' : typeof this; }] },
    );
    expect(t[0]).toBe('2: undefined undefined undefined undefined');
  });
});

describe('class 4: yield* into a plain generator passes exactly the written arguments', () => {
  it('rest parameters see only what was passed', () => {
    const r = bothOnRunner(
      HEADER +
        `function* plain(...xs) { yield; return xs.length; }
        const restCo = coroutine(function* restCo(...xs) { yield; return xs.length; });
        __out.co = coroutine(function* co(env) { const a = yield* plain(1, 2); const b = yield* restCo(1); const c = yield* plain(); env.log(a, b, c); });`,
    );
    expect(r.isCompiled).toBe(true);
    expect(r.warnings.map((w) => w.construct)).toEqual(['a rest parameter']);
    expect(r.compiled).toEqual(r.generator);
    expect(r.generator[0]).toBe('4: 2 1 0');
  });
});

describe('class 5: a TypeScript `this:` parameter does not shift the arguments (Vite plugin path)', () => {
  it('function* g(this: void, env, a, b)', () => {
    const t = same(`__out.co = coroutine(function* co(this: void, env: any, a: number, b: number) { yield; env.log(a, b); return (a as number)! + b; });`, { args: [1, 2] }, 'mod.ts');
    expect(t).toEqual(['2: 1 2', 'end at frame 2: succeeded 3']);
  });
});

describe('class 6: generated names never collide with the user\'s', () => {
  it('module-level $input, $c, $v, $o, $r, $mode, $e, $s and a label $loop', () => {
    const t = same(`const $input = 'I', $c = 'C', $v = 'V', $o = 'O', $r = 'R', $mode = 'M', $e = 'E', $n = 'N', $HT = 'H';
      __out.co = coroutine(function* co(env) {
        yield;
        env.log($input, $c, $v, $o, $r, $mode, $e, $n, $HT);
        $loop: for (let i = 0; i < 3; i++) { yield; if (i === 1) break $loop; env.log('i', i); }
        try { yield; throw new Error('x'); } catch ($e) { env.log('caught', $e.message); }
      });`);
    expect(t.slice(0, 3)).toEqual(['2: I C V O R M E N H', '3: i 0', '5: caught x']);
  });
  it('a user local $n inside a yield-free try/finally does not capture the deferred jump', () => {
    const t = same(`__out.co = coroutine(function* co(env) {
      let k = 0;
      for (let i = 0; i < 3; i++) {
        yield;
        try { let $n = i; if ($n < 2) continue; k = 10; } finally { k++; }
      }
      return k;
    });`);
    expect(t.at(-1)).toBe('end at frame 4: succeeded 11');
  });
});

describe('class 7: the marker and the tokens are found through the import binding, not path text', () => {
  it("a user's own nextFrame from a module whose path contains \"tasks\" is not replaced by the runtime token", () => {
    const mods = { './myTasks.js': { nextFrame: () => waitFrames(3) } };
    const src = HEADER.replace('nextFrame, ', '') + `import { nextFrame } from './myTasks.js';
      __out.co = coroutine(function* co(env) { yield nextFrame(); env.log('after'); });`;
    const r = bothOnRunner(src, 'co', {}, 'mod.js', mods);
    expect(r.isCompiled).toBe(true);
    expect(r.code).not.toMatch(/return __tf_NEXT_FRAME/);
    expect(r.compiled).toEqual(r.generator);
    expect(r.generator[0]).toBe('4: after');
  });
  it('a namespace import compiles: T.coroutine and T.nextFrame', () => {
    const src = `import * as T from 'tickflow/tasks';
      __out.co = T.coroutine(function* co(env) { for (let i = 0; i < 2; i++) { yield T.nextFrame(); env.log(i); } });`;
    const r = bothOnRunner(src);
    expect(r.warnings).toEqual([]);
    expect(r.isCompiled).toBe(true);
    expect(r.code).toMatch(/NEXT_FRAME/);
    expect(r.compiled).toEqual(r.generator);
  });
});

describe('class 8: smaller semantics', () => {
  it('default parameters do not see body declarations', () => {
    const t = same(`const x = 'outer';
      __out.co = coroutine(function* co(env, a = x) { let x = 'inner'; yield; env.log(a, x); });`);
    expect(t[0]).toBe('2: outer inner');
  });
  it('assigning a const after a yield throws (the coroutine falls back rather than lose the TypeError)', () => {
    const src = HEADER + `__out.co = coroutine(function* co(env) { const c = 1; yield; try { c = 2; } catch (e) { env.log(e.constructor.name); } env.log(c); });`;
    const r = bothOnRunner(src);
    expect(r.compiled).toEqual(r.generator);
    expect(r.generator[0]).toBe('2: TypeError');
    expect(r.warnings.map((w) => [w.construct, w.line, w.column])).toEqual([['an assignment to the constant "c"', 2, 68]]);
  });
  it('a compiled coroutine iterated by hand behaves as a generator after it finished', () => {
    const t = same(`const sub = coroutine(function* sub(n) { try { yield n; yield n + 1; } finally { env0.log('sub finally'); } return 'r'; });
      let env0;
      __out.co = coroutine(function* co(env) {
        env0 = env;
        const it = sub(1);
        env.log(JSON.stringify([it.next(), it.next(), it.next(), it.next(), it.next()]));
        const it2 = sub(5);
        env.log(JSON.stringify([it2.next(), it2.return(9), it2.next()]));
        const it3 = sub(7);
        env.log(JSON.stringify([it3.return(3), it3.next()]));
        yield;
      });`);
    expect(t.slice(0, 5)).toEqual([
      '1: sub finally',
      '1: [{"value":1,"done":false},{"value":2,"done":false},{"value":"r","done":true},{"done":true},{"done":true}]',
      '1: sub finally',
      '1: [{"value":5,"done":false},{"value":9,"done":true},{"done":true}]',
      '1: [{"value":3,"done":true},{"done":true}]',
    ]);
  });
});

describe('class 8: yield* recursion is resumed as a trampoline', () => {
  const rec = `const rec = coroutine(function* recur(n, env) {
    try {
      if (n === 0) { yield; yield env.w(1); throw new Error('deep'); }
      const r = yield* rec(n - 1, env);
      return r + 1;
    } finally { if (n % 250 === 0) env.log('fin', n); }
  });\n`;
  it('1,000 levels: a throw from the deepest unwinds every finally, innermost first', () => {
    const t = same(`${rec}__out.co = coroutine(function* co(env) { try { yield* rec(1000, env); } catch (e) { env.log('caught', e.message); } });`);
    expect(t).toEqual(['4: fin 0', '4: fin 250', '4: fin 500', '4: fin 750', '4: fin 1000', '4: caught deep', 'end at frame 4: succeeded undefined']);
  });
  it('1,000 levels: cancelled while the deepest waits', () => {
    const t = same(`${rec}__out.co = coroutine(function* co(env) { yield* rec(1000, env); });`, { cancelAt: 3 });
    expect(t.slice(0, 6)).toEqual(['3: fin 0', '3: fin 250', '3: fin 500', '3: fin 750', '3: fin 1000', '3: cancel requested']);
    expect(t[6]).toMatch(/^end at frame 3: canceled TaskCanceledError/);
  });
});

describe('class 11: warnings say what the construct is', () => {
  it('a yield assigned to a property', () => {
    const ws = warningsOf(`const obj = {};\n__out.co = coroutine(function* co(env) { obj.p = yield nextFrame(); });`);
    expect(ws.map((w) => [w.construct, w.line, w.column])).toEqual([['a yield assigned to a property (obj.p = yield w)', 3, 42]]);
  });
  it('several declarators with a yield compile', () => {
    const t = same(`__out.co = coroutine(function* co(env) { const a = 1, b = yield nextFrame(), c = b === undefined ? a : 0; env.log(a, b, c); });`);
    expect(t[0]).toBe('2: 1 undefined 1');
  });
  it('`this` in a class field initializer and a static block compiles', () => {
    const t = same(`__out.co = coroutine(function* co(env) {
      class K { v = this; static s = 0; static { K.s = this === K ? 1 : 2; } }
      yield;
      const k = new K();
      env.log(k.v === k, K.s);
    });`);
    expect(t[0]).toBe('2: true 1');
  });
});

describe('classes 7 and 9 under the Vite plugin: real files', () => {
  it('marks through a re-export and src/tasks/coroutine.ts; a user nextFrame stays the user\'s; names as written', async () => {
    const { viaReexport, userWait } = await import('./fixtures/markedElsewhere.ts');
    const { patrol, restless } = await import('./fixtures/names.ts');
    expect([viaReexport.compiled, userWait.compiled, patrol.compiled, restless.compiled]).toEqual([true, true, true, false]);
    expect([viaReexport, userWait, patrol, restless].map((d) => d.coroutineName)).toEqual(['viaReexport', 'userWait', 'patrol', 'restless']);
    const loop = new PlayerLoop();
    const tasks = new TaskRunner({ loop });
    const hs = [tasks.start(viaReexport, 4), tasks.start(userWait), tasks.start(patrol, 1)];
    let f = 0;
    for (; f < 10 && !hs.every((h) => tasks.isDone(h)); f++) loop.tick(0.1);
    expect([f, ...hs.map((h) => tasks.result(h))]).toEqual([4, 5, 'waited', 2]);
  });
  it('the warning names the file, line and column of the original source', () => {
    const file = join(import.meta.dirname, 'fixtures', 'names.ts');
    const ws = transformModule(readFileSync(file, 'utf8'), file, { transforms: [coroutineTransform()] }).warnings;
    expect(ws.map((w) => w.message.slice(0, w.message.indexOf(' is not')))).toEqual([`${file}:13:54: coroutine "restless"`]);
  });
});
