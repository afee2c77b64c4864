/**
 * Random coroutine programs for the generator-versus-compiled property test, and
 * the harness that steps a program both ways (runnerHarness.ts runs them on the
 * real runner). A program is the source of a module with a `main` coroutine (and
 * a `sub` it may delegate to with `yield*` or iterate by hand): nested loops
 * (for / while / do-while, labelled break and continue, a label `$loop`),
 * labelled blocks, branches, switch with fall-through and `default` anywhere,
 * yields that send and receive values (`yield env.w(v)`: a wait on the runner,
 * `v` itself when stepped), shadowed block locals (some named `$…`), calls
 * through locals, try/catch/finally (yields and jumps inside finally,
 * destructured catch parameters), throws and early returns; a quarter of the
 * programs are TypeScript (`this:` parameter, `as`, `!`).
 */
import { Rng } from '../../src/math/Rng.ts';
import { Env, loadModule } from './runnerHarness.ts';
import { DONE, StepMode, type CoroutineDef, type CoroutineMachine } from '../../src/tasks/index.ts';

interface GenState {
  rng: Rng;
  ids: number;
  depth: number;
  budget: number;
  vars: string[];
  loops: { label: string | null }[];
  inFinally: boolean;
  allowDelegate: boolean;
  labels: number;
  /** Labels of enclosing labelled blocks (targets of `break label` only). */
  blocks: string[];
  ts: boolean;
}

const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r.next() * xs.length)]!;
const chance = (r: Rng, p: number): boolean => r.next() < p;

function expr(g: GenState): string {
  const v = g.vars.length ? pick(g.rng, g.vars) : '1';
  const e = (() => {
    switch (Math.floor(g.rng.next() * 5)) {
      case 0:
        return String(Math.floor(g.rng.next() * 10));
      case 1:
        return `${v} + ${Math.floor(g.rng.next() * 5)}`;
      case 2:
        return g.ts && chance(g.rng, 0.5) ? `env!.n()` : `env.n()`;
      case 3:
        return `(${v} * 3) % 7`;
      default:
        return v;
    }
  })();
  return g.ts && chance(g.rng, 0.2) ? `(${e} as number)` : e;
}

function cond(g: GenState): string {
  const v = g.vars.length ? pick(g.rng, g.vars) : 'env.n()';
  return pick(g.rng, [`${v} % 2 === 0`, `env.flag()`, `${v} > ${Math.floor(g.rng.next() * 6)}`, `!env.flag()`]);
}

function block(g: GenState, n: number, shadow = true): string {
  const saved = g.vars.length;
  const lines: string[] = [];
  // A shadowing local, sometimes (every block is braced, so it is a new scope).
  if (shadow && chance(g.rng, 0.4)) {
    const name = pick(g.rng, ['a', 'b', 'c', 'd', '$c', '$n', '$input', '$v']);
    // Initialized from other names only: `let a = a` is a TDZ error, which compiled code does not reproduce.
    const others = g.vars.filter((x) => x !== name);
    lines.push(`let ${name} = ${others.length ? `${pick(g.rng, others)} + 1` : 'env.n()'};`);
    g.vars.push(name);
  }
  for (let i = 0; i < n && g.budget > 0; i++) lines.push(stmt(g));
  g.vars.length = saved;
  return lines.join('\n');
}

function stmt(g: GenState): string {
  g.budget--;
  const id = g.ids++;
  const r = g.rng;
  const deep = g.depth < 3;
  const roll = r.next();
  const v = g.vars.length ? pick(r, g.vars) : null;
  if (roll < 0.16) return `env.log('s${id}', ${expr(g)});`;
  if (roll < 0.3) return v ? `${v} = yield env.w(${expr(g)});` : `yield env.w(${expr(g)});`;
  if (roll < 0.36) return `yield;`;
  if (roll < 0.42 && v) return `${v} += ${expr(g)};`;
  if (roll < 0.46 && g.allowDelegate) return v ? `${v} = yield* sub(${expr(g)}, env);` : `yield* sub(${expr(g)}, env);`;
  if (roll < 0.5 && (g.loops.length || g.blocks.length)) {
    const toBlock = g.blocks.length > 0 && (g.loops.length === 0 || chance(r, 0.3));
    if (toBlock) return `if (${cond(g)}) break ${pick(r, g.blocks)};`;
    const l = pick(r, g.loops);
    const kw = chance(r, 0.5) ? 'break' : 'continue';
    return `if (${cond(g)}) ${kw}${l.label && chance(r, 0.6) ? ' ' + l.label : ''};`;
  }
  // Returns inside finally too (they replace the pending completion), less often.
  if (roll < 0.54 && (!g.inFinally || chance(r, 0.3))) return `if (${cond(g)}) return ${expr(g)};`;
  if (roll < 0.58) return `if (${cond(g)}) throw new Error('t${id}');`;
  if (roll < 0.61) return `{\nconst f${id} = env.who;\nyield env.w(${expr(g)});\nenv.log('who${id}', f${id}());\n}`;
  if (roll < 0.66 && g.loops.length) {
    // A yield-free try/finally in a loop: each part may jump, the finally's jump replacing the try's.
    const jump = (): string => {
      const l = pick(r, g.loops);
      const k = Math.floor(r.next() * 3);
      if (k === 2 && !g.inFinally) return `return ${expr(g)};`;
      return `${k === 0 ? 'break' : 'continue'}${l.label && chance(r, 0.5) ? ' ' + l.label : ''};`;
    };
    return `try {\nenv.log('vt${id}');\nif (${cond(g)}) ${jump()}\n} finally {\nenv.log('vf${id}');\nif (${cond(g)}) ${jump()}\n}`;
  }
  if (roll < 0.68 && g.allowDelegate) {
    const it = `it${id}`;
    const res = `r${id}`;
    const k = `k${id}`;
    return [
      `{\nconst ${it} = sub(${expr(g)}, env);\nlet ${res} = ${it}.next();\nlet ${k} = 0;`,
      `while (!${res}.done && ${k}++ < ${1 + Math.floor(r.next() * 4)}) ${res} = ${it}.next(${k});`,
      `if (!${res}.done) ${res} = ${it}.return(${expr(g)});`,
      `env.log('it${id}', ${res}.done, ${it}.next().done);\n}`,
    ].join('\n');
  }
  if (!deep) return `env.log('x${id}');`;
  g.depth++;
  let out: string;
  const kind = Math.floor(r.next() * 8);
  const label = chance(r, 0.3) ? (g.labels++ === 0 && chance(r, 0.5) ? '$loop' : `L${g.labels}`) : null;
  const lp = label ? `${label}: ` : '';
  switch (kind) {
    case 0:
      out = `if (${cond(g)}) {\n${block(g, 3)}\n} else {\n${block(g, 2)}\n}`;
      break;
    case 1: {
      const i = `i${id}`;
      g.loops.push({ label });
      g.vars.push(i);
      out = `${lp}for (let ${i} = 0; ${i} < ${1 + Math.floor(r.next() * 3)}; ${i}++) {\n${block(g, 3)}\n}`;
      g.vars.pop();
      g.loops.pop();
      break;
    }
    case 2: {
      const w = `w${id}`;
      g.loops.push({ label });
      out = `let ${w} = 0;\n${lp}while (${w} < ${1 + Math.floor(r.next() * 3)}) {\n${w}++;\n${block(g, 3)}\n}`;
      g.loops.pop();
      break;
    }
    case 3: {
      const w = `w${id}`;
      g.loops.push({ label });
      out = `let ${w} = 0;\n${lp}do {\n${w}++;\n${block(g, 2)}\n} while (${w} < ${1 + Math.floor(r.next() * 2)});`;
      g.loops.pop();
      break;
    }
    case 4: {
      const saved = g.loops;
      g.loops = [];
      const cases = [0, 1, 2].map((c) => `case ${c}: {\n${block(g, 2)}\n${chance(r, 0.6) ? 'break;' : ''}\n}`);
      g.loops = saved;
      // `default` anywhere: first, between cases or last, falling through or not.
      const at = Math.floor(r.next() * (cases.length + 1));
      cases.splice(at, 0, `default:\nenv.log('def${id}');${chance(r, 0.5) ? '\nbreak;' : ''}`);
      out = `switch (${expr(g)} % 4) {\n${cases.join('\n')}\n}`;
      break;
    }
    case 5: {
      const b = `B${id}`;
      g.blocks.push(b);
      out = `${b}: {\n${block(g, 3)}\n}`;
      g.blocks.pop();
      break;
    }
    default: {
      const hasCatch = chance(r, 0.7);
      const hasFinally = !hasCatch || chance(r, 0.6);
      let s = `try {\n${block(g, 3)}\n}`;
      if (hasCatch)
        s += chance(r, 0.3)
          ? ` catch ({ message: m${id} }) {\nenv.log('c${id}', String(m${id}));\n${block(g, 2)}\n}`
          : ` catch (e${id}) {\nenv.log('c${id}', String(e${id}.message));\n${block(g, 2)}\n}`;
      if (hasFinally) {
        const wasIn = g.inFinally;
        g.inFinally = true;
        s += ` finally {\nenv.log('f${id}');\n${block(g, 2)}\n}`;
        g.inFinally = wasIn;
      }
      out = s;
    }
  }
  g.depth--;
  return out;
}

/** A program's source, from a seed; every fourth program is TypeScript. */
export function generateProgram(seed: number): { source: string; ts: boolean } {
  const ts = seed % 4 === 0;
  const mk = (allowDelegate: boolean, budget: number): GenState => ({ rng: new Rng(seed), ids: 0, depth: 0, budget, vars: [], loops: [], inFinally: false, allowDelegate, labels: 0, blocks: [], ts });
  const gs = mk(false, 8);
  const subBody = `let p2 = p;\n${block({ ...gs, vars: ['p2'] }, 3, false)}\nreturn p2;`;
  const gm = mk(true, 22);
  gm.rng = new Rng(seed * 7 + 1);
  gm.vars = ['a'];
  const mainBody = `let a = env.n();\n${block(gm, 6, false)}\nreturn a;`;
  const params = ts ? ['p: number, env: any', 'this: void, env: any'] : ['p, env', 'env'];
  const source = [
    `import { coroutine } from 'tickflow/tasks';`,
    `const sub = coroutine(function* sub(${params[0]}) {\n${subBody}\n});`,
    `const main = coroutine(function* main(${params[1]}) {\n${mainBody}\n});`,
    `__out.main = main;`,
  ].join('\n');
  return { source, ts };
}

/** Load a program's module: compiled by the async builder, or as written. */
export function loadProgram(program: { source: string; ts: boolean }, compiled: boolean): { main: CoroutineDef; warnings: string[] } {
  const m = loadModule(program.source, compiled, program.ts ? 'program.ts' : 'program.js');
  return { main: m.out.main!, warnings: m.warnings.map((w) => w.message) };
}

/** How to interfere with a run: throw into it at a step, cancel it at a step. */
export interface Injection {
  throwAt: number;
  cancelAt: number;
}

/**
 * Step `main` the way the runner does (next / throw / return) and record every
 * side effect, yield and the outcome.
 */
export function runProgram(main: CoroutineDef, seed: number, inj: Injection): string[] {
  const env = new Env(seed);
  const inst = main.create(env) as CoroutineMachine | Generator;
  const isGen = typeof (inst as Generator).next === 'function' && typeof (inst as CoroutineMachine).step !== 'function';
  const step = (mode: number, input: unknown): { done: boolean; value: unknown } => {
    if (isGen) {
      const g = inst as Generator;
      const r = mode === StepMode.Next ? g.next(input) : mode === StepMode.Throw ? g.throw(input) : g.return(undefined);
      return { done: r.done === true, value: r.value };
    }
    const m = inst as CoroutineMachine;
    const out = m.step(mode as StepMode, input);
    return out === DONE ? { done: true, value: m.result } : { done: false, value: out };
  };
  let mode: number = StepMode.Next;
  let input: unknown = undefined;
  let cancelled = false;
  for (let i = 0; i < 400; i++) {
    let r: { done: boolean; value: unknown };
    try {
      r = step(mode, input);
    } catch (e) {
      env.trace.push(`threw ${(e as Error).message}`);
      return env.trace;
    }
    if (r.done) {
      env.trace.push(`${cancelled ? 'cancelled' : 'returned'} ${String(r.value)}`);
      return env.trace;
    }
    env.trace.push(`yield ${String(r.value)}`);
    if (i + 1 === inj.cancelAt && !cancelled) {
      cancelled = true;
      mode = StepMode.Return;
      input = undefined;
    } else if (i + 1 === inj.throwAt && !cancelled) {
      mode = StepMode.Throw;
      input = new Error(`injected${i}`);
    } else {
      mode = StepMode.Next;
      input = i * 10;
    }
  }
  env.trace.push('step limit');
  return env.trace;
}
