import { describe, expect, it } from 'vitest';
import { parseSimArgs, UsageError } from '../../src/cli/parseArgs.ts';

describe('--kernels', () => {
  it('picks the kernel path (default js)', () => {
    expect(parseSimArgs(['particles']).kernels).toBe('js');
    expect(parseSimArgs(['particles', '--kernels', 'wasm']).kernels).toBe('wasm');
    expect(parseSimArgs(['particles', '--kernels=js']).kernels).toBe('js');
  });

  it('rejects anything else, naming the choices', () => {
    expect(() => parseSimArgs(['particles', '--kernels=asm'])).toThrow(UsageError);
    expect(() => parseSimArgs(['particles', '--kernels=asm'])).toThrow('--kernels expects js or wasm, got "asm".');
  });
});
