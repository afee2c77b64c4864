/**
 * Node module hooks for release runs (`npm run sim -- … --release`, benchmarks of
 * stripped code): chained after tsx, they strip asserts from project modules as
 * they load. Registered by `registerRelease.ts`; see {@link stripAsserts}.
 */
import { stripAsserts } from './stripAsserts.ts';

interface LoadResult {
  format?: string;
  source?: string | ArrayBuffer | Uint8Array;
  shortCircuit?: boolean;
}
type NextLoad = (url: string, context: unknown) => Promise<LoadResult>;

/** The `load` hook: strip asserts from project sources (never from node_modules). */
export async function load(url: string, context: unknown, nextLoad: NextLoad): Promise<LoadResult> {
  const result = await nextLoad(url, context);
  if (!url.startsWith('file:') || url.includes('/node_modules/') || !/\.(m?[jt]s|tsx)$/.test(url) || result.source == null) return result;
  const text = typeof result.source === 'string' ? result.source : new TextDecoder().decode(result.source as Uint8Array);
  const stripped = stripAsserts(text, url);
  return stripped === null ? result : { ...result, source: stripped };
}
