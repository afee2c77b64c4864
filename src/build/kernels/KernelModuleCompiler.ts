/**
 * Compiles the `defineJob` kernels of one module into one WebAssembly module
 * (binaryen builds and optimises it). Each compiled job is an export
 * `(start, end, ptr0, len0, …, scalar…) -> i32` over an imported memory: 0 when
 * it ran, 1 when a scalar arg was not of its declared type (the caller then runs
 * the JS kernel, so results never depend on the path). A job whose kernel leaves
 * the subset keeps its JS kernel and yields a file:line:column warning.
 */
import binaryen from 'binaryen';
import { parse } from '@babel/parser';
import type * as t from '@babel/types';
import { argType, type ArgType } from './argTypes.ts';
import { F64, intKind, type Kind } from './Kind.ts';
import { wasmType } from './wasmOps.ts';
import { FunctionCompiler, type ArrayRef, type CompileHost, type HelperArg, type ParamSpec } from './FunctionCompiler.ts';
import { scanModule, unwrapTs, type ModuleName, type ModuleReader, type ModuleScope } from './ModuleScope.ts';
import { UnsupportedKernelConstruct, kernelFallback } from './errors.ts';
import { addExp } from './ieee754Exp.ts';
import { addFastExp, addFastExpX4 } from './fastExp.ts';
import type { KernelMode } from './KernelMode.ts';
import type { BuildWarning } from '../errors.ts';

/** One compiled job of a module. */
export interface CompiledJob {
  readonly name: string;
  readonly exportName: string;
  readonly mode: KernelMode;
  /** Declared args in order, with their types. */
  readonly args: readonly { readonly name: string; readonly type: ArgType }[];
}

/** What {@link compileKernels} produces. */
export interface KernelModule {
  /** The module for a shared memory (null when no job compiled). */
  readonly wasm: Uint8Array | null;
  /** The same module for a non-shared memory (no cross-origin isolation). */
  readonly wasmUnshared: Uint8Array | null;
  readonly jobs: readonly CompiledJob[];
  /** Assert messages by table index: a defineMessage template (isId) or a plain string. */
  readonly messages: readonly { readonly text: string; readonly isId: boolean }[];
  /** Host functions the module imports from `math`, in no particular order (`fmod` and Math.* names). */
  readonly hostImports: readonly string[];
  readonly warnings: readonly BuildWarning[];
}

/** Options of {@link compileKernels}. */
export interface KernelCompileOptions {
  /** Reads relatively imported modules (for helpers defined there); without it, such helpers are not compiled. */
  readModule?: ModuleReader;
  /** Mode of every job that does not choose one (`floatMode: 'fast'` in its spec). Default exact. */
  mode?: KernelMode;
  /** binaryen's optimise level (default 3; 0 skips the optimiser). */
  optimize?: number;
  /** Also build the module for a non-shared memory (default true; tests in Node skip it). */
  unshared?: boolean;
}

const MEMORY = 'mem';
/**
 * The range an `i32` scalar arg is compiled for: sizes, counts and strides,
 * non-negative (so `i * D` can never be JS's -0) and small enough that a product
 * with an index (< 2^31) stays an exact i64 (< 2^53): index arithmetic like
 * `i * D + k` never falls back to doubles. A call with a value outside runs the
 * JS kernel (checked at entry, before any effect), so results do not change.
 */
const SCALAR_I32 = intKind(0, 2 ** 21);
const HOST: Record<string, { params: number[]; result: number; base: string; module: string }> = {
  $oob: { params: [binaryen.i32, binaryen.i32], result: binaryen.none, base: 'oob', module: 'kernel' },
  $fail: { params: [binaryen.i32, binaryen.f64, binaryen.i32, binaryen.f64, binaryen.f64, binaryen.f64, binaryen.f64, binaryen.i32, binaryen.i32], result: binaryen.none, base: 'fail', module: 'kernel' },
  $fmod: { params: [binaryen.f64, binaryen.f64], result: binaryen.f64, base: 'fmod', module: 'math' },
};

/**
 * Compile the kernels of a module's source.
 *
 * @example
 * const out = compileKernels(code, '/scenes/particles/jobs.ts', { readModule });
 * out.jobs[0].exportName // 'job0'
 */
export function compileKernels(code: string, file: string, options: KernelCompileOptions = {}): KernelModule {
  const ast = parse(code, { sourceType: 'module', sourceFilename: file, plugins: /\.[cm]?tsx?$/.test(file) ? ['typescript'] : [] });
  const scope = scanModule(ast, file);
  const warnings: BuildWarning[] = [];
  const build = (shared: boolean) => buildModule(ast, scope, file, options, shared, warnings);
  const a = build(true);
  if (!a.binary) return { wasm: null, wasmUnshared: null, jobs: [], messages: [], hostImports: [], warnings };
  const b = options.unshared === false ? null : buildModule(ast, scope, file, options, false, []).binary;
  return { wasm: a.binary, wasmUnshared: b, jobs: a.jobs, messages: a.messages, hostImports: a.hostImports, warnings };
}

interface JobSite {
  name: string;
  args: { name: string; type: ArgType }[];
  kernel: t.Function;
  mode: KernelMode;
  at: t.Node;
}

/** The defineJob calls of a module with literal names, args and kernels. */
function findJobs(ast: t.File, defaultMode: KernelMode, file: string, warnings: BuildWarning[]): JobSite[] {
  const out: JobSite[] = [];
  const visit = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    const o = n as t.Node;
    if (o.type === 'CallExpression' && o.callee.type === 'Identifier' && o.callee.name === 'defineJob' && o.arguments[0]?.type === 'ObjectExpression') {
      const site = jobSite(o.arguments[0], defaultMode, file, warnings);
      if (site) out.push(site);
      return;
    }
    for (const k of Object.keys(o)) {
      if (k === 'loc' || k === 'leadingComments' || k === 'trailingComments') continue;
      const v = (o as unknown as Record<string, unknown>)[k];
      if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === 'object' && 'type' in v) visit(v);
    }
  };
  visit(ast.program);
  return out;
}

function jobSite(spec: t.ObjectExpression, defaultMode: KernelMode, file: string, warnings: BuildWarning[]): JobSite | null {
  let name: string | null = null;
  let args: JobSite['args'] | null = null;
  let kernel: t.Function | null = null;
  let mode = defaultMode;
  const warn = (what: string, at: t.Node) =>
    warnings.push(kernelFallback({ file, line: at.loc?.start.line ?? 0, column: (at.loc?.start.column ?? 0) + 1 }, name ?? '?', what, 'Write the job name and args as literals.'));
  for (const p of spec.properties) {
    if (p.type === 'SpreadElement' || p.computed || p.key.type !== 'Identifier') continue;
    const key = p.key.name;
    if (p.type === 'ObjectMethod') {
      if (key === 'kernel') kernel = p;
      continue;
    }
    const v = unwrapTs(p.value as t.Expression);
    if (key === 'name' && v.type === 'StringLiteral') name = v.value;
    if (key === 'floatMode' && v.type === 'StringLiteral' && (v.value === 'fast' || v.value === 'exact')) mode = v.value;
    if (key === 'kernel' && (v.type === 'FunctionExpression' || v.type === 'ArrowFunctionExpression')) kernel = v;
    if (key === 'args' && v.type === 'ObjectExpression') {
      args = [];
      for (const a of v.properties) {
        const key = a.type === 'ObjectProperty' && !a.computed ? (a.key.type === 'Identifier' ? a.key.name : a.key.type === 'StringLiteral' ? a.key.value : null) : null;
        if (a.type !== 'ObjectProperty' || key === null) return warn('an args entry that is not `name: read.f32` (or write.…, f64, i32, u32)', a), null;
        const tv = unwrapTs(a.value as t.Expression);
        const ty = argType(declText(tv));
        if (!ty) return warn(`arg "${key}" whose type is not a literal the compiler knows`, a), null;
        args.push({ name: key, type: ty });
      }
    }
  }
  if (!name || !args || !kernel) return null;
  return { name, args, kernel, mode, at: spec };
}

function buildModule(ast: t.File, scope: ModuleScope, file: string, options: KernelCompileOptions, shared: boolean, warnings: BuildWarning[]) {
  const mod = new binaryen.Module();
  mod.setFeatures(binaryen.Features.MVP | binaryen.Features.NontrappingFPToInt | binaryen.Features.SignExt | binaryen.Features.SIMD128 | binaryen.Features.BulkMemory | binaryen.Features.Atomics | binaryen.Features.MutableGlobals);
  mod.setMemory(1, 65536, null, [], shared, false, MEMORY);
  mod.addMemoryImport(MEMORY, 'env', 'memory', shared);
  const messages: { text: string; isId: boolean }[] = [];
  const hostImports = new Set<string>();
  const helpers = new Map<string, { name: string; result: Kind | null } | 'compiling'>();
  const scopes = new Map<string, ModuleScope>([[file, scope]]);
  const ported = new Map<string, string>();
  let mode: KernelMode = 'exact';
  const host: CompileHost = {
    mod,
    get mode() {
      return mode;
    },
    helper(h, hargs, at) {
      const key = `${mode}:${h.scope.file}#${h.name}(${hargs.map((a) => (a.t === 'arr' ? a.elem + '[]' : `${a.kind.repr}`)).join(',')})`;
      const known = helpers.get(key);
      if (known === 'compiling') throw new UnsupportedKernelConstruct(`a recursive call of "${h.name}"`, at.loc?.start.line ?? 0, (at.loc?.start.column ?? 0) + 1);
      if (known) return known;
      helpers.set(key, 'compiling');
      try {
        const r = compileHelper(host, h, hargs, `h${helpers.size}_${h.name}`, at);
        helpers.set(key, r);
        return r;
      } catch (e) {
        helpers.delete(key);
        throw e;
      }
    },
    resolveImport(from, imp, at) {
      const target = options.readModule?.(from.file, imp.from);
      const fail = () => new UnsupportedKernelConstruct(`"${imp.imported}" imported from "${imp.from}", which the compiler cannot read`, at.loc?.start.line ?? 0, (at.loc?.start.column ?? 0) + 1);
      if (!target) throw fail();
      let s = scopes.get(target.file);
      if (!s) {
        s = scanModule(parse(target.code, { sourceType: 'module', sourceFilename: target.file, plugins: /\.[cm]?tsx?$/.test(target.file) ? ['typescript'] : [] }), target.file);
        scopes.set(target.file, s);
      }
      const n = s.lookup(imp.imported);
      if (!n) throw fail();
      return n.t === 'import' ? host.resolveImport(s, n, at) : n;
    },
    message(text, isId) {
      let i = messages.findIndex((x) => x.text === text && x.isId === isId);
      if (i < 0) i = messages.push({ text, isId }) - 1;
      return i;
    },
    hostMath(name, arity) {
      const internal = name.startsWith('$') ? name : `$math_${name}_${arity}`;
      if (!hostImports.has(internal)) {
        hostImports.add(internal);
        const h = HOST[internal];
        if (h) mod.addFunctionImport(internal, h.module, h.base, binaryen.createType(h.params), h.result);
        else mod.addFunctionImport(internal, 'math', arity === 1 || name === 'hypot' ? name : name, binaryen.createType(new Array(arity).fill(binaryen.f64)), binaryen.f64);
      }
      return internal;
    },
    portedMath(name) {
      const add = name === 'exp' ? addExp : name === 'expf' ? addFastExp : name === 'expf4' ? addFastExpX4 : null;
      if (!add) return null;
      if (!ported.has(name)) ported.set(name, add(mod));
      return ported.get(name)!;
    },
  };
  const jobs: CompiledJob[] = [];
  for (const site of findJobs(ast, options.mode ?? 'exact', file, warnings)) {
    mode = site.mode;
    const exportName = `job${jobs.length}`;
    try {
      compileKernel(host, site, scope, exportName);
      jobs.push({ name: site.name, exportName, mode: site.mode, args: site.args });
    } catch (e) {
      if (!(e instanceof UnsupportedKernelConstruct)) throw e;
      warnings.push(kernelFallback({ file, line: e.line, column: e.column }, site.name, e.construct, e.advice));
    }
  }
  if (jobs.length === 0) {
    mod.dispose();
    return { binary: null, jobs, messages, hostImports: [] };
  }
  if (!mod.validate()) throw new Error(`kernel compiler: the module built for ${file} does not validate (a compiler bug)`);
  if ((options.optimize ?? 3) > 0) {
    binaryen.setOptimizeLevel(options.optimize ?? 3);
    binaryen.setShrinkLevel(0);
    mod.optimize();
  }
  const binary = mod.emitBinary();
  mod.dispose();
  return { binary, jobs, messages, hostImports: [...hostImports].filter((n) => n !== '$oob' && n !== '$fail').map((n) => (n === '$fmod' ? 'fmod' : n.replace(/^\$math_(\w+)_\d+$/, '$1'))) };
}

/** The inner kernel function and its exported entry, which checks the scalars' declared types. */
function compileKernel(host: CompileHost, site: JobSite, scope: ModuleScope, exportName: string): void {
  const m = host.mod;
  const fn = site.kernel;
  const entryParams: number[] = [binaryen.i32, binaryen.i32];
  const innerParams: number[] = [binaryen.i32, binaryen.i32];
  const fields = new Map<string, { t: 'num'; kind: Kind; local: number } | { t: 'arr'; ref: ArrayRef }>();
  const kinds: Kind[] = [];
  for (const a of site.args) {
    if (a.type.array) {
      const ptr = innerParams.length;
      innerParams.push(binaryen.i32, binaryen.i32);
      entryParams.push(binaryen.i32, binaryen.i32);
      fields.set(a.name, { t: 'arr', ref: { ptr, len: ptr + 1, elem: a.type.elem } });
    } else {
      const k = a.type.scalar === 'f64' ? (host.mode === 'fast' ? { repr: 'f32' as const, lo: -Infinity, hi: Infinity } : F64) : a.type.scalar === 'i32' ? SCALAR_I32 : intKind(0, 4294967295);
      kinds.push(k);
      fields.set(a.name, { t: 'num', kind: k, local: innerParams.length });
      innerParams.push(wasmType(k));
      entryParams.push(binaryen.f64);
    }
  }
  const params: ParamSpec[] = [];
  const ps = fn.params;
  const INDEX = intKind(0, 2147483647);
  const idName = (p: t.Node | undefined, i: number) => (p && p.type === 'Identifier' ? p.name : `$p${i}`);
  params.push({ t: 'num', name: idName(ps[0], 0), kind: INDEX, local: 0 }, { t: 'num', name: idName(ps[1], 1), kind: INDEX, local: 1 });
  const a2 = ps[2];
  if (a2 && a2.type !== 'Identifier' && a2.type !== 'ObjectPattern') throw new UnsupportedKernelConstruct('a kernel args parameter that is not a name or `{ … }`', a2.loc?.start.line ?? 0, (a2.loc?.start.column ?? 0) + 1);
  params.push({ t: 'args', name: a2 && a2.type === 'Identifier' ? a2.name : null, fields, ...(a2 && a2.type === 'ObjectPattern' ? { pattern: a2 } : {}) });
  if (ps.length > 3) throw new UnsupportedKernelConstruct('a kernel with more than (start, end, args)', ps[3]!.loc?.start.line ?? 0, 1);
  const inner = new FunctionCompiler(host, fn, scope, params, innerParams, true).compile();
  const innerName = `${exportName}_body`;
  m.addFunction(innerName, binaryen.createType(innerParams), binaryen.i32, inner.vars, inner.body);
  // Entry: start/end must be indices; each i32/u32 scalar must hold exactly such an integer (else run JS).
  const ops: number[] = [];
  const checks: number[] = [m.i32.lt_s(m.local.get(0, binaryen.i32), m.i32.const(0)), m.i32.lt_s(m.local.get(1, binaryen.i32), m.i32.const(0))];
  let ep = 2;
  ops.push(m.local.get(0, binaryen.i32), m.local.get(1, binaryen.i32));
  let si = 0;
  for (const a of site.args) {
    if (a.type.array) {
      ops.push(m.local.get(ep, binaryen.i32), m.local.get(ep + 1, binaryen.i32));
      ep += 2;
      continue;
    }
    const k = kinds[si++]!;
    const v = () => m.local.get(ep, binaryen.f64);
    if (k.repr === 'i32') {
      ops.push(m.i32.trunc_s_sat.f64(v()));
      checks.push(m.i64.ne(m.i64.reinterpret(m.f64.convert_s.i32(m.i32.trunc_s_sat.f64(v()))), m.i64.reinterpret(v())));
      checks.push(m.i32.gt_u(m.i32.add(m.i32.trunc_s_sat.f64(v()), m.i32.const(-k.lo)), m.i32.const(k.hi - k.lo)));
    } else if (k.repr === 'i64') {
      ops.push(m.i64.trunc_s_sat.f64(v()));
      checks.push(m.i64.ne(m.i64.reinterpret(m.f64.convert_u.i32(m.i32.trunc_u_sat.f64(v()))), m.i64.reinterpret(v())));
    } else ops.push(k.repr === 'f32' ? m.f32.demote(v()) : v());
    ep++;
  }
  const bad = checks.reduce((acc, c) => m.i32.or(acc, c));
  const body = m.if(bad, m.i32.const(1), m.call(innerName, ops, binaryen.i32));
  m.addFunction(exportName, binaryen.createType(entryParams), binaryen.i32, [], body);
  m.addFunctionExport(exportName, exportName);
}

function compileHelper(host: CompileHost, h: Extract<ModuleName, { t: 'helper' }>, hargs: readonly HelperArg[], name: string, at: t.Node): { name: string; result: Kind | null } {
  const fn = h.fn;
  if (fn.params.length !== hargs.length)
    throw new UnsupportedKernelConstruct(`a call of "${h.name}" with ${hargs.length} arguments for ${fn.params.length} parameters`, at.loc?.start.line ?? 0, (at.loc?.start.column ?? 0) + 1);
  const types: number[] = [];
  const params: ParamSpec[] = fn.params.map((p, i) => {
    if (p.type !== 'Identifier') throw new UnsupportedKernelConstruct('a helper parameter that is not a plain name', p.loc?.start.line ?? 0, (p.loc?.start.column ?? 0) + 1);
    const a = hargs[i]!;
    if (a.t === 'arr') {
      const ptr = types.length;
      types.push(binaryen.i32, binaryen.i32);
      return { t: 'arr', name: p.name, ref: { ptr, len: ptr + 1, elem: a.elem } };
    }
    const local = types.length;
    types.push(wasmType(a.kind));
    return { t: 'num', name: p.name, kind: a.kind, local };
  });
  const out = new FunctionCompiler(host, fn, h.scope, params, types, false).compile();
  host.mod.addFunction(name, binaryen.createType(types), out.result ? wasmType(out.result) : binaryen.none, out.vars, out.body);
  return { name, result: out.result };
}

/** The source spelling of an arg declaration (`read.f32`, `f64`), or '' for anything else. */
function declText(e: t.Expression): string {
  if (e.type === 'Identifier') return e.name;
  if (e.type === 'MemberExpression' && !e.computed && e.object.type === 'Identifier' && e.property.type === 'Identifier') return `${e.object.name}.${e.property.name}`;
  return '';
}
