/**
 * Island metrics of the GLOM scene, computed on demand (stats, tests), never per
 * frame: purity of islands against the ground-truth objects, cosine within an
 * object, and whether islands nest from one level to the next.
 */

/** Labels of one level per cell: `labels[ids[i] * stride + level]`. */
export interface LabelView {
  readonly ids: Int32Array;
  readonly cells: number;
  readonly labels: Int32Array;
  readonly stride: number;
}

/**
 * Purity of a level's islands against the objects: the fraction of cells that
 * belong to their island's majority object. 1 means no island spans two objects.
 *
 * @example
 * islandPurity(view, 3, objectOf) // 1
 */
export function islandPurity(v: LabelView, level: number, objectOf: Int32Array): number {
  const byIsland = new Map<number, Map<number, number>>();
  for (let i = 0; i < v.cells; i++) {
    const lab = v.labels[v.ids[i] * v.stride + level];
    const obj = objectOf[v.ids[i]];
    let m = byIsland.get(lab);
    if (!m) byIsland.set(lab, (m = new Map()));
    m.set(obj, (m.get(obj) ?? 0) + 1);
  }
  let majority = 0;
  for (const m of byIsland.values()) majority += Math.max(...m.values());
  return majority / v.cells;
}

/**
 * Whether every island of level `l` lies inside one island of level `l + 1`: all
 * cells with the same level-l label share one level-(l+1) label.
 *
 * @example
 * islandsNest({ ids, cells, labels: Islands.label, stride: L + 1 }, 1) // true
 */
export function islandsNest(v: LabelView, level: number): boolean {
  const up = new Map<number, number>();
  for (let i = 0; i < v.cells; i++) {
    const base = v.ids[i] * v.stride;
    const lo = v.labels[base + level];
    const hi = v.labels[base + level + 1];
    const seen = up.get(lo);
    if (seen === undefined) up.set(lo, hi);
    else if (seen !== hi) return false;
  }
  return true;
}

/**
 * Mean pairwise cosine (distinct pairs) of unit embeddings within each object,
 * averaged over objects, and the smallest cosine of any cell to its object's mean
 * direction. For unit vectors the mean pairwise cosine is `(|Σe|² - n) / (n(n-1))`.
 *
 * @example
 * withinObjectCosine(ids, cells, Level3.a, 16, Column.object, 3).mean // 0.99
 */
export function withinObjectCosine(
  ids: Int32Array,
  cells: number,
  emb: Float32Array,
  D: number,
  objectOf: Int32Array,
  objects: number,
): { mean: number; minToCentroid: number } {
  const sums = new Float64Array(objects * D);
  const counts = new Float64Array(objects);
  for (let i = 0; i < cells; i++) {
    const e = ids[i];
    const o = objectOf[e];
    counts[o]++;
    for (let k = 0; k < D; k++) sums[o * D + k] += emb[e * D + k];
  }
  let mean = 0;
  let used = 0;
  for (let o = 0; o < objects; o++) {
    const n = counts[o];
    if (n < 2) continue;
    let s2 = 0;
    for (let k = 0; k < D; k++) s2 += sums[o * D + k] ** 2;
    mean += (s2 - n) / (n * (n - 1));
    used++;
  }
  let minToCentroid = 1;
  for (let i = 0; i < cells; i++) {
    const e = ids[i];
    const o = objectOf[e];
    let dot = 0;
    let n2 = 0;
    for (let k = 0; k < D; k++) {
      dot += emb[e * D + k] * sums[o * D + k];
      n2 += sums[o * D + k] ** 2;
    }
    minToCentroid = Math.min(minToCentroid, dot / Math.sqrt(n2));
  }
  return { mean: used ? mean / used : 1, minToCentroid };
}
