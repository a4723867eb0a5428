// Group-informed consensus and divisive beliefs on a table of cases.
import { describe, expect, it } from 'vitest';
import { acrossGroups, beliefsAcrossGroups } from '../../shared/groups/groupConsensus.ts';
import type { ScalePoint } from '../../shared/schema.ts';

describe('across groups', () => {
  const cases: { name: string; groups: ScalePoint[][]; agreement: number; consensus: 'agree' | 'disagree' | null; divisive: boolean }[] = [
    // (2+1)/(2+2) · (3+1)/(3+2) = 0.75 · 0.8
    { name: 'both groups agree', groups: [[2, 1], [1, 1, 2]], agreement: 0.6, consensus: 'agree', divisive: false },
    { name: 'both disagree', groups: [[-2, -2], [-1, -2, -1]], agreement: (1 / 4) * (1 / 5), consensus: 'disagree', divisive: false },
    { name: 'opposite sides', groups: [[2, 2, 1], [-2, -1, -2]], agreement: (4 / 5) * (1 / 5), consensus: null, divisive: true },
    // One group agrees, the other is unsure: neither consensus nor divisive.
    { name: 'one side and the middle', groups: [[2, 2], [0, 0, 0]], agreement: (3 / 4) * (1 / 5), consensus: null, divisive: false },
    // A group with no answers leans nowhere and pulls the product to ½.
    { name: 'a silent group', groups: [[2, 2, 2], []], agreement: (4 / 5) * (1 / 2), consensus: null, divisive: false },
    // Three groups, one split 1–1 inside itself: (3/4)(3/4)(2/4) = 0.28 ≥ 0.6³ = 0.216, and
    // the split group leans neither way, so the product calls it consensus, as Pol.is would.
    { name: 'three groups, one split evenly', groups: [[2, 1], [1, 2], [2, -2]], agreement: 0.28125, consensus: 'agree', divisive: false },
    // The same with the third group leaning against: no consensus, and divisive.
    { name: 'three groups, one against', groups: [[2, 1], [1, 2], [-2, -2]], agreement: (3 / 4) * (3 / 4) * (1 / 4), consensus: null, divisive: true },
    { name: 'a lone dissenter group', groups: [[1, 1, 1, 1], [2, 2, 2], [-1]], agreement: (5 / 6) * (4 / 5) * (1 / 3), consensus: null, divisive: true },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const figures = acrossGroups(c.groups);
      expect(figures.agreement).toBeCloseTo(c.agreement, 12);
      expect(figures.consensus).toBe(c.consensus);
      expect(figures.divisive).toBe(c.divisive);
      expect(figures.groups.map((g) => g.answered)).toEqual(c.groups.map((g) => g.length));
    });
  }

  it('counts each group\'s answers by member, passes left out, beliefs nobody in a group answered omitted', () => {
    const figures = beliefsAcrossGroups(
      ['b1', 'b2', 'b3'],
      [
        { beliefId: 'b1', participantId: 'ana', agreement: 2 },
        { beliefId: 'b1', participantId: 'bo', agreement: 'pass' },
        { beliefId: 'b1', participantId: 'cy', agreement: -1 },
        { beliefId: 'b2', participantId: 'outsider', agreement: 2 },
        { beliefId: 'gone', participantId: 'ana', agreement: 2 },
      ],
      [['ana', 'bo'], ['cy']],
    );
    expect([...figures.keys()]).toEqual(['b1']);
    const b1 = figures.get('b1')!;
    expect(b1.groups.map((g) => [g.answered, g.agree, g.disagree])).toEqual([[1, 1, 0], [1, 0, 1]]);
    expect(b1.groups[0].distribution[2]).toBe(1);
    expect(b1.divisive).toBe(true);
  });
});
