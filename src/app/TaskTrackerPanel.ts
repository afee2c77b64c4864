/** Where a coroutine is in its life. */
export type TrackedTaskState = 'running' | 'waiting' | 'completed' | 'cancelled' | 'faulted';

/** One coroutine as the tracker panel shows it. */
export interface TrackedTask {
  /** The task's handle id (index and version packed as the runtime likes). */
  readonly id: number;
  /** The generator's name, or the label given at start. */
  readonly name: string;
  readonly state: TrackedTaskState;
  /** What it waits on now, in words: `nextFrame`, `seconds(0.5)`, `job particles.integrate`, `until`. */
  readonly waitingOn: string;
  /** The phase whose runner steps it. */
  readonly phase: string;
  /** `time.frameCount` when it started. */
  readonly startedFrame: number;
  /** The task that started it, if any. */
  readonly parent?: number;
}

/**
 * What the coroutine runtime provides to the app: the live tasks (and recently
 * ended ones) on demand. The panel asks a few times a second, never per frame, so
 * a snapshot may allocate.
 *
 * @example
 * const source: TaskTrackerSource = { snapshot: () => [{ id: 1, name: 'spawnWaves', state: 'waiting', waitingOn: 'seconds(2)', phase: 'update', startedFrame: 0 }] };
 */
export interface TaskTrackerSource {
  snapshot(): readonly TrackedTask[];
}

const REFRESH_MS = 250;
const MAX_ROWS = 12;

/**
 * The task tracker: a small table of coroutines (name, state, what it waits on,
 * phase, age in frames). Empty, with a line saying why, until a source exists.
 *
 * @example
 * const panel = new TaskTrackerPanel(document.body);
 * panel.update(performance.now(), runtime.tasks, time.frameCount);
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
    this.update(0, undefined, 0);
  }

  /** Refresh (at most 4 times a second) from the source. */
  update(nowMs: number, source: TaskTrackerSource | undefined, frame: number): void {
    if (nowMs - this.lastRefresh < REFRESH_MS) return;
    this.lastRefresh = nowMs;
    if (!source) {
      if (this.lastKey !== 'none') this.body.textContent = 'no coroutines (the coroutine runtime is not part of this build yet)';
      this.lastKey = 'none';
      return;
    }
    const tasks = source.snapshot();
    if (tasks.length === 0) {
      if (this.lastKey !== 'empty') this.body.textContent = 'no coroutines running';
      this.lastKey = 'empty';
      return;
    }
    this.lastKey = 'rows';
    const table = document.createElement('table');
    const head = table.insertRow();
    for (const h of ['id', 'task', 'state', 'waiting on', 'phase', 'age']) {
      const th = document.createElement('th');
      th.textContent = h;
      head.append(th);
    }
    for (const t of tasks.slice(0, MAX_ROWS)) {
      const row = table.insertRow();
      row.className = `tf-task-${t.state}`;
      for (const v of [t.id, t.name, t.state, t.waitingOn, t.phase, frame - t.startedFrame]) row.insertCell().textContent = String(v);
    }
    if (tasks.length > MAX_ROWS) table.insertRow().insertCell().textContent = `… ${tasks.length - MAX_ROWS} more`;
    this.body.replaceChildren(table);
  }
}
