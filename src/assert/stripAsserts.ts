import { parseAst } from 'rolldown/parseAst';

/** The assert functions a release build removes, by exported name. */
export const ASSERT_FUNCTIONS: ReadonlySet<string> = new Set([
  'assert',
  'assertEntity',
  'assertRange',
  'assertIndex',
  'assertFinite',
  'assertEqual',
  'assertClose',
]);

/** Import sources that provide the asserts: the public subpath and the source files. */
const ASSERT_SOURCE = /(^tickflow\/assert$)|(\/assert(\/index|\/assert)?(\.ts|\.js)?$)/;

interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

/**
 * Remove assert calls from a module's source, for release builds: every statement
 * that is a call to an assert function imported from tickflow's assert module is
 * blanked, condition and message included, and every `defineMessage('…')` call
 * becomes `-1`, so no message text survives in the bundle. Blanking keeps every
 * character's line and column (the statement becomes `;` plus spaces), so
 * positions and existing source maps stay valid. Returns null when nothing changed.
 *
 * @example
 * stripAsserts(`import { assert } from 'tickflow/assert'; assert(x > 0, 'x={0}', x);`, 'a.ts')
 * // "import { assert } from 'tickflow/assert'; ;                       "
 */
export function stripAsserts(code: string, id: string): string | null {
  if (!code.includes('assert')) return null;
  const lang = /\.tsx$/.test(id) ? 'tsx' : /\.jsx$/.test(id) ? 'jsx' : /\.m?js$/.test(id) ? 'js' : 'ts';
  let program: Node;
  try {
    program = parseAst(code, { lang }, id) as unknown as Node;
  } catch {
    return null; // not ours to judge: the real compiler reports syntax errors
  }
  const asserts = new Set<string>();
  const definers = new Set<string>();
  for (const stmt of program.body as Node[]) {
    if (stmt.type !== 'ImportDeclaration' || !ASSERT_SOURCE.test((stmt.source as { value: string }).value)) continue;
    for (const spec of stmt.specifiers as Node[]) {
      if (spec.type !== 'ImportSpecifier') continue;
      const imported = (spec.imported as { name?: string; value?: string }).name ?? (spec.imported as { value: string }).value;
      const local = (spec.local as { name: string }).name;
      if (ASSERT_FUNCTIONS.has(imported)) asserts.add(local);
      if (imported === 'defineMessage') definers.add(local);
    }
  }
  if (asserts.size === 0 && definers.size === 0) return null;
  const edits: [number, number, string][] = [];
  walk(program, (node) => {
    if (node.type === 'ExpressionStatement' && isCallTo(node.expression as Node, asserts)) {
      edits.push([node.start, node.end, ';']);
      return false;
    }
    if (node.type === 'CallExpression' && isCallTo(node, definers)) {
      edits.push([node.start, node.end, '-1']);
      return false;
    }
    return true;
  });
  if (edits.length === 0) return null;
  edits.sort((a, b) => b[0] - a[0]);
  let out = code;
  for (const [start, end, text] of edits) out = out.slice(0, start) + blank(out.slice(start, end), text) + out.slice(end);
  return out;
}

function isCallTo(node: Node | undefined, names: Set<string>): boolean {
  return !!node && node.type === 'CallExpression' && (node.callee as Node).type === 'Identifier' && names.has((node.callee as { name: string }).name);
}

/** `text` padded with spaces to the replaced span's shape, newlines kept. */
function blank(span: string, text: string): string {
  let out = text;
  for (let i = text.length; i < span.length; i++) out += span[i] === '\n' ? '\n' : span[i] === '\r' ? '\r' : ' ';
  return out;
}

/** Depth-first over ESTree nodes; the visitor returns false to skip a node's children. */
function walk(node: Node, visit: (n: Node) => boolean): void {
  if (!visit(node)) return;
  for (const key in node) {
    const v = node[key];
    if (Array.isArray(v)) {
      for (const c of v) if (c && typeof c === 'object' && typeof (c as Node).type === 'string') walk(c as Node, visit);
    } else if (v && typeof v === 'object' && typeof (v as Node).type === 'string') walk(v as Node, visit);
  }
}
