// Two relays' rosters merged (server/access/rosterMerge.ts): the record's word first.
import { describe, expect, it } from 'vitest';
import { mergeRosters } from '../../server/access/rosterMerge.ts';
import { emptyRoster, type RosterState } from '../../server/access/rosterState.ts';

function roster(participants: [string, string | null, boolean?][], clients: [number, string][] = []): RosterState {
  const state = emptyRoster();
  for (const [id, keyHash, removed] of participants) state.participants.set(id, { keyHash, via: keyHash ? 'shared' : 'personal', removed: removed === true });
  for (const [client, owner] of clients) state.clients.set(client, owner);
  return state;
}

describe('mergeRosters', () => {
  it('keeps the earlier binding of an id and adds the ids only the later one has', () => {
    const merged = mergeRosters(roster([['ann', 'aa']]), roster([['ann', 'bb'], ['bob', 'cc']]));
    expect(merged.participants.get('ann')).toMatchObject({ keyHash: 'aa' });
    expect(merged.participants.get('bob')).toMatchObject({ keyHash: 'cc' });
  });

  it('never undoes a removal, whichever side made it', () => {
    expect(mergeRosters(roster([['ann', 'aa', true]]), roster([['ann', 'aa']])).participants.get('ann')?.removed).toBe(true);
    const later = mergeRosters(roster([['ann', 'aa']]), roster([['ann', 'zz', true]])).participants.get('ann');
    expect(later).toMatchObject({ keyHash: 'aa', removed: true });
  });

  it('gives a client id to its first owner', () => {
    const merged = mergeRosters(roster([], [[7, 'ann']]), roster([], [[7, 'bob'], [8, 'bob']]));
    expect(Array.from(merged.clients)).toEqual([
      [7, 'ann'],
      [8, 'bob'],
    ]);
  });

  it('changes neither input', () => {
    const first = roster([['ann', 'aa']]);
    const then = roster([['ann', 'bb', true]]);
    mergeRosters(first, then);
    expect(first.participants.get('ann')?.removed).toBe(false);
    expect(then.participants.get('ann')?.keyHash).toBe('bb');
  });
});
