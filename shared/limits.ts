// Every limit of the product lives here, named, so the relay, the client and the docs
// agree on one number. docs/architecture.md lists where each is enforced.

/** Characters in one belief's text. The editor shows a counter against it. */
export const MAX_BELIEF_TEXT = 500;
/** Characters in a board title. */
export const MAX_BOARD_TITLE = 120;
/** Characters in a participant's display name. */
export const MAX_DISPLAY_NAME = 40;
/** Beliefs on one board; the model refuses to add more. */
export const MAX_BELIEFS_PER_BOARD = 5_000;
/** Largest websocket message the relay accepts (ws `maxPayload`). */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
/** Largest JSON body the HTTP API reads. */
export const MAX_API_BODY_BYTES = 64 * 1024;
/** A board with nobody connected is unloaded from memory after this long. */
export const BOARD_IDLE_UNLOAD_MS = 5_000;
/** Stored updates of a board before the store merges them into one. */
export const COMPACT_AFTER_UPDATES = 300;
/** The relay pings every socket this often and drops one that missed the previous ping. */
export const RELAY_PING_INTERVAL_MS = 30_000;
/** Messages a socket may send while its board is still loading; more is a flood. */
export const MAX_MESSAGES_WHILE_LOADING = 1_000;
/** On shutdown, how long the relay waits for browsers to answer its close before cutting them off. */
export const RELAY_SHUTDOWN_GRACE_MS = 1_000;
