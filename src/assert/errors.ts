/** Where an assert failed, parsed from the failing call's stack frame. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

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
      `Assert message id ${id} is not registered (${count} messages are). Define kernel assert messages with ` +
        `defineMessage() at the top level of the kernel module, so the main thread and every worker register them in the same order.`,
    );
  }
}
