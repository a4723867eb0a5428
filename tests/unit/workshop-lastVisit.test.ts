import { describe, expect, it } from 'vitest';
import { beliefFingerprint, changesSince, fingerprintsToKeep } from '../../client/workshop/lastVisit.ts';

const seen = { a: beliefFingerprint('Ship often', 2), b: beliefFingerprint('Users read notes', 0), gone: beliefFingerprint('x', 0) };

describe('since your last visit', () => {
  it('marks beliefs added, rewritten or newly answered, and nothing else', () => {
    const now = {
      a: beliefFingerprint('Ship often', 3),
      b: beliefFingerprint('Users read notes', 0),
      c: beliefFingerprint('New one', 0),
    };
    expect(changesSince(seen, now)).toEqual(new Map([['a', 'changed'], ['c', 'new']]));
    expect(changesSince(seen, { ...now, a: beliefFingerprint('Ship rarely', 2) }).get('a')).toBe('changed');
  });

  it('tells new comments, and new mentions of me, from a change to the belief itself', () => {
    // A fingerprint stored before the board had a discussion reads the same while there is none.
    expect(beliefFingerprint('Ship often', 2, 0, 0)).toBe(seen.a);
    const talked = { ...seen, a: beliefFingerprint('Ship often', 2, 1, 0) };
    expect(changesSince(seen, talked).get('a')).toBe('commented');
    expect(changesSince(talked, { ...talked, a: beliefFingerprint('Ship often', 2, 2, 1) }).get('a')).toBe('mentioned');
    expect(changesSince(talked, { ...talked, a: beliefFingerprint('Ship often', 3, 2, 1) }).get('a')).toBe('changed');
    expect(changesSince(talked, talked).size).toBe(0);
  });

  it('marks nothing on a first visit', () => {
    expect(changesSince(null, { a: 'x' }).size).toBe(0);
  });

  it('keeps a marked belief unseen until it is viewed, and forgets deleted ones', () => {
    const now = { a: beliefFingerprint('Ship often', 3), b: seen.b, c: beliefFingerprint('New one', 0) };
    const kept = fingerprintsToKeep(seen, now, new Set(['a', 'c']));
    expect(kept).toEqual({ a: seen.a, b: seen.b });
    expect(changesSince(kept, now)).toEqual(new Map([['a', 'changed'], ['c', 'new']]));
    expect(changesSince(fingerprintsToKeep(kept, now, new Set()), now).size).toBe(0);
  });
});
