import { describe, it, expect } from 'vitest';
import { mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { sceneTemplate } from '../../src/cli/sceneTemplate.ts';

// Every fenced block of README.md and docs/*.md opened with ```ts example (the marker
// docs/architecture.md documents) is type-checked against src/ as it is now. A block
// may name its file (```ts example scenes/drift/jobs.ts) so that blocks of one scene
// import each other; the others get a file of their own. Each doc gets a folder below
// the scratch root, with `src` linked to the repo's, so `../../src/...` imports of a
// scene folder resolve as in scenes/; `tickflow/...` imports map to src/ through the
// package's own exports (a generated tsconfig `paths`).
const root = join(__dirname, '..', '..');
const scratch = join(root, '.docs-examples');
const FENCE = /^```ts example(?: +(\S+))?\n([\s\S]*?)^```$/gm;

interface Block {
  doc: string; // path from the repo root
  line: number; // 1-based line of the block's first code line
  file: string; // where it is written
}

function docs(): string[] {
  return ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
}

function extract(): Block[] {
  rmSync(scratch, { recursive: true, force: true });
  const blocks: Block[] = [];
  for (const doc of docs()) {
    const text = readFileSync(join(root, doc), 'utf8');
    const dir = join(scratch, doc.replace(/[/.]/g, '_'));
    for (const m of text.matchAll(FENCE)) {
      const line = text.slice(0, m.index).split('\n').length + 1;
      const file = join(dir, m[1] ?? `block-L${line}.ts`);
      const code = m[2]!;
      mkdirSync(dirname(file), { recursive: true });
      // A block without import or export is still a module (isolatedModules).
      writeFileSync(file, /^\s*(import|export)\b/m.test(code) ? code : `${code}export {};\n`);
      blocks.push({ doc, line, file });
    }
    if (blocks.some((b) => b.doc === doc)) symlinkSync(join(root, 'src'), join(dir, 'src'), 'dir');
  }
  // What `tickflow new` writes is an example too: the first code a user reads.
  for (const [name, code] of Object.entries(sceneTemplate('swarm'))) {
    const file = join(scratch, 'tickflow-new', 'swarm', name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, code);
    blocks.push({ doc: `tickflow new: ${name}`, line: 1, file });
  }
  return blocks;
}

/** `tickflow` and `tickflow/<sub>` as the package exports them, mapped to their sources. */
function packagePaths(): Record<string, string[]> {
  const exports = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).exports as Record<string, { types?: string }>;
  const paths: Record<string, string[]> = {};
  for (const [sub, target] of Object.entries(exports)) {
    if (typeof target !== 'object' || !target.types) continue;
    const src = target.types.replace(/^\.\/dist\//, './').replace(/\.d\.ts$/, '.ts');
    paths[sub === '.' ? 'tickflow' : `tickflow/${sub.slice(2)}`] = [join(root, src)];
  }
  return paths;
}

function typeCheck(blocks: Block[]): string[] {
  const config = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent({ ...config.config, include: [], files: [] }, ts.sys, root);
  const program = ts.createProgram(
    blocks.map((b) => b.file),
    { ...parsed.options, noEmit: true, paths: packagePaths() },
  );
  const byFile = new Map(blocks.map((b) => [b.file, b]));
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const msg = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    const block = d.file ? byFile.get(d.file.fileName) : undefined;
    if (!d.file || d.start === undefined) return `(no file): ${msg}`;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    if (!block) return `${relative(root, d.file.fileName)}:${line + 1}:${character + 1}: ${msg}`;
    return `${block.doc}:${block.line + line}:${character + 1}: ${msg}`;
  });
}

// Scene API v1 spellings, which fragments (unmarked blocks) must not show either.
const OLD_API = /\b(?:reads|writes):\s*\[\s*'|:\s*'(?:f32|f64|i8|i16|i32|u8|u16|u32)\[\]'|completeFields\(|checkAccess\(\s*'|run\(\) \{\}/;

describe('docs examples', () => {
  it('no code block shows the old API (access strings, string arg types, empty sync systems)', () => {
    const found: string[] = [];
    for (const doc of docs()) {
      const text = readFileSync(join(root, doc), 'utf8');
      for (const m of text.matchAll(/^```ts[^\n]*\n([\s\S]*?)^```$/gm)) {
        const first = text.slice(0, m.index).split('\n').length + 1;
        m[1]!.split('\n').forEach((l, i) => {
          if (OLD_API.test(l)) found.push(`${doc}:${first + i}: ${l.trim()}`);
        });
      }
    }
    expect(found).toEqual([]);
  });

  it('type-check as written (every ```ts example block of README.md and docs/*.md, and what tickflow new writes)', () => {
    const blocks = extract();
    // The README's scene example and the guide's scene are examples, whatever else is.
    expect(blocks.filter((b) => b.doc === 'README.md').length).toBeGreaterThanOrEqual(2);
    expect(blocks.filter((b) => b.doc === 'docs/scenes.md').length).toBeGreaterThanOrEqual(3);
    expect(blocks.filter((b) => b.doc.startsWith('tickflow new')).length).toBe(3);
    expect(typeCheck(blocks)).toEqual([]);
  }, 120_000);
});
