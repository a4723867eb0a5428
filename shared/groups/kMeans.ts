// k-means on the people's places in the plane of the first two components, and the
// silhouette that picks how many groups there are. Seeded, so the same answers always give
// the same groups; warm-startable from the previous groups' centres, so a small change in
// the answers gives a small change in the groups.
//
// Written here rather than taken from npm `ml-kmeans`: for 4–30 points in two dimensions
// the whole algorithm is Lloyd's loop below, while ml-kmeans brings ml-matrix and
// ml-distance-euclidean with it and seeds its k-means++ with its own generator. Pol.is
// (math/src/polismath/math/clusters.clj) also keeps its own k-means for the warm start.

export type Point = readonly [number, number];

const MAX_ITERATIONS = 100;

/** mulberry32: a tiny seeded generator, enough to spread k-means++ starts reproducibly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function squaredDistance(a: Point, b: Point): number {
  return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2;
}

export function nearest(point: Point, centers: readonly Point[]): number {
  let best = 0;
  let bestDistance = Infinity;
  centers.forEach((center, index) => {
    const distance = squaredDistance(point, center);
    if (distance < bestDistance - 1e-12) {
      best = index;
      bestDistance = distance;
    }
  });
  return best;
}

/** The mean of each group's points; a group with no points keeps `fallback`'s centre. */
export function centersOf(points: readonly Point[], assignment: readonly number[], k: number, fallback?: readonly Point[]): Point[] {
  const sums = Array.from({ length: k }, () => [0, 0, 0]);
  points.forEach((point, i) => {
    const sum = sums[assignment[i]];
    if (!sum) return;
    sum[0] += point[0];
    sum[1] += point[1];
    sum[2]++;
  });
  return sums.map(([x, y, count], group) => (count === 0 ? (fallback?.[group] ?? [0, 0]) : [x / count, y / count]));
}

/** Lloyd's algorithm from the given centres; returns each point's group, 0…k−1. */
export function lloyd(points: readonly Point[], start: readonly Point[]): number[] {
  let centers = [...start];
  let assignment = points.map((point) => nearest(point, centers));
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    centers = centersOf(points, assignment, centers.length, centers);
    const next = points.map((point) => nearest(point, centers));
    if (next.every((group, i) => group === assignment[i])) break;
    assignment = next;
  }
  return assignment;
}

/** k-means++ starting centres (Arthur & Vassilvitskii 2007), drawn with `random`. */
function plusPlusStart(points: readonly Point[], k: number, random: () => number): Point[] {
  const centers: Point[] = [points[Math.floor(random() * points.length)]];
  while (centers.length < k) {
    const weights = points.map((point) => Math.min(...centers.map((center) => squaredDistance(point, center))));
    const total = weights.reduce((a, b) => a + b, 0);
    if (total === 0) break;
    let pick = random() * total;
    let chosen = points.length - 1;
    for (let i = 0; i < points.length; i++) {
      pick -= weights[i];
      if (pick < 0) {
        chosen = i;
        break;
      }
    }
    centers.push(points[chosen]);
  }
  return centers;
}

export function inertia(points: readonly Point[], assignment: readonly number[], k: number): number {
  const centers = centersOf(points, assignment, k);
  return points.reduce((sum, point, i) => sum + squaredDistance(point, centers[assignment[i]]), 0);
}

/** The best of `restarts` seeded k-means++ runs, by inertia; groups renumbered 0…k−1 with no gaps. */
export function kMeans(points: readonly Point[], k: number, seed: number, restarts = 8): number[] {
  const random = seededRandom(seed);
  let best: number[] = [];
  let bestInertia = Infinity;
  for (let run = 0; run < restarts; run++) {
    const start = plusPlusStart(points, k, random);
    const assignment = lloyd(points, start);
    const value = inertia(points, assignment, start.length);
    if (value < bestInertia - 1e-9) {
      best = assignment;
      bestInertia = value;
    }
  }
  return compact(best);
}

/** Renumbers groups so the used ones are 0…m−1 in order of first appearance. */
export function compact(assignment: readonly number[]): number[] {
  const renumber = new Map<number, number>();
  return assignment.map((group) => {
    if (!renumber.has(group)) renumber.set(group, renumber.size);
    return renumber.get(group)!;
  });
}

/**
 * Mean silhouette (Rousseeuw 1987), −1…1: how much closer each point is to its own group
 * than to the next one. A point alone in its group counts 0, as is usual.
 */
export function silhouette(points: readonly Point[], assignment: readonly number[]): number {
  const k = Math.max(...assignment) + 1;
  if (k < 2 || points.length < 2) return 0;
  let total = 0;
  points.forEach((point, i) => {
    const sums = new Array<number>(k).fill(0);
    const counts = new Array<number>(k).fill(0);
    points.forEach((other, j) => {
      if (i === j) return;
      sums[assignment[j]] += Math.sqrt(squaredDistance(point, other));
      counts[assignment[j]]++;
    });
    const own = assignment[i];
    if (counts[own] === 0) return;
    const a = sums[own] / counts[own];
    let b = Infinity;
    for (let group = 0; group < k; group++) if (group !== own && counts[group] > 0) b = Math.min(b, sums[group] / counts[group]);
    if (!Number.isFinite(b)) return;
    const spread = Math.max(a, b);
    total += spread === 0 ? 0 : (b - a) / spread;
  });
  return total / points.length;
}
