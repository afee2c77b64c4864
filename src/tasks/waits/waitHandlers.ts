import { UnknownWaitKindError } from '../errors.ts';
import type { TaskPool } from '../TaskPool.ts';
import { WaitKind, type WaitKindName } from '../Wait.ts';
import { FramesWait, GeneratorFramesWait } from './FramesWait.ts';
import { JobWait } from './JobWait.ts';
import { JoinWait, TimeoutWait } from './JoinWait.ts';
import { NoneWait } from './NoneWait.ts';
import { UntilWait, WhileWait } from './PredicateWait.ts';
import { RealtimeSecondsWait, SecondsWait, UnscaledSecondsWait } from './SecondsWait.ts';
import type { WaitHandler } from './WaitHandler.ts';
import { WhenAllWait } from './WhenAllWait.ts';
import { WhenAnyWait } from './WhenAnyWait.ts';

/**
 * Every wait kind's handler. `satisfies` makes the type checker reject a kind
 * without a handler (or a handler for no kind), so adding a WaitKind means adding
 * its handler here.
 */
const HANDLERS = {
  None: NoneWait,
  Frames: FramesWait,
  Seconds: SecondsWait,
  UnscaledSeconds: UnscaledSecondsWait,
  RealtimeSeconds: RealtimeSecondsWait,
  Until: UntilWait,
  While: WhileWait,
  Job: JobWait,
  Join: JoinWait,
  All: WhenAllWait,
  Any: WhenAnyWait,
  Timeout: TimeoutWait,
  GeneratorFrames: GeneratorFramesWait,
} as const satisfies Record<WaitKindName, WaitHandler>;

/** The handlers indexed by kind number (HANDLERS lists them in number order, so the array stays packed). */
const BY_KIND: WaitHandler[] = [];
for (const name of Object.keys(HANDLERS) as WaitKindName[]) BY_KIND[WaitKind[name]] = HANDLERS[name];

/**
 * The handler of wait kind `kind`, which task `s` holds; throws
 * UnknownWaitKindError (naming the task) for a kind no handler covers.
 *
 * @example
 * waitHandler(pool.waitKind[s]!, pool, s).ready(host, s, phase);
 */
export function waitHandler(kind: number, pool: TaskPool, s: number): WaitHandler {
  const handler = BY_KIND[kind];
  if (handler === undefined) throw new UnknownWaitKindError(pool.name[s]!, kind);
  return handler;
}
