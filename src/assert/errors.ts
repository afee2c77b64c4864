import type { SourceLocation } from '../env/callerLocation.ts';

/** Where an assert failed, parsed from the failing call's stack frame. */
export type { SourceLocation };

/** Render a location as `file:line:column`. */
export function formatLocation(loc: SourceLocation | undefined): string {
  return loc ? `${loc.file}:${loc.line}:${loc.column}` : 'unknown location';
}

/**
 * A failed assert: the formatted message, the raw args, and where it failed.
 * Thrown on the failure path only; the success path builds none of this.
 */
export class AssertionError extends Error {
  override name = 'AssertionError';
  /** The message template as written. */
  readonly template: string;
  readonly args: readonly unknown[];
  readonly location: SourceLocation | undefined;
  /** Set when the message came from `defineMessage`. */
  messageId?: number;
  /** Set by `assertEntity`. */
  entity?: number;
  constructor(template: string, text: string, args: readonly unknown[], location: SourceLocation | undefined) {
    super(`${text} (at ${formatLocation(location)})`);
    this.template = template;
    this.args = args;
    this.location = location;
  }
}

/** A message id that no `defineMessage` registered (a kernel module not loaded on this thread). */
export class UnknownMessageError extends Error {
  override name = 'UnknownMessageError';
  constructor(id: number, count: number) {
    super(
      `Assert message id ${id} is not registered on this thread (${count} messages are). Define kernel assert messages with ` +
        `defineMessage() at the top level of the kernel module, so every thread that loads the module registers them.`,
    );
  }
}

/** Two different templates hash to the same id (about one chance in a billion per pair). */
export class MessageIdCollisionError extends Error {
  override name = 'MessageIdCollisionError';
  constructor(template: string, existing: string, id: number) {
    super(`Assert messages "${template}" and "${existing}" share the id ${id}. Reword one of them (any change of text gives a new id).`);
  }
}
