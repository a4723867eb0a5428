// The opinion groups of a board: people who answer alike, found as Pol.is finds them
// (principal components with missing answers, then k-means with k chosen by silhouette),
// tuned for teams of 4–30, and kept stable while answers come in one at a time.
//
// Stability, the exact promise (tests/unit/groups-opinionGroups.test.ts checks it):
// between two calls, people whose answers changed are taken one at a time; for each, every
// other person keeps their group and only that person may move (to the group whose centre
// is nearest them) — unless a grouping made afresh is better by at least REGROUP_MARGIN in
// silhouette, in which case the result says `regrouped`. So one new answer moves at most
// one person, or visibly rebuilds the grouping because the old one no longer fits.
import { agreementMatrix, hasEnoughForGroups, rowSignature, type AgreementMatrix, type Answer } from './agreementMatrix.ts';
import { centersOf, compact, inertia, kMeans, lloyd, nearest, silhouette, type Point } from './kMeans.ts';
import { principalComponents, projectPeople } from './principalComponents.ts';

export const MIN_GROUPS = 2;
export const MAX_GROUPS = 4;
/** How much better (in mean silhouette, −1…1) a fresh grouping must be to replace the kept one. */
export const REGROUP_MARGIN = 0.15;
/**
 * A grouping into more groups must beat one into fewer by this much silhouette to be
 * chosen: in the plane of two components, a camp whose members scatter along the second,
 * noisy component is otherwise split in two about a quarter of the time (measured on
 * planted camps of 12 people × 20 beliefs at 10 % noise).
 */
export const MORE_GROUPS_MUST_BEAT_BY = 0.1;
/** The k-means++ seed: fixed, so the same answers always give the same groups. */
const SEED = 17;

export type FoundGroups = Extract<OpinionGroups, { status: 'groups' }>;

export type OpinionGroups =
  | { status: 'not-enough'; people: number; beliefs: number }
  /** Enough answers, but everyone counted answered the same way: nothing to split. */
  | { status: 'alike'; people: number; beliefs: number }
  | {
      status: 'groups';
      people: number;
      beliefs: number;
      /** Participant ids per group, sorted; a group's number is its index (Group A is 0). */
      groups: string[][];
      silhouette: number;
      /** True when this update rebuilt the grouping rather than moving single people. */
      regrouped: boolean;
      /** When rebuilt on a change: the silhouette of the grouping it replaced (lower by REGROUP_MARGIN at least). */
      replacedSilhouette?: number;
    };

/** What one call hands the next: the groups, the answers they were found from, the components. */
export interface GroupingState {
  /** person → group number. */
  groupOf: Map<string, number>;
  /** person → their answers, belief → agreement. */
  rows: Map<string, Map<string, number>>;
  /** person → rowSignature, to tell whose answers changed. */
  signatures: Map<string, string>;
  /** belief → its weight on the two components, for the warm start. */
  axes: Map<string, [number, number]>;
}

interface Placed {
  people: string[];
  places: Point[];
  axes: Map<string, [number, number]>;
}

function place(matrix: AgreementMatrix, warm: Map<string, [number, number]> | null): Placed {
  const start = warm
    ? ([0, 1].map((axis) => matrix.beliefs.map((id) => warm.get(id)?.[axis] ?? 0)) as [number[], number[]])
    : null;
  const components = principalComponents(matrix.answers, matrix.beliefs.length, start);
  const axes = new Map(matrix.beliefs.map((id, j): [string, [number, number]] => [id, [components.axes[0][j], components.axes[1][j]]]));
  return { people: matrix.people, places: projectPeople(matrix.answers, components), axes };
}

function distinctPlaces(places: readonly Point[]): number {
  return new Set(places.map(([x, y]) => `${x.toFixed(9)},${y.toFixed(9)}`)).size;
}

/** The best grouping made afresh: k from 2 to 4 by silhouette, each k by seeded k-means++ (or from `warm` centres). */
function freshGrouping(places: readonly Point[], warm: readonly Point[] | null): { assignment: number[]; silhouette: number } | null {
  const largestK = Math.min(MAX_GROUPS, distinctPlaces(places), places.length - 1);
  let best: { assignment: number[]; silhouette: number } | null = null;
  for (let k = MIN_GROUPS; k <= largestK; k++) {
    let assignment = kMeans(places, k, SEED + k);
    if (warm && warm.length === k) {
      const fromWarm = compact(lloyd(places, warm));
      // The warm start wins ties, so an unchanged picture keeps its groups.
      if (inertia(places, fromWarm, k) <= inertia(places, assignment, k) + 1e-9) assignment = fromWarm;
    }
    if (Math.max(...assignment) + 1 < 2) continue;
    const score = silhouette(places, assignment);
    if (!best || score > best.silhouette + MORE_GROUPS_MUST_BEAT_BY) best = { assignment, silhouette: score };
  }
  return best;
}

/**
 * Numbers `next`'s groups after the groups in `previous` they share most people with, so
 * Group A stays Group A; groups with no match follow, and the numbers have no gaps.
 */
function alignGroups(next: readonly number[], previous: readonly (number | undefined)[]): number[] {
  const overlaps: [number, number, number][] = [];
  const counts = new Map<string, number>();
  next.forEach((group, i) => {
    const before = previous[i];
    if (before === undefined) return;
    const key = `${group}:${before}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  for (const [key, count] of counts) {
    const [group, before] = key.split(':').map(Number);
    overlaps.push([count, group, before]);
  }
  overlaps.sort((a, b) => b[0] - a[0] || a[1] - b[1] || a[2] - b[2]);
  const label = new Map<number, number>();
  const taken = new Set<number>();
  for (const [, group, before] of overlaps) {
    if (label.has(group) || taken.has(before)) continue;
    label.set(group, before);
    taken.add(before);
  }
  let spare = Math.max(-1, ...taken) + 1;
  for (const group of [...new Set(next)].sort((a, b) => a - b)) if (!label.has(group)) label.set(group, spare++);
  return withoutGaps(next.map((group) => label.get(group)!));
}

function withoutGaps(assignment: readonly number[]): number[] {
  const used = [...new Set(assignment)].sort((a, b) => a - b);
  return assignment.map((group) => used.indexOf(group));
}

/** A first grouping's numbers: the largest group is A, ties by who comes first. */
function largestFirst(assignment: readonly number[]): number[] {
  const groups = [...new Set(assignment)];
  const size = (group: number) => assignment.filter((g) => g === group).length;
  groups.sort((a, b) => size(b) - size(a) || assignment.indexOf(a) - assignment.indexOf(b));
  return assignment.map((group) => groups.indexOf(group));
}

function matrixFromRows(rows: Map<string, Map<string, number>>, beliefOrder: readonly string[]): AgreementMatrix {
  const answers: Answer[] = [];
  for (const [participantId, row] of rows) for (const [beliefId, agreement] of row) answers.push({ beliefId, participantId, agreement: agreement as Answer['agreement'] });
  return agreementMatrix(beliefOrder, answers);
}

function rowsOf(matrix: AgreementMatrix): Map<string, Map<string, number>> {
  return new Map(
    matrix.people.map((person, i) => {
      const row = new Map<string, number>();
      matrix.answers[i].forEach((value, j) => {
        if (value !== null) row.set(matrix.beliefs[j], value);
      });
      return [person, row];
    }),
  );
}

interface Step {
  groupOf: Map<string, number>;
  axes: Map<string, [number, number]>;
  silhouette: number;
  regrouped: boolean;
  replacedSilhouette?: number;
  /** Everyone now sits in one place: there is nothing left to split. */
  alike?: boolean;
}

/** One person's answers changed (or they came or left): they may move; the rest stay, unless a fresh grouping is clearly better. */
function stepOnePerson(
  rows: Map<string, Map<string, number>>,
  beliefOrder: readonly string[],
  previous: Pick<GroupingState, 'groupOf' | 'axes'>,
  person: string,
): Step {
  const placed = place(matrixFromRows(rows, beliefOrder), previous.axes);
  const before = placed.people.map((id) => (id === person ? undefined : previous.groupOf.get(id)));
  const groupCount = Math.max(-1, ...before.map((group) => group ?? -1)) + 1;
  const others = before.map((group) => group ?? -1);
  // Centres of the groups as the others make them; the changed person joins the nearest.
  const othersCenters = centersOf(
    placed.places.filter((_, i) => others[i] >= 0),
    others.filter((group) => group >= 0),
    groupCount,
  );
  const populated = new Set(others.filter((group) => group >= 0));
  const kept = before.map((group, i) => {
    if (group !== undefined) return group;
    const own = previous.groupOf.get(person);
    // Someone alone in their group has no one to be compared with: they stay.
    if (own !== undefined && !populated.has(own)) return own;
    const candidates = [...populated].sort((a, b) => a - b);
    return candidates[nearest(placed.places[i], candidates.map((group) => othersCenters[group]))];
  });
  const keptGroups = withoutGaps(kept);
  const keptScore = Math.max(...keptGroups) >= 1 ? silhouette(placed.places, keptGroups) : -Infinity;
  const fresh = freshGrouping(
    placed.places,
    centersOf(placed.places, keptGroups, Math.max(...keptGroups) + 1),
  );
  if (distinctPlaces(placed.places) < 2) return { groupOf: previous.groupOf, axes: placed.axes, silhouette: 0, regrouped: false, alike: true };
  if (fresh && fresh.silhouette >= keptScore + REGROUP_MARGIN) {
    const aligned = alignGroups(fresh.assignment, keptGroups);
    return { groupOf: new Map(placed.people.map((id, i) => [id, aligned[i]])), axes: placed.axes, silhouette: fresh.silhouette, regrouped: true, replacedSilhouette: keptScore };
  }
  return { groupOf: new Map(placed.people.map((id, i) => [id, keptGroups[i]])), axes: placed.axes, silhouette: keptScore, regrouped: false };
}

/**
 * The groups of the people in `matrix`, and the state to hand the next call. With no
 * previous state (or when there were not enough answers before), the grouping is made
 * afresh; otherwise it is carried forward one changed person at a time (see the top).
 */
export function findOpinionGroups(
  matrix: AgreementMatrix,
  previous: GroupingState | null,
): { groups: OpinionGroups; state: GroupingState | null } {
  const counts = { people: matrix.people.length, beliefs: matrix.sharedBeliefs };
  if (!hasEnoughForGroups(matrix)) return { groups: { status: 'not-enough', ...counts }, state: null };
  const signatures = new Map(matrix.people.map((person, i) => [person, rowSignature(matrix, i)]));
  const rows = rowsOf(matrix);

  if (!previous) {
    const placed = place(matrix, null);
    const fresh = freshGrouping(placed.places, null);
    if (!fresh) return { groups: { status: 'alike', ...counts }, state: null };
    const assignment = largestFirst(fresh.assignment);
    const groupOf = new Map(matrix.people.map((id, i) => [id, assignment[i]]));
    const state = { groupOf, rows, signatures, axes: placed.axes };
    return { groups: result(groupOf, fresh.silhouette, true, counts), state };
  }

  const changed = new Set<string>();
  for (const [person, signature] of signatures) if (previous.signatures.get(person) !== signature) changed.add(person);
  for (const person of previous.signatures.keys()) if (!signatures.has(person)) changed.add(person);
  if (changed.size === 0) {
    const score = silhouette(place(matrix, previous.axes).places, matrix.people.map((id) => previous.groupOf.get(id)!));
    return { groups: result(previous.groupOf, score, false, counts), state: { ...previous, rows, signatures } };
  }

  // Board order for every belief either version has answers to.
  const beliefOrder = [...matrix.beliefs];
  for (const row of previous.rows.values()) for (const id of row.keys()) if (!beliefOrder.includes(id)) beliefOrder.push(id);
  const working = new Map(previous.rows);
  let step: Step = { groupOf: previous.groupOf, axes: previous.axes, silhouette: 0, regrouped: false };
  let regrouped = false;
  let replacedSilhouette: number | undefined;
  for (const person of [...changed].sort()) {
    const row = rows.get(person);
    if (row) working.set(person, row);
    else working.delete(person);
    step = stepOnePerson(working, beliefOrder, step, person);
    if (step.regrouped) {
      regrouped = true;
      replacedSilhouette = step.replacedSilhouette;
    }
  }
  if (step.alike || Math.max(...step.groupOf.values()) < 1) return { groups: { status: 'alike', ...counts }, state: null };
  const state = { groupOf: step.groupOf, rows, signatures, axes: step.axes };
  const groups = result(step.groupOf, step.silhouette, regrouped, counts);
  return { groups: replacedSilhouette === undefined ? groups : { ...groups, replacedSilhouette }, state };
}

function result(groupOf: Map<string, number>, score: number, regrouped: boolean, counts: { people: number; beliefs: number }): FoundGroups {
  const groups: string[][] = [];
  for (const [person, group] of groupOf) (groups[group] ??= []).push(person);
  return { status: 'groups', ...counts, groups: groups.map((members) => [...members].sort()), silhouette: score, regrouped };
}
