import { describe, it, expect } from 'vitest';
import { resolveParams, type ParamSchema } from '../../src/scene/Params.ts';
import { ParamError } from '../../src/scene/errors.ts';

const schema: ParamSchema = {
  count: { type: 'number', int: true, default: 10, min: 1, max: 100 },
  live: { type: 'boolean', default: false },
};

describe('resolveParams', () => {
  it('names every bad override in one error, in the order given, with the valid params once', () => {
    let err: unknown;
    try {
      resolveParams('demo', schema, { count: '1000', '8@e': 'x', live: 'maybe' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ParamError);
    const m = (err as Error).message;
    expect(m.startsWith('Scene "demo": param "count" got 1000, above the maximum 100.')).toBe(true);
    const at = ['"count"', 'unknown param "8@e"', 'param "live"', 'Valid params:'].map((s) => m.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(m.split('Valid params:')).toHaveLength(2);
  });

  it('keeps the single-problem message as it was', () => {
    expect(() => resolveParams('demo', schema, { nope: 1 })).toThrow('Scene "demo": unknown param "nope". Valid params: count=<integer 1..100> (default 10); live=');
    expect(resolveParams('demo', schema, { count: '7' })).toEqual({ count: 7, live: false });
  });
});
