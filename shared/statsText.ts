// How a belief's figures are written in words and digits, in one place: the list, the
// hover card and the exports must print the same mean, distribution and badge word.
import { SCALE } from './schema.ts';
import { formatScalePoint } from './scale.ts';
import type { ConvergenceBadge, Distribution } from './stats.ts';

/** The badge as a word; below three positions there is no number to badge. */
export const BADGE_WORDS: Readonly<Record<ConvergenceBadge, string>> = {
  converged: 'converged',
  mixed: 'mixed',
  diverged: 'diverged',
  'too-few': 'too few positions',
};

/** A mean agreement with two decimals and a true minus sign: "1.67", "−0.33". */
export function formatMean(mean: number): string {
  const digits = Math.abs(mean).toFixed(2);
  // A tiny negative mean rounds to zero, which has no sign.
  return mean < 0 && Number(digits) !== 0 ? `−${digits}` : digits;
}

/**
 * How many positions sit at each scale point, compactly: "−2:1 −1:0 0:2 +1:3 +2:1".
 * Every point is listed, empty ones too, so a 50/50 split is as plain as a consensus.
 */
export function formatDistribution(distribution: Distribution): string {
  return SCALE.map((point) => `${formatScalePoint(point)}:${distribution[point]}`).join(' ');
}

/** The polarized rule in words, for the list's help and the exports' legend (docs/statistics.md). */
export const POLARIZED_RULE =
  'Polarized: at least 4 answers split into two camps — at least 2 people and a quarter of the answers on each side of neutral — ' +
  'whose average answers sit more than 3 points apart, further than an even spread. A lone dissenter, or mild leanings either side, is not polarized.';
