/**
 * Whether this is a development build. Vite replaces `__TICKFLOW_DEV__` at build
 * time (false in production, so dead-code elimination drops every `if (DEV)` block);
 * in Node it follows NODE_ENV, which the headless runner's `--release` sets.
 *
 * @example
 * if (DEV) checkSafety(job); // gone from production bundles
 */
declare const __TICKFLOW_DEV__: boolean | undefined;

export const DEV: boolean =
  typeof __TICKFLOW_DEV__ !== 'undefined'
    ? __TICKFLOW_DEV__
    : !(typeof process !== 'undefined' && process.env?.NODE_ENV === 'production');
