// What the relay and the client agree on beyond the stock y-websocket protocol:
// where boards live and what a close code means.

/** A board's websocket is `${WS_PATH}/${boardId}`; stock clients use it as serverUrl. */
export const WS_PATH = '/ws';
export const BOARD_PATH = '/b';

export function boardPath(boardId: string): string {
  return `${BOARD_PATH}/${boardId}`;
}

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
} as const;

/** Reasons are short (a close reason may hold at most 123 bytes) and said to the user. */
export const CLOSE_REASON: Record<number, string> = {
  [CLOSE.unknownBoard]: 'There is no board at this link.',
  [CLOSE.badBoardId]: 'This is not a board link.',
  [CLOSE.badMessage]: 'The relay could not read a message from this browser.',
  [CLOSE.limit]: 'A message was larger than the relay accepts.',
  [CLOSE.shuttingDown]: 'The relay is restarting.',
  [CLOSE.storeFailed]: 'The relay could not load or save this board.',
};

/** Body of `POST /api/boards`. */
export interface CreateBoardRequest {
  title?: string;
  template?: string;
}
/** Answer of `POST /api/boards` (201). */
export interface CreateBoardResponse {
  id: string;
  url: string;
}
