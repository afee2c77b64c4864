/** A place in a source file, as a V8 stack frame gives it (1-based line and column). */
export interface SourceLocation {
  /** `file:///…`, an absolute path (`/…` or `C:\…`), or an `http(s)://…` URL, without a query. */
  file: string;
  line: number;
  column: number;
}

/** The location at the end of a frame line: V8's `at f (LOC:1:2)` or `at LOC:1:2`, or `f@LOC:1:2`; a `?t=…` query (Vite) is dropped. */
const FRAME = /(?:^|\(|\bat |@)((?:file:\/\/\/[A-Za-z]:\/|(?:file:\/\/|https?:\/\/[^/\s)]+)?\/|[A-Za-z]:[\\/])[^():?]*?)(?:\?[^:\s)]*)?:(\d+):(\d+)\)?\s*$/;

/** This module's own frame (the `new Error()` above). */
const OWN = /[\\/]env[\\/]callerLocation\.[cm]?[jt]s$/;

/**
 * The first frame of the current stack whose file `skip` does not match: the
 * caller of the module asking. The one stack parser of the house (assert
 * locations, the module that defines a job). Called on cold paths only: it
 * builds an Error and splits its stack.
 *
 * @example
 * callerLocation(/\/src\/jobs\/defineJob\.ts$/) // { file: 'file:///…/scenes/drift/jobs.ts', line: 9, column: 22 }
 */
export function callerLocation(skip: RegExp, stack: string = new Error().stack ?? ''): SourceLocation | undefined {
  for (const raw of stack.split('\n')) {
    const m = FRAME.exec(raw.trim());
    if (!m || skip.test(m[1]!) || OWN.test(m[1]!)) continue;
    return { file: m[1]!, line: Number(m[2]), column: Number(m[3]) };
  }
  return undefined;
}
