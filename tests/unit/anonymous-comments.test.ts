// The pieces of anonymous comments that need no relay: the workshop requests on the wire
// (shared/workshopMessages.ts), decoded defensively; the relay's write under a pseudonym
// (server/rounds/anonymousComments.ts), honoured only for the pseudonym's owner; and the
// names the discussion shows for authors (client/discussion/people.ts).
import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { makePseudonym } from '../../shared/anonymity.ts';
import { addComment, listComments } from '../../shared/comments.ts';
import { MAX_COMMENT_MENTIONS, MAX_COMMENT_TEXT } from '../../shared/limits.ts';
import { addBelief } from '../../shared/model.ts';
import { encodeWorkshopRequest, readWorkshopRequest, type WorkshopRequest } from '../../shared/workshopMessages.ts';
import { moveCommentsUnder, namedCommentAuthors, writeAnonymousComment } from '../../server/rounds/anonymousComments.ts';
import { nameReader } from '../../client/discussion/people.ts';

function roundTrip(request: WorkshopRequest): WorkshopRequest {
  const decoder = decoding.createDecoder(encodeWorkshopRequest(request));
  decoding.readVarUint(decoder);
  return readWorkshopRequest(decoder);
}

describe('comment requests on the workshop channel', () => {
  it('carry a comment, an edit and a deletion whole', () => {
    const requests: WorkshopRequest[] = [
      { kind: 'comment', id: 'c1', beliefId: 'b1', parentId: null, text: 'Weekly is too often', mentions: ['p2'] },
      { kind: 'comment', id: 'c2', beliefId: 'b1', parentId: 'c1', text: 'Agreed', mentions: [] },
      { kind: 'editComment', id: 'c1', text: 'Weekly is too often for mobile', mentions: ['p2', 'p3'] },
      { kind: 'deleteComment', id: 'c2' },
    ];
    for (const request of requests) expect(roundTrip(request)).toEqual(request);
  });

  it('refuse more mentions than a comment holds, a malformed id and an endless text', () => {
    const tooMany = Array.from({ length: MAX_COMMENT_MENTIONS + 1 }, (_, i) => `p${i}`);
    expect(() => roundTrip({ kind: 'comment', id: 'c1', beliefId: 'b1', parentId: null, text: 'x', mentions: tooMany })).toThrow(/mentions at most/);
    expect(() => roundTrip({ kind: 'editComment', id: 'bad id!', text: 'x', mentions: [] })).toThrow(/malformed/);
    expect(() => roundTrip({ kind: 'comment', id: 'c1', beliefId: 'b1', parentId: 'no good', text: 'x', mentions: [] })).toThrow(/malformed/);
    expect(() => roundTrip({ kind: 'comment', id: 'c1', beliefId: 'b1', parentId: null, text: 'x'.repeat(MAX_COMMENT_TEXT * 2 + 1), mentions: [] })).toThrow(/longer/);
  });
});

describe("the relay's write of a comment under a pseudonym", () => {
  const setup = () => {
    const doc = new Y.Doc();
    const belief = addBelief(doc, { text: 'We ship weekly', x: 0, y: 0, authorId: 'fiona' }, null);
    return { doc, belief, ann: makePseudonym(1), ben: makePseudonym(2) };
  };

  it('writes under the pseudonym, and changes a comment only for its owner', () => {
    const { doc, belief, ann, ben } = setup();
    expect(writeAnonymousComment(doc, { kind: 'comment', id: 'c1', beliefId: belief, parentId: null, text: '  Too often  ', mentions: ['ben'] }, ann, 1000)).toBeNull();
    expect(listComments(doc)).toMatchObject([{ id: 'c1', authorId: ann, text: 'Too often', mentions: ['ben'], createdAt: 1000 }]);
    expect(writeAnonymousComment(doc, { kind: 'editComment', id: 'c1', text: 'Rewritten', mentions: [] }, ben)).toMatch(/Only its author may edit/);
    expect(writeAnonymousComment(doc, { kind: 'deleteComment', id: 'c1' }, ben)).toMatch(/Only its author may delete/);
    expect(listComments(doc)[0].text).toBe('Too often');
    expect(writeAnonymousComment(doc, { kind: 'editComment', id: 'c1', text: 'Too often for mobile', mentions: [] }, ann, 2000)).toBeNull();
    expect(listComments(doc)[0]).toMatchObject({ text: 'Too often for mobile', editedAt: 2000, authorId: ann });
    expect(writeAnonymousComment(doc, { kind: 'deleteComment', id: 'c1' }, ann)).toBeNull();
    expect(listComments(doc)).toEqual([]);
  });

  it('says why it writes nothing: an empty comment, a taken id, a gone belief, a reply across beliefs', () => {
    const { doc, belief, ann } = setup();
    const other = addBelief(doc, { text: 'Docs are current', x: 0, y: 0, authorId: 'fiona' }, null);
    expect(writeAnonymousComment(doc, { kind: 'comment', id: 'c1', beliefId: belief, parentId: null, text: '   ', mentions: [] }, ann)).toMatch(/empty/);
    expect(writeAnonymousComment(doc, { kind: 'comment', id: 'c1', beliefId: belief, parentId: null, text: 'First', mentions: [] }, ann)).toBeNull();
    expect(writeAnonymousComment(doc, { kind: 'comment', id: 'c1', beliefId: belief, parentId: null, text: 'Again', mentions: [] }, ann)).toMatch(/already posted/);
    expect(writeAnonymousComment(doc, { kind: 'comment', id: 'c2', beliefId: 'gone', parentId: null, text: 'Where?', mentions: [] }, ann)).toMatch(/no longer on the board/);
    expect(writeAnonymousComment(doc, { kind: 'comment', id: 'c3', beliefId: other, parentId: 'c1', text: 'Across', mentions: [] }, ann)).toMatch(/same belief/);
    expect(listComments(doc).map((comment) => comment.id)).toEqual(['c1']);
  });

  it('moves named comments under their authors’ pseudonyms, keeping thread, words and mentions', () => {
    const { doc, belief, ann, ben } = setup();
    const first = addComment(doc, { beliefId: belief, authorId: 'ann', text: 'A named comment' }, null);
    addComment(doc, { beliefId: belief, authorId: 'ben', text: 'Me too', parentId: first, mentions: ['ann'] }, null);
    expect([...namedCommentAuthors(doc)].sort()).toEqual(['ann', 'ben']);
    const under = new Map([['ann', ann], ['ben', ben]]);
    doc.transact(() => moveCommentsUnder(doc, (id) => under.get(id)!));
    expect(namedCommentAuthors(doc).size).toBe(0);
    // Both may share a millisecond: listed by text, not by time.
    const moved = listComments(doc).sort((a, b) => a.text.localeCompare(b.text));
    expect(moved.map(({ authorId, parentId, text, mentions }) => ({ authorId, parentId, text, mentions }))).toEqual([
      { authorId: ann, parentId: null, text: 'A named comment', mentions: [] },
      { authorId: ben, parentId: first, text: 'Me too', mentions: ['ann'] },
    ]);
  });
});

describe('names of comment authors in the discussion', () => {
  const participants = new Map([
    ['ann', { name: 'Ann', color: '#1971c2' }],
    ['ben', { name: 'Ben', color: '#1971c2' }],
  ]);
  const annPseudonym = makePseudonym(4);
  const benPseudonym = makePseudonym(7);

  it('"Person n" for a pseudonym, "you" for mine, a name only where the facilitator was told whose it is', () => {
    const asBen = nameReader(participants, 'ben', { mine: benPseudonym, owners: new Map() });
    expect(asBen(annPseudonym)).toBe('Person 4');
    expect(asBen(benPseudonym)).toBe('you');
    expect(asBen('ann'), 'a mention still names the mentioned').toBe('Ann');
    const facilitator = nameReader(participants, 'fiona', { mine: 'fiona', owners: new Map([[annPseudonym, 'ann']]) });
    expect(facilitator(annPseudonym)).toBe('Ann');
    expect(facilitator(benPseudonym)).toBe('Person 7');
    expect(nameReader(participants, 'ben')('someone')).toBe('someone who left');
  });
});
