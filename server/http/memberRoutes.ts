// The facilitator's say over who answers (docs/security.md, "one person, one voice"):
// personal participant links, each bound to one participant id; "personal links only",
// which turns the shared participant link into a view-only one; and how many ids joined
// through the shared link. Facilitator secret as `Authorization: Bearer <secret>`.
//
//   GET    /api/boards/<id>/members                     → MembersResponse
//   POST   /api/boards/<id>/personal-links  {"name"}    → 201 PersonalLinkResponse
//   DELETE /api/boards/<id>/personal-links/<participant> → 204
//   PUT    /api/boards/<id>/settings  {"personalOnly"}  → 200 MembersResponse
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isBoardId, isItemId } from '../../shared/ids.ts';
import { MAX_API_BODY_BYTES } from '../../shared/limits.ts';
import type { MembersResponse, PersonalLinkResponse } from '../../shared/protocol.ts';
import { decideAccess, mintPersonalLink, PersonalLinkError, revokePersonalLink, setPersonalOnly } from '../access/boardAccess.ts';
import { sharedLinkIds } from '../access/rosterState.ts';
import type { BoardStore } from '../store/boardStore.ts';
import { bearerSecret } from './accessRoutes.ts';
import { requireJsonRequest } from './jsonRequest.ts';
import { BodyError, readJsonBody } from './readJsonBody.ts';
import { sendError, sendJson } from './responses.ts';

const MEMBER_ROUTE = /^\/api\/boards\/([^/]*)\/(members|settings|personal-links)(?:\/([^/]*))?$/;

export interface MemberRouteOptions {
  store: BoardStore;
  /** A personal link was withdrawn: close the sessions that came through it. */
  onPersonalRevoked(boardId: string, participantId: string): void;
  /** "Personal links only" changed: the shared participant link's sessions reconnect under it. */
  onSharedLinkChanged(boardId: string): void;
}

/** Answers the request when its path is a member route; false when it is not one. */
export async function routeBoardMembers(req: IncomingMessage, res: ServerResponse, pathname: string, options: MemberRouteOptions): Promise<boolean> {
  const match = MEMBER_ROUTE.exec(pathname);
  if (!match) return false;
  const [, boardId, resource, participantId] = match;
  const method = req.method ?? 'GET';
  const allowed = resource === 'members' ? 'GET' : resource === 'settings' ? 'PUT' : participantId === undefined ? 'POST' : 'DELETE';
  if (method !== allowed || (participantId !== undefined && resource !== 'personal-links')) {
    res.setHeader('Allow', allowed);
    sendError(res, 405, `Use ${allowed} here.`);
    return true;
  }
  if (!isBoardId(boardId)) {
    sendError(res, 400, 'That is not a board id.');
    return true;
  }
  const decision = await decideAccess(options.store, boardId, bearerSecret(req));
  if ('refused' in decision) {
    if (decision.refused === 'unknown-board') sendError(res, 404, 'There is no board with this id.');
    else sendError(res, 401, 'This link is not valid — ask the facilitator for a new one');
    return true;
  }
  if (decision.role !== 'facilitate') {
    sendError(res, 403, 'Only the facilitator link can manage who answers on this board.');
    return true;
  }
  // Like every POST (and a PUT, which no other site's page can send without asking):
  // the body must say it is JSON (jsonRequest.ts).
  if ((method === 'POST' || method === 'PUT') && !requireJsonRequest(req, res)) return true;
  const store = options.store;
  try {
    if (resource === 'members') {
      sendJson(res, 200, await members(store, boardId));
    } else if (resource === 'settings') {
      const body = await readJsonBody(req, MAX_API_BODY_BYTES);
      const personalOnly = (body as { personalOnly?: unknown } | undefined)?.personalOnly;
      if (typeof personalOnly !== 'boolean') return sendError(res, 400, 'Send {"personalOnly": true} or {"personalOnly": false}.'), true;
      await setPersonalOnly(store, boardId, personalOnly);
      options.onSharedLinkChanged(boardId);
      sendJson(res, 200, await members(store, boardId));
    } else if (participantId === undefined) {
      const body = await readJsonBody(req, MAX_API_BODY_BYTES);
      const name = (body as { name?: unknown } | undefined)?.name;
      if (typeof name !== 'string') return sendError(res, 400, 'Send the person\'s name, for example {"name": "Maya"}.'), true;
      const answer: PersonalLinkResponse = await mintPersonalLink(store, boardId, name);
      sendJson(res, 201, answer);
    } else {
      if (!isItemId(participantId)) return sendError(res, 400, 'That is not a participant id.'), true;
      if (!(await revokePersonalLink(store, boardId, participantId))) return sendError(res, 404, 'There is no personal link for that participant.'), true;
      options.onPersonalRevoked(boardId, participantId);
      res.writeHead(204).end();
    }
  } catch (error) {
    if (error instanceof BodyError) sendError(res, error.status, error.message);
    else if (error instanceof PersonalLinkError) sendError(res, 400, error.message);
    else throw error;
  }
  return true;
}

async function members(store: BoardStore, boardId: string): Promise<MembersResponse> {
  const access = await store.loadAccess(boardId);
  const roster = await store.loadRoster(boardId);
  return {
    personalOnly: access?.personalOnly === true,
    personalLinks: (access?.personal ?? []).map(({ participantId, name, createdAt }) => ({ participantId, name, createdAt })),
    sharedLinkIds: roster ? sharedLinkIds(roster) : 0,
  };
}
