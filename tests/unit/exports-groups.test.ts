// The exports' opinion groups on a board with two planted camps: the membership CSV puts
// each camp in one group, and "Where the groups differ" lists what divides them.
import { describe, expect, it } from 'vitest';
import { groupsCsv } from '../../shared/exports/csvExports.ts';
import { markdownSummary } from '../../shared/exports/markdown.ts';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type BoardSnapshot } from '../../shared/snapshot/format.ts';
import { plantedCamps } from '../helpers/plantedCamps.ts';

const seed = process.env.SEED ? Number(process.env.SEED) : Math.floor(Math.random() * 2 ** 31);

function campBoard(): { snapshot: BoardSnapshot; campOf: Map<string, number> } {
  const board = plantedCamps(seed, { camps: 2, people: 8, beliefs: 12, noise: 0, missing: 0 });
  const snapshot: BoardSnapshot = {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    title: 'Camps',
    template: 'belief-map',
    createdAt: 0,
    exportedAt: 0,
    beliefs: board.beliefIds.map((id, i) => ({ id, text: `Belief ${i}`, x: 0, y: 0, color: 'yellow', authorId: 'p000', createdAt: i })),
    participants: [...board.campOf.keys()].map((id) => ({ id, name: `Name of ${id}`, color: '#000000' })),
    positions: board.answers.map((answer) => ({ ...answer, direction: null, updatedAt: 0 })),
    rounds: [],
    comments: [],
    actions: [],
  };
  return { snapshot, campOf: board.campOf };
}

describe(`opinion groups in the exports (seed ${seed})`, () => {
  it('the membership CSV puts each planted camp in a group of its own, by name', () => {
    const { snapshot, campOf } = campBoard();
    const rows = groupsCsv(snapshot).replace(/^\uFEFF/, '').trim().split('\r\n').slice(1).map((line) => line.split(','));
    expect(rows).toHaveLength(8);
    const groupOfCamp = new Map<number, string>();
    for (const [id, name, group] of rows) {
      const person = JSON.parse(id) as string;
      expect(JSON.parse(name)).toBe(`Name of ${person}`);
      const camp = campOf.get(person)!;
      if (!groupOfCamp.has(camp)) groupOfCamp.set(camp, group);
      expect(group, person).toBe(groupOfCamp.get(camp));
    }
    expect(new Set(groupOfCamp.values()).size).toBe(2);
  });

  it('the Markdown lists as divisive exactly the beliefs the camps answer on opposite sides', () => {
    const { snapshot, campOf } = campBoard();
    const markdown = markdownSummary(snapshot);
    const section = markdown.slice(markdown.indexOf('## Where the groups differ'));
    const divisive = section.slice(section.indexOf('### Divisive'), section.indexOf('### Consensus'));
    const sideOf = (camp: number, beliefId: string) =>
      Math.sign(snapshot.positions.find((p) => p.beliefId === beliefId && campOf.get(p.participantId) === camp)!.agreement as number);
    for (const [index, belief] of snapshot.beliefs.entries()) {
      const opposite = sideOf(0, belief.id) !== sideOf(1, belief.id);
      expect(divisive.includes(`- Belief ${index}\n`), belief.text).toBe(opposite);
    }
  });
});
