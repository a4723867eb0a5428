// Every limit of the product lives here, named, so the relay, the client and the docs
// agree on one number. docs/architecture.md lists where each is enforced.

/** Characters in one belief's text. The editor shows a counter against it. */
export const MAX_BELIEF_TEXT = 500;
/** Characters in a board title. */
export const MAX_BOARD_TITLE = 120;
/** Characters in a participant's display name. */
export const MAX_DISPLAY_NAME = 40;
/** How far from the origin a note may be placed, in board units (the relay refuses further). */
export const MAX_BOARD_COORDINATE = 1_000_000;
/** The longest workshop timer: a day. */
export const MAX_TIMER_MS = 24 * 60 * 60 * 1000;
/** Characters in one comment of a belief's discussion: a few sentences, not an essay. */
export const MAX_COMMENT_TEXT = 1_000;
/** People one comment may mention. */
export const MAX_COMMENT_MENTIONS = 10;
/** Characters in an action's "what". */
export const MAX_ACTION_TEXT = 200;
/** Beliefs on one board; the model refuses to add more. */
export const MAX_BELIEFS_PER_BOARD = 5_000;
/** Largest websocket message the relay accepts (ws `maxPayload`). */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
/** Largest JSON body the HTTP API reads. */
export const MAX_API_BODY_BYTES = 64 * 1024;
/**
 * Deepest nesting of arrays and objects in a JSON body the HTTP API reads. A snapshot
 * nests five deep; a body nested deeper is refused before it is parsed, since walking a
 * value nested 100,000 deep (JSON.stringify, any recursive check) overflows the stack.
 */
export const MAX_API_JSON_DEPTH = 32;
/** A board with nobody connected is unloaded from memory after this long. */
export const BOARD_IDLE_UNLOAD_MS = 5_000;
/**
 * A board whose state encodes to at least this many bytes keeps a copy, made as the relay
 * unloads it, which a page opening it fetches over HTTP and draws while the relay loads the
 * board (docs/architecture.md, "Opening a big board"). A smaller board loads in a few
 * milliseconds: its copy would cost a write at every unload and save nobody anything.
 */
export const BOARD_COPY_FROM_BYTES = 256 * 1024;
/**
 * Stored log entries of a board before the store merges them into one — once they also
 * add up to a quarter of the merged state they join (server/store/compactionPolicy.ts), or
 * once there are COMPACT_AT_MOST_AFTER of them, whatever their size.
 */
export const COMPACT_AFTER_UPDATES = 300;
export const COMPACT_AT_MOST_AFTER = 2_000;
/** The relay pings every socket this often and drops one that missed the previous ping. */
export const RELAY_PING_INTERVAL_MS = 30_000;
/** Messages a socket may send while its board is still loading; more is a flood. */
export const MAX_MESSAGES_WHILE_LOADING = 1_000;
/** On shutdown, how long the relay waits for browsers to answer its close before cutting them off. */
export const RELAY_SHUTDOWN_GRACE_MS = 1_000;

// ---- Hostile input (docs/security.md lists each limit, where it is enforced, what the
// client is told). The relay takes these as defaults; tests may pass smaller ones.

/** Messages one connection may send per second, sustained, and in a burst. */
export const MESSAGES_PER_SECOND = 100;
export const MESSAGE_BURST = 600;
/** Bytes one connection may send per second, sustained, and in a burst (≥ one full message). */
export const BYTES_PER_SECOND = 512 * 1024;
export const BYTE_BURST = 4 * MAX_MESSAGE_BYTES;
/** Largest awareness (presence) message: a name, a colour, a cursor and a selection fit easily. */
export const MAX_AWARENESS_BYTES = 16 * 1024;
/** Awareness messages one connection may send per second, and in a burst (cursors are throttled). */
export const AWARENESS_PER_SECOND = 40;
export const AWARENESS_BURST = 120;
/**
 * Yjs client ids one connection may write its first struct under; a tab has one (Yjs
 * takes a second only when it meets its own id written elsewhere). Each client id stays in
 * the board for good and costs Yjs work in every later transaction, so a participant
 * writing every update under a fresh one would slow the relay for every board.
 */
export const MAX_CLIENT_IDS_PER_CONNECTION = 4;
/**
 * New Yjs client ids a board takes in: a burst (a room of people opening it at once, a
 * conference session) and then a steady rate, per relay. Past it, a new tab's first change
 * is refused in words until the bucket refills.
 */
export const NEW_CLIENT_IDS_PER_BOARD_BURST = 300;
export const NEW_CLIENT_IDS_PER_BOARD_PER_MINUTE = 60;
/**
 * New participant ids a board binds through its shared links (a browser's first visit):
 * a burst above the most connections a board takes, then a steady rate, per relay. Every
 * id stays in the board's roster for good; one shared link bound 575 a second, without
 * end. Past it, a newcomer looks but cannot change the board until it reloads a minute later.
 */
export const NEW_PARTICIPANTS_PER_BOARD_BURST = 300;
export const NEW_PARTICIPANTS_PER_BOARD_PER_MINUTE = 60;
/** Presence (awareness) client ids one connection may introduce; a tab has one. */
export const MAX_PRESENCE_CLIENTS_PER_CONNECTION = 4;
/** Each person's presence goes out to the others at most this often (latest state only). */
export const PRESENCE_FLUSH_MS = 50;
/**
 * What the relay holds unsent for one socket beyond the board's first sync reply; a
 * browser that falls further behind is closed (and reconnects), so slow readers cannot
 * grow the relay's memory.
 */
export const MAX_SOCKET_BACKLOG_BYTES = 2 * 1024 * 1024;
/** Open connections to one board. */
export const MAX_CONNECTIONS_PER_BOARD = 200;
/** Open connections from one IP address (a workshop behind one NAT fits). */
export const MAX_CONNECTIONS_PER_IP = 100;
/** Boards one IP address may create per minute. */
export const MAX_BOARDS_PER_IP_PER_MINUTE = 20;
/**
 * Answers of the board's read-only routes (its copy, exports, history pages) in progress at
 * once for one IP address. Each holds a store read and, until a slow reader has taken it,
 * its whole answer in memory. A workshop of 30 behind one NAT opening a big board at once
 * asks for 30 copies; a page refused one opens the board over its socket instead.
 */
export const MAX_READS_PER_IP = 32;
/** Encoded size of one board's document; updates that would pass it are refused. */
export const MAX_BOARD_BYTES = 16 * 1024 * 1024;
/** Personal participant links one board may have (a conference-sized session fits). */
export const MAX_PERSONAL_LINKS = 1_000;
/** Notes one participant may keep private during private writing (the relay holds them). */
export const MAX_PRIVATE_NOTES_PER_PARTICIPANT = 200;

// ---- Snapshots (docs/snapshot-format.md). An import is checked against every limit
// before anything is built, so a refused file never leaves half a board behind.

/** Largest snapshot file `POST /api/boards` and the importers read: a full board with long notes fits. */
export const MAX_SNAPSHOT_BYTES = 32 * 1024 * 1024;
/** Participants one snapshot may list; workshops have tens, async teams a few hundred. */
export const MAX_SNAPSHOT_PARTICIPANTS = 1_000;
/** Rounds one snapshot may hold. */
export const MAX_SNAPSHOT_ROUNDS = 100;
/** Comments and actions one snapshot may carry; an export keeps the latest. */
export const MAX_SNAPSHOT_COMMENTS = 50_000;
export const MAX_SNAPSHOT_ACTIONS = 10_000;
/** Widest or tallest PNG export in pixels; beyond it the scale is lowered and the user told. */
export const MAX_EXPORT_IMAGE_SIDE = 16_384;
/** Largest PNG export in pixels (width × height), within what browsers can allocate for a canvas. */
export const MAX_EXPORT_IMAGE_PIXELS = 100_000_000;
/** First reconnect window; it doubles with each failed attempt (y-websocket's own base is 100 ms, doubled once). */
export const RECONNECT_BASE_MS = 200;
/** Longest reconnect delay before jitter, so a relay that comes back is found within seconds. */
export const RECONNECT_MAX_MS = 5_000;
/** How long the board waits for this browser's offline copy before connecting without it. */
export const OFFLINE_COPY_WAIT_MS = 3_000;
/** Moments of a board's history in one answer of `GET /api/boards/<id>/history` (docs/history.md). */
export const HISTORY_MOMENTS_PER_PAGE = 500;
/** Stored log bytes in one answer of `GET /api/boards/<id>/history/log`; a larger single entry comes alone. */
export const HISTORY_LOG_PAGE_BYTES = 512 * 1024;

// ---- Anonymity (docs/groups.md, "Anonymity levels").

/** Answers a belief needs before its distribution is shown under an anonymous level (the default). */
export const DEFAULT_MIN_ANSWERS = 3;
/** The facilitator may ask for 2…20 answers (1 would show a lone answer: no anonymity left). */
export const MIN_MIN_ANSWERS = 2;
export const MAX_MIN_ANSWERS = 20;
