/**
 * `node --import tsx --import ./src/assert/registerRelease.ts app.ts`: release mode
 * in Node. Sets NODE_ENV=production (so `DEV` is false) and strips asserts from
 * every project module loaded after this one.
 */
import { register } from 'node:module';

process.env.NODE_ENV = 'production';
register('./releaseHooks.ts', import.meta.url);
