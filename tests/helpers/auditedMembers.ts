// People on a board as the anonymity audits need them (tests/helpers/linkAudit.ts): a raw
// workshop client that shows its name and colour in its presence and its participant
// record, as a browser does, so that an audit has names to look for; and a view link.
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { pickParticipantColor } from '../../shared/colors.ts';
import { newId, newSecret } from '../../shared/ids.ts';
import { upsertParticipant } from '../../shared/model.ts';
import { messageAwareness } from '../../server/relay/messages.ts';
import type { Person } from './linkAudit.ts';
import { waitFor } from './relay.ts';
import { WorkshopClient } from './workshopClient.ts';

export interface Member {
  person: Person;
  client: WorkshopClient;
}

/** `cleanups` gets each client's close. */
export async function openMember(
  wsUrl: string,
  boardId: string,
  name: string,
  cleanups: (() => unknown)[],
  role: 'edit' | 'facilitate' = 'edit',
): Promise<Member> {
  const id = newId();
  const client = await WorkshopClient.open(wsUrl, boardId, { role, participant: { id, secret: newSecret() } });
  cleanups.push(() => client.close());
  // What a browser shows of itself: its name and colour, and in its presence what it has selected.
  client.awareness.setLocalState({ user: { id, name, color: pickParticipantColor(id) }, selection: [] });
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageAwareness);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(client.awareness, [client.doc.clientID]));
  client.sendRaw(encoding.toUint8Array(encoder));
  upsertParticipant(client.doc, { id, name, color: pickParticipantColor(id) }, 'local');
  await client.stored();
  return { person: { id, name, clientIds: [client.doc.clientID] }, client };
}

export async function openViewer(wsUrl: string, boardId: string, cleanups: (() => unknown)[]): Promise<WorkshopClient> {
  const viewer = await WorkshopClient.open(wsUrl, boardId, { role: 'view' });
  cleanups.push(() => viewer.close());
  return viewer;
}

/** The pseudonym the relay told a member's tab it answers under (an anonymous level). */
export async function pseudonymOf(member: Member): Promise<string> {
  await waitFor(() => (member.client.last('myAnswers')?.pseudonym ?? '') !== '', 5_000, `${member.person.name}'s pseudonym to reach their tab`);
  return member.client.last('myAnswers')!.pseudonym;
}
