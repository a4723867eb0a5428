// The browser's end of the workshop channel (client/state/workshopChannel.ts) against the
// real relay: answers sealed in a burst — "Keep my answers" seals one per belief, and a
// person may change one at once — are each answered by the relay with the whole sealed set
// as it stood then. None of those answers may undo a later choice still on its way.
import { afterEach, describe, expect, it } from 'vitest';
import { newId, newSecret } from '../../shared/ids.ts';
import { addBelief } from '../../shared/model.ts';
import { readWorkshop } from '../../shared/workshop.ts';
import { openWorkshopChannel, type WorkshopChannel } from '../../client/state/workshopChannel.ts';
import { connectProvider, startTestRelay, waitFor, waitSynced, type ConnectedProvider, type TestRelay } from '../helpers/relay.ts';
import { WorkshopClient } from '../helpers/workshopClient.ts';

let relay: TestRelay | null = null;
const cleanups: (() => unknown)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await relay?.close();
  relay = null;
});

describe('sealing a burst of answers through the browser\'s channel', () => {
  it('never shows an earlier answer of mine again once I changed it, while the relay catches up', async () => {
    relay = await startTestRelay();
    const boardId = await relay.createBoard('Keep my answers');
    const fiona = { id: newId(), secret: newSecret() };
    const facilitator = await WorkshopClient.open(relay.wsUrl, boardId, { role: 'facilitate', participant: fiona });
    cleanups.push(() => facilitator.close());
    const beliefs = ['We ship weekly', 'Docs are current', 'Users read notes'].map((text, i) =>
      addBelief(facilitator.doc, { text, x: i * 250, y: 0, authorId: fiona.id }, 'local'),
    );

    const me = newId();
    const participant: ConnectedProvider = connectProvider(relay.wsUrl, boardId, { as: me });
    cleanups.push(() => participant.destroy());
    const channel: WorkshopChannel = openWorkshopChannel(participant.provider, participant.doc, me, 'me');
    cleanups.push(() => channel.destroy());
    await waitSynced(participant.provider);
    await waitFor(() => beliefs.every((id) => participant.doc.getMap('beliefs').has(id)), 5_000, 'the beliefs reach the participant');

    facilitator.send({ kind: 'startRound', beliefIds: null, deadline: null, autoReveal: false });
    await waitFor(() => readWorkshop(participant.doc).round?.status === 'open', 5_000, 'the round opens for the participant');

    // Every value my first belief shows from the moment I change it.
    const shown: (number | string | null)[] = [];
    let changed = false;
    channel.subscribeSealed(() => {
      if (changed) shown.push(channel.mySealedPosition(beliefs[0])?.agreement ?? null);
    });
    // "Keep my answers" on three beliefs, then at once another answer on the first.
    for (const id of beliefs) channel.recordPosition(id, { agreement: 2, direction: null });
    channel.recordPosition(beliefs[0], { agreement: -1, direction: null });
    changed = true;

    await waitFor(() => (readWorkshop(participant.doc).round?.answered[beliefs[2]] ?? []).includes(me), 5_000, 'the relay has all three');
    // The relay's last answer has come once every request has been answered: give it a moment.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(shown.length, 'the relay answered while the burst was on its way').toBeGreaterThan(0);
    expect(shown.every((agreement) => agreement === -1), `my first belief showed ${JSON.stringify(shown)}`).toBe(true);
    expect(beliefs.map((id) => channel.mySealedPosition(id)?.agreement)).toEqual([-1, 2, 2]);
  });
});
