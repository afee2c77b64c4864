import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@babel/parser';

/**
 * Decides, through the import binding, whether a name a module imports is one of
 * the tasks module's own exports (`coroutine`, `nextFrame`): the specifier must
 * be the package's `tickflow/tasks`, or resolve to the real file of
 * `src/tasks/index.ts` or `src/tasks/coroutine.ts`, directly or through
 * re-exports (`export { coroutine } from …`, `export * from …`, import then
 * export) of the user's own modules. No path text is trusted: a user's helper in
 * `myTasks.ts` is the user's.
 */

/** Where an imported binding comes from, when it is the tasks module's. */
export interface TasksImport {
  /** The export's name in the tasks module. */
  name: string;
  /** A specifier, valid from the importing module, of a tasks module that carries the compiled code's runtime. */
  runtime: string;
}

interface ReExports {
  named: Map<string, { from: string; name: string }>;
  star: string[];
}

/** The real files of the tasks module (both carry the runtime helpers compiled code imports). */
const TASKS_DIR = fileURLToPath(new URL('../tasks/', import.meta.url));
/** `.ts` run from the sources, `.js` from the published package's dist/ (same layout). */
const OWN_EXT = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const TASKS_FILES = new Set(['index', 'coroutine'].map((f) => realOrSelf(join(TASKS_DIR, f + OWN_EXT))));
const TASKS_INDEX = realOrSelf(join(TASKS_DIR, 'index' + OWN_EXT));
const MAX_DEPTH = 8;

function realOrSelf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/** The file a relative or absolute specifier names, trying TypeScript's extension rules; null when none exists. */
function resolveFile(specifier: string, importer: string): string | null {
  if (!specifier.startsWith('.') && !isAbsolute(specifier)) return null;
  const base = resolve(dirname(importer), specifier.replace(/[?#].*$/, ''));
  const candidates = [base, base.replace(/\.([cm]?)js$/, '.$1ts'), `${base}.ts`, `${base}.tsx`, `${base}.js`, join(base, 'index.ts'), join(base, 'index.js')];
  for (const c of candidates) {
    if (existsSync(c) && statSync(c).isFile()) return realOrSelf(c);
  }
  return null;
}

/**
 * The resolver one transform uses: answers {@link resolve} per import, caching
 * what it learned about other files' re-exports for the transform's lifetime.
 *
 * @example
 * const r = new TasksModuleResolver(['tickflow/tasks']);
 * r.resolve('../../src/tasks/index.ts', '/abs/scenes/a/index.ts', 'coroutine'); // { name: 'coroutine', runtime: '../../src/tasks/index.ts' }
 */
export class TasksModuleResolver {
  /** Per file (and its modification time, so a dev server sees edits): its re-exports. */
  private readonly reexports = new Map<string, { mtime: number; info: ReExports | null }>();

  constructor(private readonly packageSpecifiers: readonly string[] = ['tickflow/tasks']) {}

  /** Whether `imported` from `specifier` (in `importer`) is the tasks module's export, and which. */
  resolve(specifier: string, importer: string, imported: string): TasksImport | null {
    if (this.packageSpecifiers.includes(specifier)) return { name: imported, runtime: specifier };
    const file = resolveFile(specifier, importer);
    if (!file) return null;
    if (TASKS_FILES.has(file)) return { name: imported, runtime: specifier };
    const name = this.follow(file, imported, 0);
    if (name === null) return null;
    let rel = relative(dirname(importer), TASKS_INDEX).split(sep).join('/');
    if (!rel.startsWith('.')) rel = `./${rel}`;
    return { name, runtime: rel };
  }

  /** Follow `name` exported by `file` to the tasks module; its name there, or null. */
  private follow(file: string, name: string, depth: number): string | null {
    if (TASKS_FILES.has(file)) return name;
    if (depth > MAX_DEPTH || file.includes(`${sep}node_modules${sep}`)) return null;
    const info = this.exportsOf(file);
    if (!info) return null;
    const hit = info.named.get(name);
    if (hit) {
      if (this.packageSpecifiers.includes(hit.from)) return hit.name;
      const next = resolveFile(hit.from, file);
      return next ? this.follow(next, hit.name, depth + 1) : null;
    }
    for (const from of info.star) {
      if (this.packageSpecifiers.includes(from)) return name;
      const next = resolveFile(from, file);
      const r = next ? this.follow(next, name, depth + 1) : null;
      if (r !== null) return r;
    }
    return null;
  }

  /** A module's re-exports: exported name → (specifier, name there), and `export *` specifiers. */
  private exportsOf(file: string): ReExports | null {
    const mtime = statSync(file).mtimeMs;
    const cached = this.reexports.get(file);
    if (cached && cached.mtime === mtime) return cached.info;
    let info: ReExports | null = null;
    try {
      const code = readFileSync(file, 'utf8');
      const ast = parse(code, { sourceType: 'module', plugins: /\.[cm]?tsx?$/.test(file) ? ['typescript', 'jsx'] : ['jsx'], errorRecovery: true });
      const imports = new Map<string, { from: string; name: string }>();
      info = { named: new Map(), star: [] };
      const nameOf = (n: { type: string; name?: string; value?: string }) => (n.type === 'Identifier' ? n.name! : n.value!);
      for (const s of ast.program.body) {
        if (s.type === 'ImportDeclaration' && s.importKind !== 'type')
          for (const sp of s.specifiers) if (sp.type === 'ImportSpecifier') imports.set(sp.local.name, { from: s.source.value, name: nameOf(sp.imported) });
        if (s.type === 'ExportAllDeclaration' && s.exportKind !== 'type') info.star.push(s.source.value);
        if (s.type === 'ExportNamedDeclaration' && s.exportKind !== 'type') {
          for (const sp of s.specifiers) {
            if (sp.type !== 'ExportSpecifier') continue;
            const local = nameOf(sp.local);
            const exported = nameOf(sp.exported);
            if (s.source) info.named.set(exported, { from: s.source.value, name: local });
            else if (imports.has(local)) info.named.set(exported, imports.get(local)!);
          }
        }
      }
    } catch {
      info = null;
    }
    this.reexports.set(file, { mtime, info });
    return info;
  }
}
