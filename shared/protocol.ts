// What the relay and the client agree on beyond the stock y-websocket protocol:
// where boards live and what a close code means.
import type { Role, ROTATABLE_ROLES } from './access.ts';

/** A board's websocket is `${WS_PATH}/${boardId}`; stock clients use it as serverUrl. */
export const WS_PATH = '/ws';
export const BOARD_PATH = '/b';

export function boardPath(boardId: string): string {
  return `${BOARD_PATH}/${boardId}`;
}

/**
 * Where a page opening a big board fetches the copy the relay kept of it (a Yjs update;
 * server/http/boardCopyRoute.ts): 200 with it, 204 when there is none to trust.
 */
export function boardCopyPath(boardId: string): string {
  return `/api/boards/${boardId}/copy`;
}

/**
 * Our one message type beyond y-websocket's (0 sync, 1 awareness, 2 auth, 3 query
 * awareness): a client asks "is what I sent stored?" and the relay answers once it is.
 * The relay only ever sends it as an answer, so a stock client never receives it.
 * Encoding: shared/storedConfirmation.ts.
 */
export const messageStored = 7;

/**
 * The workshop channel (docs/rounds.md): sealed positions and private notes between one
 * participant and the relay, and the facilitator's round commands. Never in the shared
 * document. Sub-messages: shared/workshopMessages.ts.
 */
export const messageWorkshop = 8;

/**
 * A message of one of the types above, compressed (deflate, raw): the relay sends a large
 * sync step 2 — a board's first state — this way to a client that says it reads it
 * (COMPRESSION_PARAM), and never to any other, so a stock client never receives it. A
 * board's state compresses about 12× (docs/performance.md). Encoding: the type, the
 * inner message's length (varuint) and the deflated inner message (varuint-prefixed
 * bytes); server/relay/compressedMessages.ts writes it, client/state/compressedMessages.ts
 * reads it. The relay accepts it from no client: what a browser sends is small, and
 * inflating what strangers send is a door for decompression bombs.
 */
export const messageCompressed = 9;

/** Query parameter by which a client says it reads messageCompressed (its value: 1). */
export const COMPRESSION_PARAM = 'z';

/** Query parameter carrying this browser's participant id and the secret that proves it. */
export const PARTICIPANT_ID_PARAM = 'me';
export const PARTICIPANT_SECRET_PARAM = 'p';

/** Close codes (4000–4999 are the application's own range). */
export const CLOSE = {
  /** The board id is well formed but no such board was created. */
  unknownBoard: 4404,
  /** The path is not a board id at all. */
  badBoardId: 4400,
  /** A message could not be decoded or is of an unknown type. */
  badMessage: 4002,
  /** A message or the connection went past a named limit. */
  limit: 4008,
  /** The relay is shutting down; reconnect later. */
  shuttingDown: 4001,
  /** The store failed to load or save the board. */
  storeFailed: 4500,
  /** The link's secret is missing, wrong, or was replaced by the facilitator. */
  badSecret: 4403,
  /** The connection sent messages or bytes faster than the relay accepts. */
  tooFast: 4029,
  /** The board, or this network, already has as many connections as the relay allows. */
  tooManyConnections: 4031,
  /** A change would make the board larger than the relay keeps (kept for older browsers; now a notice). */
  boardFull: 4013,
  /** A change no honest browser sends through this link (someone else's answer, a setting it may not touch): not saved. */
  forbiddenChange: 4430,
  /** The connection fell too far behind reading what the relay sends it. */
  tooSlow: 4009,
  /** The facilitator removed this participant from the board. */
  removed: 4410,
  /** The facilitator changed who may answer through this link: reconnect under the new setting. */
  accessChanged: 4011,
} as const;

/** Reasons are short (a close reason may hold at most 123 bytes) and said to the user. */
export const CLOSE_REASON: Record<number, string> = {
  [CLOSE.unknownBoard]: 'There is no board at this link.',
  [CLOSE.badBoardId]: 'This is not a board link.',
  [CLOSE.badMessage]: 'The relay could not read a message from this browser.',
  [CLOSE.limit]: 'A message was larger than the relay accepts.',
  [CLOSE.shuttingDown]: 'The relay is restarting.',
  [CLOSE.storeFailed]: 'The relay could not load or save this board.',
  [CLOSE.badSecret]: 'This link is not valid — ask the facilitator for a new one',
  [CLOSE.tooFast]: 'This browser sent changes faster than the relay accepts; it will reconnect.',
  [CLOSE.tooManyConnections]: 'Too many connections to this board or from this network; try again later.',
  [CLOSE.boardFull]: 'This board has reached its size limit: the last change was not saved.',
  [CLOSE.forbiddenChange]: 'This browser sent a change its link may not make, so it was not saved. Reload the board to go on.',
  [CLOSE.tooSlow]: 'This browser fell too far behind the board; it will reconnect.',
  [CLOSE.removed]: 'The facilitator removed you from this board.',
  [CLOSE.accessChanged]: 'The facilitator changed who may answer through this link; reconnecting.',
};

/**
 * Sent once to a view-only connection as y-protocols' "permission denied" auth message
 * (type 2), which stock clients already understand: its updates will be dropped.
 */
export const VIEW_ONLY_NOTICE = 'This link is view only: changes made through it are not saved.';

/** Body of `POST /api/boards`. */
export interface CreateBoardRequest {
  title?: string;
  template?: string;
}
/** Answer of `POST /api/boards` (201). */
export interface CreateBoardResponse {
  id: string;
  /** The facilitator's link, where the creator goes next. */
  url: string;
  /** One link per role, each with its secret in the fragment. */
  links: Record<Role, string>;
}
/** Answer of `GET /api/boards/<id>/access` (with `Authorization: Bearer <secret>`). */
export interface AccessResponse {
  role: Role;
  /** A personal link's participant: the browser answers under this id and name on this board. */
  participant?: { id: string; name: string };
  /** The shared participant link, on a board that takes answers through personal links only: it views. */
  sharedLinkViewsOnly?: boolean;
  /** The board's title, when asked for with `?title=1` ('' for an untitled board). */
  title?: string;
}

/** Answer of `GET /api/boards/<id>/members` (facilitator only). */
export interface MembersResponse {
  personalOnly: boolean;
  personalLinks: { participantId: string; name: string; createdAt: number }[];
  /** Participant ids that joined through the shared participant link. */
  sharedLinkIds: number;
}

/** Answer of `POST /api/boards/<id>/personal-links` (facilitator only), body `{ "name": "…" }`. */
export interface PersonalLinkResponse {
  participantId: string;
  name: string;
  link: string;
}
/** Answer of `POST /api/boards/<id>/rotate` (facilitator only): the new links. */
export interface RotateResponse {
  links: Record<(typeof ROTATABLE_ROLES)[number], string>;
}
