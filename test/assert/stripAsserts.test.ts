import { describe, it, expect } from 'vitest';
import { build } from 'vite';
import { resolve } from 'node:path';
import { stripAsserts } from '../../src/assert/stripAsserts.ts';
import { tickflowAsserts } from '../../src/assert/vitePlugin.ts';

describe('stripAsserts', () => {
  it('blanks assert statements, keeping every position', () => {
    const src = [
      "import { assert, assertRange as inRange } from 'tickflow/assert';",
      'export function f(x: number) {',
      "  assert(x > 0, 'x={0}', x);",
      '  if (x > 5) inRange(x, 0,',
      "    10, 'multi-line');",
      '  return x;',
      '}',
    ].join('\n');
    const out = stripAsserts(src, 'f.ts')!;
    expect(out.length).toBe(src.length);
    expect(out.split('\n').length).toBe(7);
    expect(out).not.toMatch(/x=\{0\}|multi-line|inRange\(/);
    expect(out.split('\n')[2]).toMatch(/^ {2};\s*$/);
    expect(out.split('\n')[3]).toMatch(/^ {2}if \(x > 5\) ;\s*$/);
    expect(out.indexOf('return x;')).toBe(src.indexOf('return x;'));
  });

  it('turns defineMessage texts into -1 and leaves other calls alone', () => {
    const src = [
      "import { defineMessage, assert } from '../src/assert/index.ts';",
      "import { check } from './other.ts';",
      "const M = defineMessage('SECRET');",
      "check(false, 'kept');",
      'assert(false, M);',
    ].join('\n');
    const out = stripAsserts(src, 'k.ts')!;
    expect(out).toMatch(/const M = -1\s+;/);
    expect(out).toContain("check(false, 'kept');");
    expect(out).not.toContain('SECRET');
  });

  it('returns null for a module that does not import the asserts', () => {
    expect(stripAsserts("function assert(c) {}\nassert(false, 'local');", 'x.js')).toBeNull();
    expect(stripAsserts('const a = 1;', 'x.ts')).toBeNull();
  });
});

describe('production bundle', () => {
  it('contains no assert call and none of the message strings', async () => {
    const fixture = resolve(__dirname, 'fixtures/checked.ts');
    const build1 = async (mode: string) => {
      const out = (await build({
        configFile: false,
        logLevel: 'silent',
        mode,
        plugins: [tickflowAsserts()],
        build: { write: false, minify: false, lib: { entry: fixture, formats: ['es'], fileName: 'checked' } },
      })) as { output: { type: string; code?: string }[] }[];
      return out[0]!.output.filter((o) => o.type === 'chunk').map((o) => o.code).join('\n');
    };
    const dev = await build1('development');
    expect(dev).toContain('SECRET-MSG-negative');
    const prod = await build1('production');
    expect(prod).not.toContain('SECRET-MSG');
    expect(prod).not.toMatch(/\bassert(Range)?\(/);
    expect(prod).toMatch(/x \* 2/);
  });
});
