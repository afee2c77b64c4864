import { PHASES, PhaseIndex, isPhase, type Phase } from './Phase.ts';
import { Time } from './Time.ts';
import { DuplicateSystemError, SystemError, UnknownPhaseError } from './errors.ts';
import { orderSystems, type OrderedNode } from './orderSystems.ts';

/** The per-frame function of a system. Receives the loop's Time. */
export type SystemFn = (time: Time) => void;

/** How a system enters the loop. */
export interface SystemSpec {
  /** Unique name, used in ordering constraints and error messages. */
  name: string;
  /** Phase to run in (default `update`). */
  phase?: Phase;
  /** The per-frame function. */
  run: SystemFn;
  /** Names of systems (same phase) this one must run before. */
  before?: readonly string[];
  /** Names of systems (same phase) this one must run after. */
  after?: readonly string[];
  /** Tie-break among unconstrained systems: lower runs first (default 0), then registration order. */
  order?: number;
}

/**
 * Hooks around phases, for runtime services that are not systems: the command
 * buffer applies structural changes at phase ends, the job scheduler completes
 * jobs before main-thread phases, coroutine runners step in their phase.
 * Phases are passed as indices into {@link PHASES} so the hot path moves no strings.
 */
export interface PhaseHook {
  phaseStart?(phase: number, time: Time): void;
  phaseEnd?(phase: number, time: Time): void;
  frameEnd?(time: Time): void;
  /**
   * Only under a step budget ({@link Time.budget}): finish the work a fixed step
   * started (its jobs) within `budgetMs` of wall time, and say whether it is
   * finished. Returning false leaves the work running; the loop asks again next
   * frame (`spanning` true) and the frame resumes when every hook says true.
   */
  settle?(budgetMs: number, spanning: boolean): boolean;
}

/** Options of {@link PlayerLoop}. */
export interface PlayerLoopOptions {
  /** Wall clock in ms, read only under a step budget (default `performance.now`; tests pass a manual one). */
  clock?: () => number;
}

interface SystemRecord extends OrderedNode {
  phase: Phase;
  run: SystemFn;
}

/**
 * An ordered pass over phases, once per `tick`: initialization, fixedUpdate (0..n times
 * from the accumulator), update, lateUpdate, render. Systems are factories' outputs:
 * look queries up once, return the per-frame function (see `SystemSpec.run`).
 *
 * @example
 * const loop = new PlayerLoop();
 * loop.addSystem({ name: 'move', phase: 'fixedUpdate', run: (t) => step(t.deltaTime) });
 * loop.addSystem({ name: 'draw', phase: 'render', run: () => draw(), after: [] });
 * loop.tick(1 / 60);
 */
export class PlayerLoop {
  /** The loop's clock; settings (timeScale, fixedDeltaTime, pause) live here. */
  readonly time = new Time();

  private readonly records: SystemRecord[] = [];
  /** Per phase, the ordered per-frame functions; rebuilt only when systems change. */
  private readonly runs: SystemFn[][] = PHASES.map(() => []);
  private readonly names: string[][] = PHASES.map(() => []);
  private readonly hooks: PhaseHook[] = [];
  private dirty = false;
  private nextIndex = 0;
  private readonly clock: () => number;
  /** Clock (ms) when the fixed step still waiting on its work began, or -1 when none waits. */
  private waitingSince = -1;

  constructor(opts: PlayerLoopOptions = {}) {
    this.clock = opts.clock ?? (() => performance.now());
  }

  /**
   * True while a frame waits on a fixed step's work (its jobs run across
   * frames): component arrays may be mid-write, so views show what they drew last.
   */
  get stepInFlight(): boolean {
    return this.waitingSince >= 0;
  }

  /** Register a system. Ordering is validated lazily at the next tick, or now with {@link validate}. */
  addSystem(spec: SystemSpec): this {
    const phase = spec.phase ?? 'update';
    if (!isPhase(phase)) throw new UnknownPhaseError(phase, PHASES);
    const existing = this.records.find((r) => r.name === spec.name);
    if (existing) throw new DuplicateSystemError(spec.name, existing.phase);
    this.records.push({
      name: spec.name,
      phase,
      run: spec.run,
      before: spec.before ?? [],
      after: spec.after ?? [],
      order: spec.order ?? 0,
      index: this.nextIndex++,
    });
    this.dirty = true;
    return this;
  }

  /** Remove a system by name; returns whether it existed. */
  removeSystem(name: string): boolean {
    const i = this.records.findIndex((r) => r.name === name);
    if (i < 0) return false;
    this.records.splice(i, 1);
    this.dirty = true;
    return true;
  }

  /** Add a hook around phases (see {@link PhaseHook}). Returns a function that removes it. */
  addHook(hook: PhaseHook): () => void {
    this.hooks.push(hook);
    return () => {
      const i = this.hooks.indexOf(hook);
      if (i >= 0) this.hooks.splice(i, 1);
    };
  }

  /** The execution order of a phase, after resolving constraints. */
  systemsIn(phase: Phase): readonly string[] {
    this.validate();
    return this.names[PhaseIndex[phase]]!;
  }

  /** Resolve ordering now; throws on an unknown reference or a cycle. */
  validate(): void {
    if (!this.dirty) return;
    for (let p = 0; p < PHASES.length; p++) {
      const phase = PHASES[p]!;
      const ordered = orderSystems(
        phase,
        this.records.filter((r) => r.phase === phase),
      ) as SystemRecord[];
      this.runs[p] = ordered.map((r) => r.run);
      this.names[p] = ordered.map((r) => r.name);
    }
    this.dirty = false;
  }

  /**
   * Run one frame with a raw delta of `dtSeconds` (the manual driver: tests and
   * deterministic runs call this directly). Under a step budget a frame may end
   * early, waiting on a fixed step's jobs ({@link stepInFlight}); the calls that
   * follow then simulate nothing new (their time is dropped) until that step is
   * done, and the frame finishes.
   */
  tick(dtSeconds: number): void {
    if (this.dirty) this.validate();
    const time = this.time;
    if (this.waitingSince >= 0) {
      time.dropFrame(dtSeconds);
      this.resumeStep();
      return;
    }
    time.advance(dtSeconds);
    this.runPhase(0, time);
    if (time.budget.enabled) {
      if (!this.runBudgetedSteps(time)) return;
    } else {
      const steps = time.fixedStepsThisFrame;
      for (let s = 0; s < steps; s++) {
        time.beginFixedStep();
        this.runPhase(1, time);
        time.endFixedStep();
      }
    }
    this.finishFrame(time);
  }

  /**
   * The fixed steps under a budget: each step's work is settled before the next
   * starts, none starts once the budget is spent, and a step whose work outlasts
   * the budget is left running. Returns false when the frame waits on it.
   */
  private runBudgetedSteps(time: Time): boolean {
    const budgetMs = time.budget.seconds * 1000;
    const start = this.clock();
    const steps = time.fixedStepsThisFrame;
    for (let s = 0; s < steps; s++) {
      const stepStart = this.clock();
      if (s > 0 && stepStart - start >= budgetMs) {
        time.cutFixedSteps(s);
        break;
      }
      time.beginFixedStep();
      this.runPhase(1, time);
      const left = budgetMs - (this.clock() - start);
      if (!this.settleHooks(left > 0 ? left : 0, false)) {
        // The step spans frames: the ones after it this frame are dropped.
        time.cutFixedSteps(s + 1);
        this.waitingSince = stepStart;
        time.budget.stepTime = (this.clock() - start) / 1000;
        return false;
      }
      time.endFixedStep();
      time.budget.recordStep((this.clock() - stepStart) / 1000);
    }
    time.budget.stepTime = (this.clock() - start) / 1000;
    return true;
  }

  /** A later frame of a step that spans frames: settle for one budget, finish the frame once done. */
  private resumeStep(): void {
    const time = this.time;
    const start = this.clock();
    const done = this.settleHooks(time.budget.seconds * 1000, true);
    const end = this.clock();
    time.budget.stepTime = (end - start) / 1000;
    if (!done) return;
    time.endFixedStep();
    // Its cost is its whole wall time: the budget must not plan two of them in one frame.
    time.budget.recordStep((end - this.waitingSince) / 1000);
    this.waitingSince = -1;
    this.finishFrame(time);
  }

  private settleHooks(budgetMs: number, spanning: boolean): boolean {
    const hooks = this.hooks;
    let done = true;
    for (let i = 0; i < hooks.length; i++) {
      const settle = hooks[i]!.settle;
      if (settle !== undefined && !settle.call(hooks[i], budgetMs, spanning)) done = false;
    }
    return done;
  }

  /** The phases after the fixed steps, then the frame-end hooks. */
  private finishFrame(time: Time): void {
    this.runPhase(2, time);
    this.runPhase(3, time);
    this.runPhase(4, time);
    time.frameCount++;
    const hooks = this.hooks;
    for (let i = 0; i < hooks.length; i++) hooks[i]!.frameEnd?.(time);
  }

  private runPhase(p: number, time: Time): void {
    const hooks = this.hooks;
    for (let i = 0; i < hooks.length; i++) hooks[i]!.phaseStart?.(p, time);
    const runs = this.runs[p]!;
    let i = 0;
    try {
      for (; i < runs.length; i++) runs[i]!(time);
    } catch (err) {
      throw new SystemError(this.names[p]![i]!, PHASES[p]!, time.frameCount, err);
    }
    for (let h = 0; h < hooks.length; h++) hooks[h]!.phaseEnd?.(p, time);
  }
}
