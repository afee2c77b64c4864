import { UnknownMessageError } from './errors.ts';

/**
 * Message templates by id. Kernels on worker threads report a failed assert as a
 * message id plus numbers in shared memory (a string cannot cross without
 * allocating), and the main thread formats it. Ids come from registration order:
 * kernel modules call `defineMessage` at top level, and every thread that loads
 * the module registers the same templates in the same order.
 */
const templates: string[] = [];
const ids = new Map<string, number>();

/**
 * Register a message template once; returns its id. Registering the same text
 * again returns the same id.
 *
 * @example
 * const NOT_FINITE = defineMessage('velocity of entity {0} is not finite: {1}');
 * assert(Number.isFinite(v), NOT_FINITE, e, v);
 */
export function defineMessage(template: string): number {
  let id = ids.get(template);
  if (id === undefined) {
    id = templates.length;
    templates.push(template);
    ids.set(template, id);
  }
  return id;
}

/** The template for an id; throws {@link UnknownMessageError} for an unknown one. */
export function messageTemplate(id: number): string {
  const t = templates[id];
  if (t === undefined) throw new UnknownMessageError(id, templates.length);
  return t;
}

/**
 * Fill `{0}`..`{n}` placeholders (and bare `{}` in order) with the args. Numbers
 * print with up to 6 significant digits beyond integers, so messages stay short.
 *
 * @example
 * formatMessage('x={0} not in [{1}, {2})', [5, 0, 4]) // 'x=5 not in [0, 4)'
 */
export function formatMessage(template: string, args: readonly unknown[]): string {
  let next = 0;
  return template.replace(/\{(\d*)\}/g, (whole, digits: string) => {
    const i = digits === '' ? next++ : Number(digits);
    return i < args.length ? show(args[i]) : whole;
  });
}

function show(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) || !Number.isFinite(v) ? String(v) : String(Number(v.toPrecision(6)));
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
