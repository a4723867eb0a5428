// Synthetic answers with planted camps, for the opinion-group tests: each camp has a
// stance per belief; each person answers as their camp does, except that with the given
// noise an answer is replaced by a uniformly random one, and some beliefs go unanswered.
import type { Answer } from '../../shared/groups/agreementMatrix.ts';
import { seededRandom } from '../../shared/groups/kMeans.ts';
import type { ScalePoint } from '../../shared/schema.ts';

export interface PlantedBoard {
  beliefIds: string[];
  answers: Answer[];
  /** participant id → the camp they were planted in. */
  campOf: Map<string, number>;
}

const POINTS: ScalePoint[] = [-2, -1, 0, 1, 2];

export function plantedCamps(
  seed: number,
  options: { camps: number; people: number; beliefs: number; noise: number; missing?: number },
): PlantedBoard {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const beliefIds = Array.from({ length: options.beliefs }, (_, j) => `b${String(j).padStart(3, '0')}`);
  // Each camp leans hard to one side of every belief, so camps differ on about half of them.
  const stances = Array.from({ length: options.camps }, () => beliefIds.map(() => pick<ScalePoint>([-2, -1, 1, 2])));
  const answers: Answer[] = [];
  const campOf = new Map<string, number>();
  for (let i = 0; i < options.people; i++) {
    const participantId = `p${String(i).padStart(3, '0')}`;
    const camp = i % options.camps;
    campOf.set(participantId, camp);
    beliefIds.forEach((beliefId, j) => {
      if (random() < (options.missing ?? 0)) return;
      const agreement = random() < options.noise ? pick(POINTS) : stances[camp][j];
      answers.push({ beliefId, participantId, agreement });
    });
  }
  return { beliefIds, answers, campOf };
}

/** Hubert & Arabie's adjusted Rand index of two labellings of the same items: 1 when they agree, ≈ 0 by chance. */
export function adjustedRandIndex(a: readonly number[], b: readonly number[]): number {
  const choose2 = (n: number) => (n * (n - 1)) / 2;
  const table = new Map<string, number>();
  const rows = new Map<number, number>();
  const columns = new Map<number, number>();
  a.forEach((x, i) => {
    const y = b[i];
    table.set(`${x}:${y}`, (table.get(`${x}:${y}`) ?? 0) + 1);
    rows.set(x, (rows.get(x) ?? 0) + 1);
    columns.set(y, (columns.get(y) ?? 0) + 1);
  });
  const index = [...table.values()].reduce((sum, n) => sum + choose2(n), 0);
  const rowSum = [...rows.values()].reduce((sum, n) => sum + choose2(n), 0);
  const columnSum = [...columns.values()].reduce((sum, n) => sum + choose2(n), 0);
  const expected = (rowSum * columnSum) / choose2(a.length);
  const max = (rowSum + columnSum) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}
