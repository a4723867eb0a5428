// Anonymity levels against the real relay and store (docs/groups.md, "Anonymity
// levels"): in each level, everything a participant and a view link receive — sync,
// updates, awareness, workshop notices — is decoded from the bytes and searched for a
// person joined to an answer; so are the exports fetched with a participant link. A
// participant's own position write under an anonymous level is refused, and switching
// levels never shows what was given under a more private one. The named level is the
// control: there the same audit must find the links, or it finds nothing anywhere.
import { afterEach, describe, expect, it } from 'vitest';
import { isPseudonym, readAnonymity, readWaitingAnswers, setAnonymityLevel, setMinAnswers, type AnonymityLevel } from '../../shared/anonymity.ts';
import { addBelief, setPosition } from '../../shared/model.ts';
import { readStoredComment } from '../../shared/comments.ts';
import { parsePositionKey, positionsMap, readStoredPosition } from '../../shared/schema.ts';
import { readRoundHistory, readWorkshop } from '../../shared/workshop.ts';
import type { BoardSnapshot } from '../../shared/snapshot/format.ts';
import { decodeReceived, nameAnswerLinks, pseudonymousAnswers, type Person } from '../helpers/linkAudit.ts';
import { openWorkshopChannel } from '../../client/state/workshopChannel.ts';
import { accessOf, connectProvider, startTestRelay, waitFor, waitSynced, type TestRelay } from '../helpers/relay.ts';
import { openMember, openViewer as openAuditViewer, pseudonymOf, type Member } from '../helpers/auditedMembers.ts';
import type { WorkshopClient } from '../helpers/workshopClient.ts';

let relay: TestRelay | null = null;
const cleanups: (() => unknown)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await relay?.close();
  relay = null;
});

const open = (boardId: string, name: string, role: 'edit' | 'facilitate' = 'edit'): Promise<Member> => openMember(relay!.wsUrl, boardId, name, cleanups, role);
const openViewer = (boardId: string): Promise<WorkshopClient> => openAuditViewer(relay!.wsUrl, boardId, cleanups);

/** My answer as I give it at this level: to the relay when anonymous, into my own document when named. */
function answer(member: Member, level: AnonymityLevel, beliefId: string, agreement: -2 | -1 | 0 | 1 | 2): void {
  if (level === 'named') setPosition(member.client.doc, beliefId, member.person.id, { agreement, direction: 1 }, 'local');
  else member.client.send({ kind: 'answer', beliefId, agreement, direction: 1 });
}

function positionsOn(client: WorkshopClient, beliefId: string): number {
  return Array.from(positionsMap(client.doc).keys()).filter((key) => parsePositionKey(key)?.beliefId === beliefId).length;
}

/** Everything each of them sent has been handled, and each has received what the room applied up to then. */
async function settle(...clients: WorkshopClient[]): Promise<void> {
  for (const client of clients) await client.stored();
  for (const client of clients) await client.stored();
}

async function fetchExport(boardId: string, file: string, secret: string): Promise<string> {
  const response = await fetch(`${relay!.server.url}/api/boards/${boardId}/${file}`, { headers: { Authorization: `Bearer ${secret}` } });
  expect(response.status, `${file}: ${response.status}`).toBe(200);
  return response.text();
}

/** Lines of a text export that name one of `people` beside a figure of an answer. */
function exportLinks(text: string, people: readonly Person[]): string[] {
  return text
    .split('\n')
    // The list of who took part names everyone, beside no answer.
    .filter((line) => !line.startsWith('**Who took part**'))
    .filter((line) => people.some((person) => line.includes(person.name) || line.includes(person.id)));
}

describe('anonymity levels: nothing a participant or view link receives joins a name to an answer', () => {
  for (const level of ['participants', 'everyone', 'named'] as const) {
    it(`${level}: answers, a held answer, a sealed round, a forged write and the exports`, async () => {
      relay = await startTestRelay();
      const boardId = await relay.createBoard(`Anonymity ${level}`);
      const fiona = await open(boardId, 'Fiona Facilitator', 'facilitate');
      const beliefs = ['We ship weekly', 'Docs are current', 'Users read notes'].map((text, i) =>
        addBelief(fiona.client.doc, { text, x: i * 250, y: 0, authorId: fiona.person.id }, 'local'),
      );
      setAnonymityLevel(fiona.client.doc, level, 'local');
      setMinAnswers(fiona.client.doc, 3, 'local');
      await fiona.client.stored();

      const alice = await open(boardId, 'Alice Archer');
      const bob = await open(boardId, 'Bob Baker');
      const carol = await open(boardId, 'Carol Cooper');
      const viewer = await openViewer(boardId);
      const members = [alice, bob, carol];
      const people = members.map((member) => member.person);
      await waitFor(() => beliefs.every((id) => alice.client.doc.getMap('beliefs').has(id)), 5_000, 'the beliefs reach everyone');

      // Three answers on the first two beliefs; only two on the third, which must wait.
      for (const [index, member] of members.entries()) {
        answer(member, level, beliefs[0], ([2, -2, 1] as const)[index]);
        answer(member, level, beliefs[1], ([0, 1, -1] as const)[index]);
      }
      answer(alice, level, beliefs[2], 2);
      answer(bob, level, beliefs[2], -2);
      await settle(...members.map((member) => member.client));
      await waitFor(() => positionsOn(viewer, beliefs[0]) === 3 && positionsOn(viewer, beliefs[1]) === 3, 5_000, 'six answers to reach the view link');

      if (level !== 'named') {
        for (const member of members) member.person.pseudonym = await pseudonymOf(member);
        expect(new Set(people.map((person) => person.pseudonym)).size, 'each person has a pseudonym of their own').toBe(3);
        expect(people.every((person) => isPseudonym(person.pseudonym!) && !person.pseudonym!.includes(person.id))).toBe(true);
        expect(pseudonymousAnswers(viewer.doc), 'the six answers are under pseudonyms').toBe(6);
        // The third belief's two answers are held by the relay, not in anyone's document.
        expect(positionsOn(viewer, beliefs[2]), 'a belief with 2 answers of 3 shows none').toBe(0);
        // Only how many wait is public, for "2 answers — shown from 3".
        await waitFor(() => readWaitingAnswers(viewer.doc).get(beliefs[2]) === 2, 5_000, 'the count of waiting answers');
        expect(Array.from(readWaitingAnswers(viewer.doc))).toEqual([[beliefs[2], 2]]);
        const aliceHeld = () => JSON.stringify(alice.client.last('myAnswers')?.held.map((held) => [held.beliefId, held.agreement]));
        await waitFor(() => aliceHeld() === JSON.stringify([[beliefs[2], 2]]), 5_000, `Alice's tab to hear that only her third answer waits (it says ${aliceHeld()})`);
        // The third answer releases all three at once.
        answer(carol, level, beliefs[2], 0);
        await waitFor(() => positionsOn(viewer, beliefs[2]) === 3, 5_000, 'the third answer to release the held ones');
        expect(readWaitingAnswers(viewer.doc).size, 'none wait once shown').toBe(0);
        await waitFor(() => alice.client.last('myAnswers')!.held.length === 0, 5_000, "Alice's tab to hear her answer is shown");
      }

      // A sealed round on the first belief, revealed.
      fiona.client.send({ kind: 'startRound', beliefIds: [beliefs[0]], deadline: null, autoReveal: false });
      await waitFor(() => readWorkshop(viewer.doc).round?.status === 'open', 5_000, 'the round to open');
      for (const [index, member] of members.entries()) member.client.send({ kind: 'seal', beliefId: beliefs[0], agreement: ([-1, 0, 2] as const)[index], direction: null });
      await waitFor(() => (readWorkshop(viewer.doc).round?.answered[beliefs[0]] ?? []).length === 3, 5_000, 'three sealed answers');
      // Who answered is said by pseudonym under an anonymous level: names beside it would pair them up after the reveal.
      const answeredBy = readWorkshop(viewer.doc).round!.answered[beliefs[0]];
      expect(answeredBy).toEqual(level === 'named' ? people.map((person) => person.id).sort() : people.map((person) => person.pseudonym!).sort());
      fiona.client.send({ kind: 'revealRound' });
      await waitFor(() => readRoundHistory(viewer.doc).length === 1, 5_000, 'the reveal');
      expect(readRoundHistory(viewer.doc)[0].positions).toHaveLength(3);

      // Alice's own browser writes her position into the document itself, as a forged client would.
      setPosition(alice.client.doc, beliefs[1], alice.person.id, { agreement: -2, direction: -2 }, 'local');
      await settle(alice.client, bob.client);
      if (level !== 'named') {
        await waitFor(() => alice.client.last('changeRefused') !== undefined, 5_000, 'Alice to be told her write was refused');
        expect(alice.client.last('changeRefused')!.reason).toMatch(/anonymous/);
        expect(bob.client.notices.some((notice) => notice.kind === 'changeRefused'), 'only the sender is told').toBe(false);
        expect(positionsMap(bob.client.doc).has(`${beliefs[1]}:${alice.person.id}`), 'the forged write is not relayed').toBe(false);
      }

      // Every byte each of them received, decoded afresh.
      const audit = (client: WorkshopClient, self?: Person) => nameAnswerLinks(decodeReceived(client.received), people, beliefs, { self });
      const audits = {
        alice: audit(alice.client, alice.person),
        bob: audit(bob.client, bob.person),
        carol: audit(carol.client, carol.person),
        viewer: audit(viewer),
        facilitator: audit(fiona.client, fiona.person),
      };
      const participantSecret = accessOf(boardId).secrets.edit;
      const snapshot = JSON.parse(await fetchExport(boardId, 'export.json', participantSecret)) as BoardSnapshot;
      const textExports = Object.fromEntries(
        await Promise.all(['export.md', 'export.csv', 'summary.csv', 'groups.csv'].map(async (file) => [file, exportLinks(await fetchExport(boardId, file, participantSecret), people)] as const)),
      );
      const named = new Set(people.map((person) => person.id));
      const snapshotLinks = [...snapshot.positions, ...snapshot.rounds.flatMap((round) => round.positions)].filter((position) => named.has(position.participantId));

      if (level === 'named') {
        // The control: the same audit finds every link a named board has, so it can see them.
        expect(audits.bob.some((problem) => problem.includes("Alice Archer's answer under their id"))).toBe(true);
        expect(audits.viewer.some((problem) => problem.includes("under Alice Archer's Yjs client id"))).toBe(true);
        expect(snapshotLinks.length).toBeGreaterThan(0);
        expect(textExports['export.csv'].length).toBeGreaterThan(0);
        return;
      }
      expect(audits.alice).toEqual([]);
      expect(audits.bob).toEqual([]);
      expect(audits.carol).toEqual([]);
      expect(audits.viewer).toEqual([]);
      expect(snapshotLinks, 'the JSON snapshot keeps answers under pseudonyms').toEqual([]);
      expect(snapshot.positions.length).toBe(9);
      expect(snapshot.participants.filter((participant) => /^Person \d+$/.test(participant.name))).toHaveLength(3);
      expect(textExports).toEqual({ 'export.md': [], 'export.csv': [], 'summary.csv': [], 'groups.csv': [] });

      const mapNotices = fiona.client.notices.filter((notice) => notice.kind === 'pseudonyms');
      const lastMap = mapNotices.at(-1);
      if (level === 'everyone') {
        expect(audits.facilitator, 'under "everyone" the facilitator learns no names either').toEqual([]);
        expect(mapNotices.every((notice) => notice.kind === 'pseudonyms' && notice.owners.length === 0)).toBe(true);
        const facilitatorCsv = await fetchExport(boardId, 'export.csv', accessOf(boardId).secrets.facilitate);
        expect(exportLinks(facilitatorCsv, people)).toEqual([]);
      } else {
        // Under "participants" the facilitator's tabs, and theirs only, learn whose each pseudonym is.
        expect(lastMap?.kind === 'pseudonyms' && Object.fromEntries(lastMap.owners.map(({ pseudonym, participantId }) => [participantId, pseudonym]))).toEqual(
          Object.fromEntries(people.map((person) => [person.id, person.pseudonym])),
        );
        const facilitatorCsv = await fetchExport(boardId, 'export.csv', accessOf(boardId).secrets.facilitate);
        expect(facilitatorCsv).toContain('Alice Archer');
        expect(facilitatorCsv).not.toMatch(/Person \d/);
      }
    });
  }
});

describe('switching anonymity levels', () => {
  it('a more open level never shows who gave the answers given under a more private one', async () => {
    relay = await startTestRelay();
    const boardId = await relay.createBoard('Switch to named');
    const fiona = await open(boardId, 'Fiona Facilitator', 'facilitate');
    const beliefs = ['We ship weekly', 'Docs are current'].map((text, i) => addBelief(fiona.client.doc, { text, x: i * 250, y: 0, authorId: fiona.person.id }, 'local'));
    setAnonymityLevel(fiona.client.doc, 'everyone', 'local');
    await fiona.client.stored();
    const members = [await open(boardId, 'Alice Archer'), await open(boardId, 'Bob Baker'), await open(boardId, 'Carol Cooper')];
    const people = members.map((member) => member.person);
    await waitFor(() => members.every((member) => member.client.doc.getMap('beliefs').has(beliefs[1])), 5_000, 'the beliefs reach everyone');
    for (const [index, member] of members.entries()) answer(member, 'everyone', beliefs[0], ([2, -2, 1] as const)[index]);
    // Two answers on the second belief wait for a third that never comes.
    answer(members[0], 'everyone', beliefs[1], 2);
    answer(members[1], 'everyone', beliefs[1], -1);
    await settle(...members.map((member) => member.client));
    await waitFor(() => pseudonymousAnswers(fiona.client.doc) === 3, 5_000, 'three anonymous answers');

    setAnonymityLevel(fiona.client.doc, 'named', 'local');
    await fiona.client.stored();
    await waitFor(() => members[0].client.notices.some((notice) => notice.kind === 'refused' && /named now/.test(notice.reason)), 5_000, 'Alice to hear her held answer was dropped');

    const dave = await open(boardId, 'Dave Dunn');
    await settle(dave.client, fiona.client);
    const received = decodeReceived(dave.client.received);
    expect(pseudonymousAnswers(received.doc), 'the answers stay under their pseudonyms').toBe(3);
    expect(Array.from(positionsMap(received.doc).keys()).filter((key) => parsePositionKey(key)?.beliefId === beliefs[1]), 'held answers are not shown by the switch').toEqual([]);
    expect(nameAnswerLinks(received, people, beliefs)).toEqual([]);
    // Named answers are the browser's own again.
    setPosition(dave.client.doc, beliefs[1], dave.person.id, { agreement: 1, direction: null }, 'local');
    await settle(dave.client, fiona.client);
    await waitFor(() => positionsMap(fiona.client.doc).has(`${beliefs[1]}:${dave.person.id}`), 5_000, "Dave's named answer to be kept");
  });

  it('a more private level moves named answers under pseudonyms, also for whoever opens the board after a restart', async () => {
    relay = await startTestRelay();
    const boardId = await relay.createBoard('Switch to anonymous');
    const fiona = await open(boardId, 'Fiona Facilitator', 'facilitate');
    const beliefs = ['We ship weekly', 'Docs are current'].map((text, i) => addBelief(fiona.client.doc, { text, x: i * 250, y: 0, authorId: fiona.person.id }, 'local'));
    await fiona.client.stored();
    const members = [await open(boardId, 'Alice Archer'), await open(boardId, 'Bob Baker'), await open(boardId, 'Carol Cooper')];
    const people = members.map((member) => member.person);
    await waitFor(() => members.every((member) => member.client.doc.getMap('beliefs').has(beliefs[1])), 5_000, 'the beliefs reach everyone');
    for (const [index, member] of members.entries()) {
      answer(member, 'named', beliefs[0], ([2, -2, 1] as const)[index]);
      answer(member, 'named', beliefs[1], ([-1, 0, 1] as const)[index]);
    }
    await settle(...members.map((member) => member.client), fiona.client);
    await waitFor(() => positionsMap(fiona.client.doc).size === 6, 5_000, 'six named answers');

    setAnonymityLevel(fiona.client.doc, 'everyone', 'local');
    await fiona.client.stored();
    await waitFor(() => pseudonymousAnswers(fiona.client.doc) === 6 && positionsMap(fiona.client.doc).size === 6, 5_000, 'the relay to move the answers under pseudonyms');
    const erin = await open(boardId, 'Erin Eve');
    await settle(erin.client);
    // The deleted named keys stay in the history (docs/groups.md); their values do not.
    expect(nameAnswerLinks(decodeReceived(erin.client.received), people, beliefs, { namedBefore: true })).toEqual([]);

    for (const member of [...members, erin, fiona]) await member.client.close();
    await relay.restart();
    const frank = await open(boardId, 'Frank Fox');
    await settle(frank.client);
    const afterRestart = decodeReceived(frank.client.received);
    expect(pseudonymousAnswers(afterRestart.doc), 'the stored board has the answers under pseudonyms').toBe(6);
    expect(nameAnswerLinks(afterRestart, people, beliefs, { namedBefore: true })).toEqual([]);
  });
});

/** A browser's session on the board, with the workshop channel its page opens. */
function withChannel(boardId: string, as: string, role: 'edit' | 'facilitate') {
  const connected = connectProvider(relay!.wsUrl, boardId, { as, secret: accessOf(boardId).secrets[role] });
  const channel = openWorkshopChannel(connected.provider, connected.doc, as, 'me');
  cleanups.push(() => connected.destroy(), () => channel.destroy());
  return { ...connected, channel };
}

/**
 * A board with one belief under `level`, its facilitator Fiona and `people` (participant
 * ids), each with the channel their page opens, once every one of them holds the level and
 * the belief.
 */
async function boardWithChannels(title: string, level: 'participants' | 'everyone', people: string[]) {
  relay = await startTestRelay();
  const boardId = await relay.createBoard(title);
  const fiona = withChannel(boardId, 'fiona', 'facilitate');
  await waitSynced(fiona.provider);
  const beliefId = addBelief(fiona.doc, { text: 'We ship weekly', x: 0, y: 0, authorId: 'fiona' }, 'me');
  setAnonymityLevel(fiona.doc, level, 'me');
  const others = people.map((id) => withChannel(boardId, id, 'edit'));
  for (const person of others) await waitSynced(person.provider);
  await waitFor(() => others.every((person) => readAnonymity(person.doc).level === level && person.doc.getMap('beliefs').has(beliefId)), 5_000, 'the level and the belief to reach everyone');
  return { fiona, beliefId, people: others };
}

describe("the browser's channel under an anonymous level (client/state/workshopChannel.ts)", () => {
  it('sends my answers to the relay, shows me mine under my pseudonym, and tells the facilitator whose each is only under "participants"', async () => {
    const {
      fiona,
      beliefId: belief,
      people: [ann, ben, cy],
    } = await boardWithChannels('Channel', 'participants', ['ann', 'ben', 'cy']);

    ann.channel.recordPosition(belief, { agreement: 2, direction: 1 });
    // Mine at once, held by the relay, never in anyone's document as mine.
    expect(ann.channel.myPosition(belief)?.agreement).toBe(2);
    await waitFor(() => ann.channel.isHeld(belief), 5_000, "the relay to hold Ann's answer");
    expect(ann.channel.myPosition(belief)?.agreement).toBe(2);
    ben.channel.recordPosition(belief, { agreement: -1, direction: null });
    cy.channel.recordPosition(belief, { agreement: 0, direction: null });
    await waitFor(() => positionsMap(fiona.doc).size === 3, 5_000, 'three answers, released together');
    await waitFor(() => !ann.channel.isHeld(belief) && ann.channel.myAnswerId() !== 'ann', 5_000, 'Ann to know her pseudonym');
    expect(ann.channel.myPosition(belief)?.agreement, 'found under my pseudonym').toBe(2);
    expect(positionsMap(ann.doc).has(`${belief}:${ann.channel.myAnswerId()}`)).toBe(true);
    expect(Array.from(positionsMap(fiona.doc).keys()).every((key) => isPseudonym(parsePositionKey(key)!.participantId))).toBe(true);
    // Nobody else's tab knows whose Ann's pseudonym is; the facilitator's does.
    expect(ben.channel.answerIdOf('ann')).toBe('ann');
    await waitFor(() => fiona.channel.answerIdOf('ann') === ann.channel.myAnswerId(), 5_000, 'the facilitator to hear whose each pseudonym is');
    expect(fiona.channel.answerOwners().size).toBe(3);

    // "Anonymous to everyone" takes the facilitator's list away.
    setAnonymityLevel(fiona.doc, 'everyone', 'me');
    await waitFor(() => fiona.channel.answerOwners().size === 0, 5_000, "the facilitator's list to be cleared");
    // Changing my answer goes through the relay again; clearing it too.
    ann.channel.recordPosition(belief, { agreement: -2, direction: null });
    await waitFor(() => readStoredPosition(positionsMap(ben.doc).get(`${belief}:${ann.channel.myAnswerId()}`))?.agreement === -2, 5_000, "Ann's changed answer");
    ann.channel.clearMyPosition(belief);
    await waitFor(() => !positionsMap(ben.doc).has(`${belief}:${ann.channel.myAnswerId()}`), 5_000, "Ann's answer withdrawn");
    expect(ann.channel.myPosition(belief)).toBeNull();
  });

  it('hands an edit of a comment the relay refuses back with the reason, and never one it wrote', async () => {
    const {
      fiona,
      beliefId,
      people: [ann, ben],
    } = await boardWithChannels('Comment edits', 'everyone', ['ann', 'ben']);

    const id = 'c-ann-000000001';
    ann.channel.sendComment({ kind: 'comment', id, beliefId, parentId: null, text: 'Weekly is a habit, not a rule', mentions: [] });
    await waitFor(() => readStoredComment(ben.doc, id) !== null, 5_000, "Ann's comment, written by the relay");

    // Ann's own edit is written: nothing is handed back, not even by a later refusal.
    const annRefusals: string[] = [];
    ann.channel.sendComment({ kind: 'editComment', id, text: 'Weekly is a habit', mentions: [] }, (reason) => annRefusals.push(reason));
    await waitFor(() => readStoredComment(ben.doc, id)?.text === 'Weekly is a habit', 5_000, "Ann's edit");
    ann.channel.sendComment({ kind: 'editComment', id: 'c-nobody-00000001', text: 'Nothing here', mentions: [] }, (reason) => annRefusals.push(reason));
    await waitFor(() => annRefusals.length > 0, 5_000, 'the refusal of an edit of a comment that is not there');
    expect(annRefusals).toEqual(['That comment was deleted meanwhile.']);

    // Ben's edit of Ann's comment is refused, and handed back to him with the reason.
    const benRefusals: string[] = [];
    ben.channel.sendComment({ kind: 'editComment', id, text: 'Weekly is a rule', mentions: [] }, (reason) => benRefusals.push(reason));
    await waitFor(() => benRefusals.length > 0, 5_000, "the refusal of Ben's edit");
    expect(benRefusals).toEqual(['Only its author may change a comment.']);
    expect(readStoredComment(fiona.doc, id)?.text).toBe('Weekly is a habit');

    // Named again: the comments stay under their pseudonyms, and only their authors change
    // them, through the relay. Ben, who has a pseudonym of his own now, still cannot touch
    // Ann's; an odd id changes nothing.
    const bens = 'c-ben-000000001';
    ben.channel.sendComment({ kind: 'comment', id: bens, beliefId, parentId: null, text: 'Weekly suits us', mentions: [] });
    await waitFor(() => readStoredComment(fiona.doc, bens) !== null, 5_000, "Ben's comment, under his pseudonym");
    setAnonymityLevel(fiona.doc, 'named', 'me');
    await waitFor(() => [ann, ben].every((person) => readAnonymity(person.doc).level === 'named'), 5_000, 'the board named again for both');
    benRefusals.length = 0;
    ben.channel.sendComment({ kind: 'editComment', id, text: 'Weekly is a rule', mentions: [] }, (reason) => benRefusals.push(reason));
    ben.channel.sendComment({ kind: 'deleteComment', id });
    ben.channel.sendComment({ kind: 'editComment', id: '__proto__', text: 'Odd', mentions: [] }, (reason) => benRefusals.push(reason));
    await waitFor(() => ben.channel.lastProblem() === 'That comment was deleted meanwhile.', 5_000, 'the refusals of all three');
    expect(benRefusals).toEqual(['Only its author may edit a comment.', 'That comment was deleted meanwhile.']);
    ann.channel.sendComment({ kind: 'editComment', id, text: 'Weekly is a habit we like', mentions: [] }, (reason) => annRefusals.push(reason));
    await waitFor(() => readStoredComment(fiona.doc, id)?.text === 'Weekly is a habit we like', 5_000, "Ann's edit on the named board");
    expect(readStoredComment(fiona.doc, id)?.authorId, 'still under her pseudonym').toBe(ann.channel.myAnswerId());
    expect(isPseudonym(ann.channel.myAnswerId())).toBe(true);
    expect(readStoredComment(fiona.doc, bens)?.text, "Ben's own comment untouched").toBe('Weekly suits us');
    expect(annRefusals).toEqual(['That comment was deleted meanwhile.']);
  });

  it('hands a comment back only when its own request is refused: not for a refused answer sent just before it', async () => {
    const {
      fiona,
      beliefId,
      people: [ann],
    } = await boardWithChannels('Whose refusal', 'everyone', ['ann']);

    // An answer the relay refuses (its belief is not on the board), then a comment it
    // writes: the refusal arrives while the comment is still on its way, and is the answer's.
    const handedBack: string[] = [];
    ann.channel.recordPosition('b-gone-00000001', { agreement: 1, direction: null });
    const id = 'c-ann-000000002';
    ann.channel.sendComment({ kind: 'comment', id, beliefId, parentId: null, text: 'Weekly keeps us honest', mentions: [] }, (reason) => handedBack.push(reason));
    await waitFor(() => readStoredComment(fiona.doc, id) !== null, 5_000, "Ann's comment, written by the relay");
    expect(ann.channel.lastProblem()).toBe('That belief is no longer on the board: your answer was not saved.');
    expect(handedBack, 'the comment was posted: nothing to hand back').toEqual([]);

    // A refusal of a comment request still reaches it, by its id.
    ann.channel.sendComment({ kind: 'editComment', id: 'c-nobody-00000002', text: 'Nothing here', mentions: [] }, (reason) => handedBack.push(`edit: ${reason}`));
    await waitFor(() => handedBack.length > 0, 5_000, 'the refusal of an edit of a comment that is not there');
    expect(handedBack).toEqual(['edit: That comment was deleted meanwhile.']);
  });
});
