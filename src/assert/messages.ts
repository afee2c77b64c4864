import { MessageIdCollisionError, UnknownMessageError } from './errors.ts';
import { fnv1aString } from '../math/fnv1a.ts';

/**
 * Message templates by id. Kernels on worker threads report a failed assert as a
 * message id plus numbers in shared memory (a string cannot cross without
 * allocating), and the main thread formats it. An id is a hash of the template's
 * text, not a registration number: threads load kernel modules in different
 * orders (the main thread may hold every scene, a worker only the kernels it
 * runs), and the same text must get the same id everywhere.
 */
const templates = new Map<number, string>();

/** FNV-1a over the UTF-16 units, folded to a non-negative int32 (an id fits an Int32Array word). */
function hashTemplate(text: string): number {
  return fnv1aString(text) & 0x7fffffff;
}

/**
 * Register a message template once; returns its id. Registering the same text
 * again returns the same id.
 *
 * @example
 * const NOT_FINITE = defineMessage('velocity of entity {0} is not finite: {1}');
 * assert(Number.isFinite(v), NOT_FINITE, e, v);
 */
export function defineMessage(template: string): number {
  const id = hashTemplate(template);
  const known = templates.get(id);
  if (known === undefined) templates.set(id, template);
  else if (known !== template) throw new MessageIdCollisionError(template, known, id);
  return id;
}

/** The template for an id; throws {@link UnknownMessageError} for an unknown one. */
export function messageTemplate(id: number): string {
  const t = templates.get(id);
  if (t === undefined) throw new UnknownMessageError(id, templates.size);
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
