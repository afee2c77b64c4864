/** Where an error came from, as the panel labels it. */
export type ErrorOrigin = 'system' | 'job' | 'assert' | 'coroutine' | 'view' | 'scene' | 'app';

/** One error as shown. */
export interface ShownError {
  readonly origin: ErrorOrigin;
  readonly name: string;
  readonly message: string;
  readonly stack: string;
  count: number;
}

const MAX_SHOWN = 5;

/**
 * Guess an error's origin from its class name: `SystemError` → system, names with
 * Job/Kernel/Worker → job, Assert → assert, Task/Coroutine → coroutine. The
 * errors.ts of each module name their classes so this stays a lookup.
 *
 * @example
 * originOf(new SystemError('move', 'update', 3, new Error('x'))) // 'system'
 */
export function originOf(err: unknown, fallback: ErrorOrigin = 'app'): ErrorOrigin {
  const seen = new Set<unknown>();
  let e: unknown = err;
  // An AssertionError wrapped in a SystemError is an assert first of all.
  while (e instanceof Error && !seen.has(e)) {
    seen.add(e);
    if (/Assert/i.test(e.name)) return 'assert';
    if (/Task|Coroutine/i.test(e.name)) return 'coroutine';
    if (/Job|Kernel|Worker/i.test(e.name)) return 'job';
    e = e.cause;
  }
  if (err instanceof Error && err.name === 'SystemError') return 'system';
  return fallback;
}

/**
 * The on-screen error panel: errors from systems, jobs, asserts, coroutines and
 * the view, with their origin, message and (folded) stack; repeats are counted,
 * not stacked. Errors also go to the console, where the stack is clickable.
 *
 * @example
 * const panel = new ErrorPanel(document.body, { onReset: () => app.reset() });
 * panel.report(err, 'system');
 */
export class ErrorPanel {
  readonly element: HTMLElement;
  /** Errors shown, oldest first (the window hook exposes their messages). */
  readonly errors: ShownError[] = [];
  private readonly list: HTMLElement;

  constructor(parent: HTMLElement, actions: { onReset(): void }) {
    this.element = document.createElement('div');
    this.element.className = 'tf-errors';
    this.element.hidden = true;
    this.element.setAttribute('role', 'alert');
    const bar = document.createElement('div');
    bar.className = 'tf-errors-bar';
    const title = document.createElement('strong');
    title.textContent = 'Errors';
    const reset = document.createElement('button');
    reset.textContent = 'Reset scene (R)';
    reset.onclick = () => actions.onReset();
    const dismiss = document.createElement('button');
    dismiss.textContent = 'Dismiss';
    dismiss.onclick = () => this.clear();
    bar.append(title, reset, dismiss);
    this.list = document.createElement('div');
    this.element.append(bar, this.list);
    parent.append(this.element);
  }

  /** Show an error (and log it to the console). */
  report(err: unknown, origin: ErrorOrigin = originOf(err)): void {
    const e = err instanceof Error ? err : new Error(String(err));
    console.error(`[tickflow ${origin}]`, e);
    const last = this.errors[this.errors.length - 1];
    if (last && last.message === e.message && last.origin === origin) {
      last.count++;
    } else {
      this.errors.push({ origin, name: e.name, message: e.message, stack: e.stack ?? '', count: 1 });
      if (this.errors.length > MAX_SHOWN) this.errors.shift();
    }
    this.render();
  }

  /** Hide and forget all errors. */
  clear(): void {
    this.errors.length = 0;
    this.render();
  }

  private render(): void {
    this.element.hidden = this.errors.length === 0;
    this.list.replaceChildren(
      ...this.errors.map((e) => {
        const item = document.createElement('details');
        item.className = `tf-error tf-error-${e.origin}`;
        const summary = document.createElement('summary');
        summary.textContent = `[${e.origin}] ${e.name}: ${e.message}${e.count > 1 ? ` (×${e.count})` : ''}`;
        const stack = document.createElement('pre');
        stack.textContent = e.stack;
        item.append(summary, stack);
        return item;
      }),
    );
  }
}
