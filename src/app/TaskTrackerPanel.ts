/** A task alive longer than the tracker's threshold: a possible leak. */
export interface TaskLeakRow {
  readonly handle: number;
  readonly name: string;
  readonly phase: string;
  readonly ageSeconds: number;
  readonly ageFrames: number;
  readonly state: 'running' | 'cancelling' | 'unobserved';
}

/**
 * What the panel shows: the coroutine runtime's tracker summary (UniTask's
 * Tracker window as data). The shape is that of `TrackerSnapshot` in
 * `src/tasks/TaskTracker.ts` (the coroutine runtime), so `runner.tracker()` can
 * be passed as is; extra fields are ignored.
 */
export interface TaskTrackerSnapshot {
  /** Running or cancelling tasks. */
  readonly live: number;
  /** Completed tasks whose result nobody observed yet. */
  readonly unobserved: number;
  /** Live tasks per phase. */
  readonly byPhase: Readonly<Record<string, number>>;
  /** Live tasks per coroutine name. */
  readonly byName: Readonly<Record<string, number>>;
  readonly pool: { readonly capacity: number; readonly inUse: number; readonly free: number };
  /** Oldest first. */
  readonly leaks: readonly TaskLeakRow[];
  readonly olderThanSeconds: number;
}

/**
 * Where the panel gets its data. It asks at most 4 times a second, never per
 * frame, so a snapshot may allocate.
 *
 * @example
 * const tasks: TaskTrackerSource = { snapshot: () => runner.tracker() };
 * new App(root, registry, url, { tasks });
 */
export interface TaskTrackerSource {
  snapshot(): TaskTrackerSnapshot;
}

const REFRESH_MS = 250;
const MAX_ROWS = 8;

/**
 * The task tracker: live / unobserved counts, pool use, live tasks per name and
 * per phase, and the oldest tasks as leak hints. Empty, with a line saying why,
 * until a source exists.
 *
 * @example
 * const panel = new TaskTrackerPanel(document.body);
 * panel.update(performance.now(), source); // each frame; refreshes 4 times a second
 */
export class TaskTrackerPanel {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private lastRefresh = -Infinity;
  private lastKey = '';

  constructor(parent: HTMLElement) {
    this.element = document.createElement('div');
    this.element.className = 'tf-tasks';
    const title = document.createElement('div');
    title.className = 'tf-caption';
    title.textContent = 'tasks';
    this.body = document.createElement('div');
    this.element.append(title, this.body);
    parent.append(this.element);
    this.update(0, undefined);
  }

  /** Refresh (at most 4 times a second) from the source. */
  update(nowMs: number, source: TaskTrackerSource | undefined): void {
    if (nowMs - this.lastRefresh < REFRESH_MS) return;
    this.lastRefresh = nowMs;
    if (!source) {
      if (this.lastKey !== 'none') this.body.textContent = 'no coroutines in this scene';
      this.lastKey = 'none';
      return;
    }
    const t = source.snapshot();
    const key = JSON.stringify(t);
    if (key === this.lastKey) return;
    this.lastKey = key;
    const head = document.createElement('div');
    head.textContent = `${t.live} live · ${t.unobserved} unobserved · pool ${t.pool.inUse}/${t.pool.capacity}`;
    const parts: HTMLElement[] = [head];
    if (t.live > 0) parts.push(table(['task', 'live'], top(t.byName)), table(['phase', 'live'], top(t.byPhase)));
    if (t.leaks.length > 0) {
      const rows = t.leaks.slice(0, MAX_ROWS).map((l) => [l.name, l.phase, `${l.ageSeconds.toFixed(0)} s`, l.state]);
      const leaks = table([`older than ${t.olderThanSeconds} s`, 'phase', 'age', 'state'], rows);
      leaks.classList.add('tf-leaks');
      parts.push(leaks);
    }
    this.body.replaceChildren(...parts);
  }
}

function top(counts: Readonly<Record<string, number>>): string[][] {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_ROWS)
    .map(([k, n]) => [k, String(n)]);
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): HTMLTableElement {
  const t = document.createElement('table');
  const h = t.insertRow();
  for (const c of header) {
    const th = document.createElement('th');
    th.textContent = c;
    h.append(th);
  }
  for (const r of rows) {
    const row = t.insertRow();
    for (const c of r) row.insertCell().textContent = c;
  }
  return t;
}
