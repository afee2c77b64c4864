import { describe, it, expect } from 'vitest';
import { parseAppUrl, formatAppUrl } from '../../src/app/AppUrl.ts';
import { AppUrlError } from '../../src/app/errors.ts';

describe('parseAppUrl', () => {
  it('reads scene, seed and app options; every other key is a scene param', () => {
    const s = parseAppUrl('?scene=particles&seed=7&count=500&speed=3.5&canvas=320x240&paused=1&timescale=0.5');
    expect(s).toEqual({
      scene: 'particles',
      seed: 7,
      params: { count: '500', speed: '3.5' },
      canvas: { width: 320, height: 240 },
      paused: true,
      timeScale: 0.5,
      mainLane: true,
    });
  });

  it('defaults to seed 1, running, no scene (the app picks the first)', () => {
    expect(parseAppUrl('')).toEqual({ scene: undefined, seed: 1, params: {}, canvas: undefined, paused: false, timeScale: 1, workers: undefined, fault: undefined, slowStep: undefined, kernels: undefined, mainLane: true });
  });

  it('reads the worker count and the fault test hook, and keeps them in the formatted URL', () => {
    const s = parseAppUrl('?scene=particles&workers=3&fault=kernel&count=10');
    expect(s.workers).toBe(3);
    expect(s.fault).toBe('kernel');
    expect(s.params).toEqual({ count: '10' });
    expect(parseAppUrl('?workers=0').workers).toBe(0);
    expect(parseAppUrl(formatAppUrl(s))).toEqual(s);
    expect(() => parseAppUrl('?workers=-1')).toThrow(/workers=-1 is invalid: expected an integer 0..16/);
    expect(() => parseAppUrl('?workers=99')).toThrow(AppUrlError);
    expect(() => parseAppUrl('?fault=boom')).toThrow(/expected kernel or worker/);
  });

  it('reads the slowstep test hook (ms of busy work per fixed step) and keeps it in the formatted URL', () => {
    const s = parseAppUrl('?scene=orbits&slowstep=120');
    expect(s.slowStep).toBe(120);
    expect(s.params).toEqual({});
    expect(parseAppUrl(formatAppUrl(s))).toEqual(s);
    expect(() => parseAppUrl('?slowstep=1.5')).toThrow(/slowstep=1.5 is invalid: expected an integer 0..10000/);
    expect(() => parseAppUrl('?slowstep=20000')).toThrow(AppUrlError);
  });

  it('reads the kernel path switch and the mainlane test hook, and keeps them in the formatted URL', () => {
    const s = parseAppUrl('?scene=boids&kernels=wasm&mainlane=0&count=10');
    expect(s.kernels).toBe('wasm');
    expect(s.mainLane).toBe(false);
    expect(s.params).toEqual({ count: '10' });
    expect(formatAppUrl(s)).toBe('?scene=boids&seed=1&kernels=wasm&mainlane=0&count=10');
    expect(parseAppUrl(formatAppUrl(s))).toEqual(s);
    expect(parseAppUrl('?kernels=js').kernels).toBe('js');
    expect(parseAppUrl('?mainlane=1').mainLane).toBe(true);
    expect(() => parseAppUrl('?kernels=simd')).toThrow('URL option kernels=simd is invalid: expected js or wasm (JavaScript kernels, or the ones the build compiled to WebAssembly).');
    expect(() => parseAppUrl('?mainlane=no')).toThrow(/mainlane=no is invalid: expected 0 or 1/);
  });

  it('rejects malformed app options, saying what is expected', () => {
    expect(() => parseAppUrl('?seed=-1')).toThrow(AppUrlError);
    expect(() => parseAppUrl('?seed=abc')).toThrow(/seed=abc is invalid: expected an integer/);
    expect(() => parseAppUrl('?canvas=big')).toThrow(/WIDTHxHEIGHT/);
    expect(() => parseAppUrl('?timescale=-2')).toThrow(/a number >= 0/);
  });

  it('with onError, reports a bad option, keeps its default and applies the rest', () => {
    const errors: Error[] = [];
    const s = parseAppUrl('?scene=particles&seed=x&count=5&canvas=huge', (e) => errors.push(e));
    expect(s.scene).toBe('particles');
    expect(s.seed).toBe(1);
    expect(s.canvas).toBeUndefined();
    expect(s.params).toEqual({ count: '5' });
    expect(errors.map((e) => e.message)).toEqual([
      'URL option seed=x is invalid: expected an integer 0..4294967295.',
      'URL option canvas=huge is invalid: expected WIDTHxHEIGHT in pixels, e.g. 320x240.',
    ]);
  });

  it('round-trips through formatAppUrl', () => {
    const s = parseAppUrl('?scene=particles&seed=3&count=10&canvas=320x240');
    expect(formatAppUrl(s)).toBe('?scene=particles&seed=3&canvas=320x240&count=10');
    expect(parseAppUrl(formatAppUrl(s))).toEqual(s);
  });
});
