// The limits the server enforces, with the named constants of shared/limits.ts as the
// defaults. Passed in whole so a test can lower one limit and exceed it quickly.
import {
  AWARENESS_BURST,
  AWARENESS_PER_SECOND,
  BYTE_BURST,
  BYTES_PER_SECOND,
  MAX_AWARENESS_BYTES,
  MAX_BELIEF_TEXT,
  MAX_BELIEFS_PER_BOARD,
  MAX_BOARD_BYTES,
  MAX_BOARDS_PER_IP_PER_MINUTE,
  MAX_CONNECTIONS_PER_BOARD,
  MAX_CONNECTIONS_PER_IP,
  MAX_READS_PER_IP,
  MAX_CLIENT_IDS_PER_CONNECTION,
  MAX_SOCKET_BACKLOG_BYTES,
  MESSAGE_BURST,
  MESSAGES_PER_SECOND,
  NEW_CLIENT_IDS_PER_BOARD_BURST,
  NEW_CLIENT_IDS_PER_BOARD_PER_MINUTE,
  NEW_PARTICIPANTS_PER_BOARD_BURST,
  NEW_PARTICIPANTS_PER_BOARD_PER_MINUTE,
} from '../../shared/limits.ts';

export interface RelayLimits {
  messagesPerSecond: number;
  messageBurst: number;
  bytesPerSecond: number;
  byteBurst: number;
  maxAwarenessBytes: number;
  awarenessPerSecond: number;
  awarenessBurst: number;
  maxConnectionsPerBoard: number;
  maxConnectionsPerIp: number;
  maxBoardsPerIpPerMinute: number;
  maxReadsPerIp: number;
  maxBoardBytes: number;
  maxBeliefsPerBoard: number;
  maxBeliefText: number;
  maxSocketBacklogBytes: number;
  maxClientIdsPerConnection: number;
  newClientIdsPerBoardBurst: number;
  newClientIdsPerBoardPerMinute: number;
  newParticipantsPerBoardBurst: number;
  newParticipantsPerBoardPerMinute: number;
}

export const DEFAULT_LIMITS: RelayLimits = {
  messagesPerSecond: MESSAGES_PER_SECOND,
  messageBurst: MESSAGE_BURST,
  bytesPerSecond: BYTES_PER_SECOND,
  byteBurst: BYTE_BURST,
  maxAwarenessBytes: MAX_AWARENESS_BYTES,
  awarenessPerSecond: AWARENESS_PER_SECOND,
  awarenessBurst: AWARENESS_BURST,
  maxConnectionsPerBoard: MAX_CONNECTIONS_PER_BOARD,
  maxConnectionsPerIp: MAX_CONNECTIONS_PER_IP,
  maxBoardsPerIpPerMinute: MAX_BOARDS_PER_IP_PER_MINUTE,
  maxReadsPerIp: MAX_READS_PER_IP,
  maxBoardBytes: MAX_BOARD_BYTES,
  maxBeliefsPerBoard: MAX_BELIEFS_PER_BOARD,
  maxBeliefText: MAX_BELIEF_TEXT,
  maxSocketBacklogBytes: MAX_SOCKET_BACKLOG_BYTES,
  maxClientIdsPerConnection: MAX_CLIENT_IDS_PER_CONNECTION,
  newClientIdsPerBoardBurst: NEW_CLIENT_IDS_PER_BOARD_BURST,
  newClientIdsPerBoardPerMinute: NEW_CLIENT_IDS_PER_BOARD_PER_MINUTE,
  newParticipantsPerBoardBurst: NEW_PARTICIPANTS_PER_BOARD_BURST,
  newParticipantsPerBoardPerMinute: NEW_PARTICIPANTS_PER_BOARD_PER_MINUTE,
};

/** Raised by a check that refuses a message; the connection is closed with `code`. */
export class LimitExceeded extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}
