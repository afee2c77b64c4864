import { SystemCycleError, UnknownSystemError } from './errors.ts';

/** What the ordering needs to know of a system. */
export interface OrderedNode {
  name: string;
  before: readonly string[];
  after: readonly string[];
  order: number;
  /** Registration index: the final tie-break, so equal systems keep insertion order. */
  index: number;
}

/**
 * Topologically sort one phase's systems from their before/after constraints
 * (Kahn's algorithm), breaking ties by `order` then registration. Throws
 * {@link UnknownSystemError} for a dangling name and {@link SystemCycleError}
 * with the cycle's path.
 */
export function orderSystems<T extends OrderedNode>(phase: string, nodes: readonly T[]): T[] {
  const byName = new Map<string, T>();
  for (const n of nodes) byName.set(n.name, n);
  const edges = new Map<T, T[]>();
  const indegree = new Map<T, number>();
  for (const n of nodes) {
    edges.set(n, []);
    indegree.set(n, 0);
  }
  const link = (from: T, to: T) => {
    edges.get(from)!.push(to);
    indegree.set(to, indegree.get(to)! + 1);
  };
  const known = nodes.map((n) => n.name);
  for (const n of nodes) {
    for (const ref of n.before) {
      const other = byName.get(ref);
      if (!other) throw new UnknownSystemError(n.name, ref, phase, known);
      link(n, other);
    }
    for (const ref of n.after) {
      const other = byName.get(ref);
      if (!other) throw new UnknownSystemError(n.name, ref, phase, known);
      link(other, n);
    }
  }
  const cmp = (a: T, b: T) => a.order - b.order || a.index - b.index;
  const ready = nodes.filter((n) => indegree.get(n) === 0).sort(cmp);
  const out: T[] = [];
  while (ready.length) {
    const n = ready.shift()!;
    out.push(n);
    for (const m of edges.get(n)!) {
      const d = indegree.get(m)! - 1;
      indegree.set(m, d);
      if (d === 0) {
        ready.push(m);
        ready.sort(cmp);
      }
    }
  }
  if (out.length < nodes.length) throw new SystemCycleError(phase, findCycle(nodes.filter((n) => !out.includes(n)), edges));
  return out;
}

/**
 * Every node left after Kahn's pass has a predecessor that is also left, so walking
 * predecessors must revisit a node; the walk between the two visits is a cycle.
 */
function findCycle<T extends OrderedNode>(remaining: readonly T[], edges: Map<T, T[]>): string[] {
  const inRemaining = new Set(remaining);
  const pred = new Map<T, T>();
  for (const from of remaining) for (const to of edges.get(from)!) if (inRemaining.has(to)) pred.set(to, from);
  const path: T[] = [];
  let node = remaining[0]!;
  while (!path.includes(node)) {
    path.push(node);
    node = pred.get(node)!;
  }
  const cycle = path.slice(path.indexOf(node)).reverse();
  return [...cycle, cycle[0]!].map((n) => n.name);
}
