import { describe, it, expect } from 'vitest';
import { NodeThreadHost } from '../../src/jobs/NodeThreadHost.ts';
import { JobHostOptionsError } from '../../src/jobs/errors.ts';

describe('thread host options', () => {
  it.each([0, -1, 1.5, 64, Number.NaN])('NodeThreadHost({ workers: %s }) throws a JobHostOptionsError that says how to run without threads', (workers) => {
    expect(() => new NodeThreadHost({ workers })).toThrow(JobHostOptionsError);
    expect(() => new NodeThreadHost({ workers })).toThrow(/workers must be an integer from 1 to 63, got .*leave the host out/);
  });
});
