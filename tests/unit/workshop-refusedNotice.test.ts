// A refusal on the workshop channel says which comment request it refuses, or that it
// refuses something else (shared/workshopMessages.ts), after its reason: a page from before
// reads the reason and stops, and a relay from before sends the reason alone.
import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import { encodeWorkshopNotice, readWorkshopNotice, type WorkshopNotice } from '../../shared/workshopMessages.ts';

/** The notice as a page reads it: past the message type, as the provider hands it on. */
function read(bytes: Uint8Array): WorkshopNotice {
  const decoder = decoding.createDecoder(bytes);
  decoding.readVarUint(decoder);
  return readWorkshopNotice(decoder);
}

describe('a refusal on the workshop channel', () => {
  it('names the comment request it refuses, or says it refuses something else', () => {
    expect(read(encodeWorkshopNotice({ kind: 'refused', reason: 'Only its author may change a comment.', comment: 'c-ann-000000001' }))).toEqual({
      kind: 'refused',
      reason: 'Only its author may change a comment.',
      comment: 'c-ann-000000001',
    });
    expect(read(encodeWorkshopNotice({ kind: 'refused', reason: 'The deadline has already passed.', comment: null }))).toEqual({
      kind: 'refused',
      reason: 'The deadline has already passed.',
      comment: null,
    });
  });

  it('reads as before where a relay from before sent the reason alone, and a page from before reads the reason of a new one', () => {
    const before = encodeWorkshopNotice({ kind: 'refused', reason: 'Round 2 is still open: reveal it first.' });
    expect(read(before)).toEqual({ kind: 'refused', reason: 'Round 2 is still open: reveal it first.' });
    const now = encodeWorkshopNotice({ kind: 'refused', reason: 'Round 2 is still open: reveal it first.', comment: null });
    // The new notice is the old one with more after it, which a page from before never reads.
    expect(Array.from(now.subarray(0, before.length))).toEqual(Array.from(before));
    expect(now.length).toBeGreaterThan(before.length);
  });

  it('refuses a malformed comment id after the reason', () => {
    const good = encodeWorkshopNotice({ kind: 'refused', reason: 'No.', comment: 'c-ann-000000001' });
    const bad = encodeWorkshopNotice({ kind: 'refused', reason: 'No.', comment: 'x y' });
    expect(() => read(bad)).toThrow(/malformed/);
    expect(read(good)).toMatchObject({ comment: 'c-ann-000000001' });
  });
});
