// What a belief's positions say about the team: distribution, mean, Tastle–Wierman
// convergence with its badge, and the polarized flag, as PRODUCT.md "Measuring
// convergence" defines them. Pure functions of the positions, so the client, the relay and
// the exports compute the same figures.
import { SCALE, type PositionRecord, type ScalePoint } from './schema.ts';

/** Below this many non-pass positions a belief shows "too few positions", not a number. */
export const MIN_POSITIONS_FOR_CONVERGENCE = 3;
/** Convergence at or above this is "converged". */
export const CONVERGED_AT = 0.75;
/** Convergence below this is "diverged"; between the two it is "mixed". */
export const DIVERGED_BELOW = 0.5;

/** Width of the scale, the d of Tastle–Wierman: +2 − (−2). */
const SCALE_WIDTH = SCALE[SCALE.length - 1] - SCALE[0];

// Convergence is rounded to 12 decimals before it is compared or shown, so that
// floating-point noise (0.7499999999999999) never moves a belief across a badge threshold.
const NOISE_SCALE = 1e12;

export type ConvergenceBadge = 'converged' | 'mixed' | 'diverged' | 'too-few';

/** How many positions sit at each scale point; read it as `distribution[-2]` … `distribution[2]`. */
export type Distribution = Readonly<Record<ScalePoint, number>>;

export interface BeliefStats {
  distribution: Distribution;
  /** Non-pass agreement positions: the n of the formulas. */
  n: number;
  passCount: number;
  /** Mean agreement, −2…+2; null when nobody gave one. */
  mean: number | null;
  /** 0…1; null when n < MIN_POSITIONS_FOR_CONVERGENCE. */
  convergence: number | null;
  badge: ConvergenceBadge;
  /** Split into two camps: see `isPolarized`. */
  polarized: boolean;
  /** Mean direction, −2 challenge … +2 maintain, over the positions that gave one; null when none did. */
  meanDirection: number | null;
  directionCount: number;
}

export function distributionOf(agreements: Iterable<ScalePoint>): Distribution {
  const counts: Record<ScalePoint, number> = { [-2]: 0, [-1]: 0, 0: 0, 1: 0, 2: 0 };
  for (const agreement of agreements) counts[agreement]++;
  return counts;
}

function countOf(distribution: Distribution): number {
  let n = 0;
  for (const point of SCALE) n += distribution[point];
  return n;
}

/** Mean of a distribution holding n > 0 positions. */
function meanOf(distribution: Distribution, n: number): number {
  let sum = 0;
  for (const point of SCALE) sum += point * distribution[point];
  return sum / n;
}

/** Convergence of a distribution holding n > 0 positions. */
function convergenceOfDistribution(distribution: Distribution, n: number): number {
  const mean = meanOf(distribution, n);
  let sum = 0;
  for (const point of SCALE) {
    const count = distribution[point];
    // An empty point contributes nothing; skipping it also avoids 0 · log2(0) = NaN when
    // everyone sits at the opposite extreme.
    if (count === 0) continue;
    sum += (count / n) * Math.log2(1 - Math.abs(point - mean) / SCALE_WIDTH);
  }
  const rounded = Math.round((1 + sum) * NOISE_SCALE) / NOISE_SCALE;
  return Math.min(1, Math.max(0, rounded));
}

/**
 * Tastle & Wierman consensus `1 + Σ_k p_k · log2(1 − |k − μ| / 4)` of any non-empty list
 * of agreements: 1 when all are equal, 0 when half sit at −2 and half at +2. The belief
 * figures withhold it below MIN_POSITIONS_FOR_CONVERGENCE; this raw form does not.
 */
export function convergenceOf(agreements: readonly ScalePoint[]): number {
  if (agreements.length === 0) throw new RangeError('Convergence needs at least one position.');
  return convergenceOfDistribution(distributionOf(agreements), agreements.length);
}

export function convergenceBadge(convergence: number | null): ConvergenceBadge {
  if (convergence === null) return 'too-few';
  if (convergence >= CONVERGED_AT) return 'converged';
  if (convergence < DIVERGED_BELOW) return 'diverged';
  return 'mixed';
}

/**
 * Convergence with two decimals, as the list and the hover card show it. Plain rounding
 * would print 0.7486 (5 × +2, 1 × +1, 1 × 0) as "0.75" beside a "mixed" badge, so a value
 * just below a threshold is cut instead of rounded up across it.
 */
export function formatConvergence(convergence: number): string {
  const rounded = convergence.toFixed(2);
  const crossesThreshold = [CONVERGED_AT, DIVERGED_BELOW].some(
    (threshold) => convergence < threshold && Number(rounded) >= threshold,
  );
  return crossesThreshold ? (Math.floor(convergence * 100) / 100).toFixed(2) : rounded;
}

/** Below this many non-pass positions no belief is polarized: two camps need two people each. */
export const MIN_POSITIONS_FOR_POLARIZED = 4;
/** Each camp holds at least this many people… */
export const MIN_CAMP_SIZE = 2;
/** …and at least this share of the positions (a quarter), so a handful of dissenters in a big team is not a camp. */
const MIN_CAMP_SHARE_DENOMINATOR = 4;
/**
 * The camps' mean agreements sit further apart than this: 3 is what an even spread over
 * the five points gives (−1.5 against +1.5), so only camps leaning to the extremes count.
 */
export const CAMP_DISTANCE_ABOVE = 3;

/**
 * Two camps rather than mere spread (docs/statistics.md, "Polarized"): at least
 * MIN_POSITIONS_FOR_POLARIZED positions; a disagreeing camp (≤ −1) and an agreeing camp
 * (≥ +1), each of at least MIN_CAMP_SIZE people and a quarter of the positions; and the
 * camps' means more than CAMP_DISTANCE_ABOVE apart. So −1, 0, +1 (one mild voice each side)
 * is not polarized, −2, −2, +2, +2 is, and −2, −1, 0, +2 (a lone voice agreeing) is spread,
 * which the convergence badge already shows. Counted in integers, so no rounding decides.
 */
export function isPolarized(distribution: Distribution): boolean {
  const n = countOf(distribution);
  if (n < MIN_POSITIONS_FOR_POLARIZED) return false;
  const disagreeing = distribution[-2] + distribution[-1];
  const agreeing = distribution[1] + distribution[2];
  const isCamp = (size: number) => size >= MIN_CAMP_SIZE && MIN_CAMP_SHARE_DENOMINATOR * size >= n;
  if (!isCamp(disagreeing) || !isCamp(agreeing)) return false;
  // mean(agreeing) − mean(disagreeing) > distance, multiplied through by both camp sizes.
  const agreeingSum = distribution[1] + 2 * distribution[2];
  const disagreeingSum = -distribution[-1] - 2 * distribution[-2];
  return agreeingSum * disagreeing - disagreeingSum * agreeing > CAMP_DISTANCE_ABOVE * agreeing * disagreeing;
}

export function computeBeliefStats(positions: Iterable<PositionRecord>): BeliefStats {
  const agreements: ScalePoint[] = [];
  let passCount = 0;
  let directionSum = 0;
  let directionCount = 0;
  for (const position of positions) {
    if (position.agreement === 'pass') passCount++;
    else agreements.push(position.agreement);
    // A direction counts even with a passed agreement: whether the team benefits from
    // where it stands is a separate question from where one stands oneself.
    if (position.direction !== null) {
      directionSum += position.direction;
      directionCount++;
    }
  }
  const distribution = distributionOf(agreements);
  const n = agreements.length;
  const convergence = n >= MIN_POSITIONS_FOR_CONVERGENCE ? convergenceOfDistribution(distribution, n) : null;
  return {
    distribution,
    n,
    passCount,
    mean: n > 0 ? meanOf(distribution, n) : null,
    convergence,
    badge: convergenceBadge(convergence),
    polarized: isPolarized(distribution),
    meanDirection: directionCount > 0 ? directionSum / directionCount : null,
    directionCount,
  };
}
