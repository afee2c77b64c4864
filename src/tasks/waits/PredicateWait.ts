import { StepMode } from '../CoroutineMachine.ts';
import { InvalidYieldError } from '../errors.ts';
import { WaitKind } from '../Wait.ts';
import { dropNothing, notAwaiting, type WaitHandler } from './WaitHandler.ts';

/*
 * Predicate waits (`waitUntil(fn)`, `waitWhile(fn)`): the predicate is called once per pass.
 * Record: ref = the predicate; waitInt = PREDICATE_THREW once it threw (its error
 * in `value`, thrown at the yield), else 0.
 */
const PREDICATE_THREW = -1;

function predicateWait(kind: typeof WaitKind.Until | typeof WaitKind.While, label: string): WaitHandler {
  const resumeWhen = kind === WaitKind.Until;
  return {
    label,
    arm(host, s, sc) {
      const pool = host.pool;
      if (typeof sc.ref !== 'function') return new InvalidYieldError(pool.name[s]!, sc.ref, 'waitUntil/waitWhile take a function');
      pool.waitKind[s] = kind;
      pool.waitInt[s] = 0;
      pool.ref[s] = sc.ref;
      return undefined;
    },
    ready(host, s) {
      const pool = host.pool;
      try {
        return (pool.ref[s] as () => boolean)() === resumeWhen;
      } catch (e) {
        // Ready, so that resume throws the predicate's error at the yield.
        pool.value[s] = e;
        pool.waitInt[s] = PREDICATE_THREW;
        return true;
      }
    },
    resume(host, s) {
      const pool = host.pool;
      pool.ref[s] = null;
      if (pool.waitInt[s] !== PREDICATE_THREW) return host.advance(s, StepMode.Next, undefined);
      const error = pool.value[s];
      pool.value[s] = undefined;
      host.advance(s, StepMode.Throw, error);
    },
    drop: dropNothing,
    awaitedDone: notAwaiting,
    resumesInPass: false,
  };
}

/**
 * `waitUntil(fn)`: resume once the predicate returns true.
 *
 * @example
 * // yield waitUntil(arrived) arms this handler.
 */
export const UntilWait: WaitHandler = predicateWait(WaitKind.Until, 'until');

/**
 * `waitWhile(fn)`: resume once the predicate returns false.
 *
 * @example
 * // yield waitWhile(isBusy) arms this handler.
 */
export const WhileWait: WaitHandler = predicateWait(WaitKind.While, 'while');
