import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import {
  assert,
  assertEntity,
  assertRange,
  assertIndex,
  assertFinite,
  assertEqual,
  assertClose,
  defineMessage,
  formatMessage,
  messageTemplate,
  AssertionError,
  UnknownMessageError,
} from '../../src/assert/index.ts';
import { settledBytes } from '../helpers/settledBytes.ts';
import { withAssert } from '../../bench/fixtures/assertLoops.ts';

function caught(fn: () => void): AssertionError {
  try {
    fn();
  } catch (e) {
    return e as AssertionError;
  }
  throw new Error('expected a throw');
}

describe('assert', () => {
  it('formats indexed and sequential placeholders only on failure', () => {
    expect(formatMessage('x={0} not in [{1}, {2})', [5, 0, 4])).toBe('x=5 not in [0, 4)');
    expect(formatMessage('{} and {}', ['a', 1.23456789])).toBe('a and 1.23457');
    expect(formatMessage('missing {3}', [1])).toBe('missing {3}');
    const err = caught(() => assert(false, 'index {0} out of range [0, {1})', 7, 5));
    expect(err).toBeInstanceOf(AssertionError);
    expect(err.message).toMatch(/^index 7 out of range \[0, 5\) \(at .*assert\.test\.ts:\d+:\d+\)$/);
    expect(err.args).toEqual([7, 5]);
    expect(err.template).toBe('index {0} out of range [0, {1})');
  });

  it('reports the source line of the failing call', () => {
    const [err, here] = [caught(() => assert(1 > 2, 'never')), new Error()]; // both on this line
    const line = Number(/assert\.test\.ts:(\d+):/.exec(here.stack!)![1]);
    expect(err.location?.file).toMatch(/test\/assert\/assert\.test\.ts$/);
    expect(err.location?.line).toBe(line);
    expect(err.location?.column).toBeGreaterThan(0);
  });

  it('passes silently and returns nothing when the condition holds', () => {
    expect(() => assert(true, 'never {0}', 1)).not.toThrow();
    expect(() => assertRange(0.5, 0, 1)).not.toThrow();
    expect(() => assertIndex(0, 1)).not.toThrow();
  });

  it('has typed helpers with useful default messages', () => {
    expect(caught(() => assertRange(1.5, 0, 1)).message).toMatch(/^value 1.5 is outside \[0, 1\]/);
    expect(caught(() => assertIndex(3, 3)).message).toMatch(/^index 3 is outside \[0, 3\)/);
    expect(caught(() => assertIndex(1.5, 3)).message).toMatch(/^index 1.5 is outside/);
    expect(caught(() => assertFinite(Number.NaN, 'vx is {0}')).message).toMatch(/^vx is NaN/);
    expect(caught(() => assertEqual(2, 3)).message).toMatch(/^expected 3, got 2/);
    expect(caught(() => assertClose(1.1, 1, 0.01)).message).toMatch(/^expected 1 ± 0.01, got 1.1/);
  });

  it('names the entity with assertEntity', () => {
    const err = caught(() => assertEntity(42, false, 'entity {e} has x={0}', Infinity));
    expect(err.message).toMatch(/^entity 42 has x=Infinity/);
    expect(err.entity).toBe(42);
  });

  it('resolves message ids registered with defineMessage', () => {
    const id = defineMessage('cell {0} overflows at {1}');
    expect(defineMessage('cell {0} overflows at {1}')).toBe(id);
    expect(messageTemplate(id)).toBe('cell {0} overflows at {1}');
    const err = caught(() => assert(false, id, 3, 99));
    expect(err.message).toMatch(/^cell 3 overflows at 99/);
    expect(err.messageId).toBe(id);
    expect(() => messageTemplate(1e6)).toThrow(UnknownMessageError);
  });

  it('allocates nothing on the success path (measured, GC-free window)', async () => {
    const a = new Float64Array(1024);
    for (let i = 0; i < a.length; i++) a[i] = i * 0.5;
    // The loop the assert bench times: a passing assert with three numeric args per element.
    const out = new Float64Array(1);
    const bytes = await settledBytes(
      () => withAssert(a, out),
      { iterations: 2_000, warmup: 2_000, opsPerCall: 1024 },
      10,
      0.01,
    );
    expect(out[0]).toBeGreaterThan(0);
    expect(bytes).toBeLessThan(0.01);
  });
});

describe('release mode in Node', () => {
  it('runs the fixture with asserts in development and without them in release', () => {
    const dev = spawnSync(process.execPath, ['--import', 'tsx', 'test/assert/fixtures/checked.ts'], { encoding: 'utf8' });
    expect(dev.status).not.toBe(0);
    expect(dev.stderr).toMatch(/AssertionError: SECRET-MSG-negative value -1 \(at .*checked\.ts:7:3\)/);
    const rel = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--import', './src/assert/registerRelease.ts', 'test/assert/fixtures/checked.ts'],
      { encoding: 'utf8' },
    );
    expect(rel.stderr).toBe('');
    expect(rel.status).toBe(0);
    expect(rel.stdout.trim()).toBe('-2');
  });
});

describe('message ids', () => {
  it('are a function of the text, so another thread loading modules in another order agrees', () => {
    const a = defineMessage('order test A {0}');
    const b = defineMessage('order test B {0}');
    // A fresh process registers the same texts in the opposite order, as a worker might.
    const code = "import('./src/assert/messages.ts').then((m) => { const b = m.defineMessage('order test B {0}'); const a = m.defineMessage('order test A {0}'); console.log(JSON.stringify([a, b])); })";
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', code], { encoding: 'utf8' });
    expect(JSON.parse(r.stdout)).toEqual([a, b]);
    expect(a).not.toBe(b);
  });
});
