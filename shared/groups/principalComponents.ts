// Principal components of an agreement matrix with missing answers, as Pol.is computes
// them (compdemocracy/polis, math/src/polismath/math/pca.clj): each belief is centred on
// the mean of the answers it has, a missing answer counts as that mean (so it adds
// nothing), the components come from power iteration, and each person is projected
// from their own answers only, scaled by √(beliefs / answered) so that someone who
// answered few beliefs is not pulled toward the middle by the answers they did not give.
//
// Written here rather than taken from npm `ml-pca`: ml-pca wants a complete matrix (no
// missing values) and decomposes it by SVD with its ml-matrix dependency (≈ 40 KB minified
// in the worker), while the Pol.is method needs the centring and the projection above and
// a warm start from the previous components — a few dozen lines of power iteration.

export interface Components {
  /** Per belief (column): the mean of its answers. */
  center: number[];
  /** Two unit vectors over the beliefs; a zero vector when the answers have no spread there. */
  axes: [number[], number[]];
}

const MAX_ITERATIONS = 200;
const TOLERANCE = 1e-10;

function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function normalised(v: number[]): number[] {
  const length = Math.sqrt(dot(v, v));
  return length < 1e-12 ? v.map(() => 0) : v.map((x) => x / length);
}

/** The centred matrix: answer − belief mean, 0 where there is no answer. */
function centred(answers: readonly (readonly (number | null)[])[], center: readonly number[]): number[][] {
  return answers.map((row) => row.map((value, column) => (value === null ? 0 : value - center[column])));
}

function columnMeans(answers: readonly (readonly (number | null)[])[], columns: number): number[] {
  const sums = new Array<number>(columns).fill(0);
  const counts = new Array<number>(columns).fill(0);
  for (const row of answers)
    row.forEach((value, column) => {
      if (value === null) return;
      sums[column] += value;
      counts[column]++;
    });
  return sums.map((sum, column) => (counts[column] === 0 ? 0 : sum / counts[column]));
}

/** Xᵀ(X v): the covariance matrix applied to v, without forming it. */
function covarianceTimes(x: readonly number[][], v: readonly number[]): number[] {
  const out = new Array<number>(v.length).fill(0);
  for (const row of x) {
    const score = dot(row, v);
    if (score === 0) continue;
    for (let j = 0; j < row.length; j++) out[j] += score * row[j];
  }
  return out;
}

function withoutComponent(v: number[], axis: readonly number[]): number[] {
  const along = dot(v, axis);
  return v.map((x, j) => x - along * axis[j]);
}

/** The fixed start for a missing warm start: never random, so the result never depends on chance. */
function fixedStart(columns: number, which: number): number[] {
  return Array.from({ length: columns }, (_, j) => (which === 0 ? 1 + j / columns : Math.cos((Math.PI * (j + 0.5)) / columns)));
}

/** Gram–Schmidt: two orthonormal vectors spanning [a, b] (a zero vector where there is nothing left). */
function orthonormal(a: number[], b: number[]): [number[], number[]] {
  const first = normalised(a);
  const second = normalised(dot(first, first) === 0 ? b : withoutComponent(b, first));
  return [first, second];
}

/**
 * Subspace iteration for the two leading eigenvectors of XᵀX: both vectors at once, so the
 * pair converges at the rate λ3/λ2 even when the first two components are nearly equal
 * (three camps), where one-vector-at-a-time power iteration crawls. Then the 2×2 problem
 * inside the plane is solved exactly to order the two axes.
 */
function leadingPair(x: readonly number[][], start: readonly [readonly number[], readonly number[]] | null): [number[], number[]] {
  const columns = x[0]?.length ?? 0;
  let [u, v] = orthonormal(start ? [...start[0]] : fixedStart(columns, 0), start ? [...start[1]] : fixedStart(columns, 1));
  if (dot(u, u) === 0) u = normalised(fixedStart(columns, 0));
  if (dot(v, v) === 0) v = normalised(withoutComponent(fixedStart(columns, 1), u));
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const [nextU, nextV] = orthonormal(covarianceTimes(x, u), covarianceTimes(x, v));
    // The plane has converged when the new vectors lie in the old plane.
    const outside = (w: number[]) => 1 - (dot(w, u) ** 2 + dot(w, v) ** 2);
    const settled = outside(nextU) < TOLERANCE && (dot(nextV, nextV) === 0 || outside(nextV) < TOLERANCE);
    u = nextU;
    v = nextV;
    if (dot(u, u) === 0 || settled) break;
  }
  // Inside the plane: B = [u v]ᵀ XᵀX [u v]; its eigenvectors rotate (u, v) onto the axes.
  const cu = covarianceTimes(x, u);
  const cv = covarianceTimes(x, v);
  const a = dot(u, cu);
  const b = dot(u, cv);
  const d = dot(v, cv);
  const angle = 0.5 * Math.atan2(2 * b, a - d);
  const [c, s] = [Math.cos(angle), Math.sin(angle)];
  const first = u.map((value, j) => c * value + s * v[j]);
  const second = u.map((value, j) => -s * value + c * v[j]);
  return [signFixed(first), signFixed(second)];
}

/** An eigenvector's sign is arbitrary; fix it (largest entry positive) so the picture does not flip between runs. */
function signFixed(v: number[]): number[] {
  const largest = v.reduce((best, value) => (Math.abs(value) > Math.abs(best) + 1e-12 ? value : best), 0);
  return largest < 0 ? v.map((value) => -value) : v;
}

/** `warmStart`: the previous components over the same beliefs, which usually converge in a step or two. */
export function principalComponents(
  answers: readonly (readonly (number | null)[])[],
  columns: number,
  warmStart: readonly [readonly number[], readonly number[]] | null = null,
): Components {
  const center = columnMeans(answers, columns);
  const x = centred(answers, center);
  const axes = columns === 0 ? ([[], []] as [number[], number[]]) : leadingPair(x, warmStart);
  return { center, axes };
}

/** Each person's place on the two components, from their own answers (Pol.is's sparsity-aware projection). */
export function projectPeople(answers: readonly (readonly (number | null)[])[], components: Components): [number, number][] {
  const { center, axes } = components;
  const columns = center.length;
  return answers.map((row) => {
    let answered = 0;
    let p = 0;
    let q = 0;
    row.forEach((value, column) => {
      if (value === null) return;
      answered++;
      const x = value - center[column];
      p += x * axes[0][column];
      q += x * axes[1][column];
    });
    const scale = Math.sqrt(columns / Math.max(answered, 1));
    return [p * scale, q * scale];
  });
}
