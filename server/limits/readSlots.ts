// The answers of the board's read-only routes (its copy, exports, history pages) in
// progress per client address. Each holds a store read and, until the reader has taken it,
// its whole answer in memory: without a cap one address asking many at once and never
// reading could fill the relay's memory, or keep its store busy for everyone else.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientAddress } from '../access/clientAddress.ts';
import { sendError } from '../http/responses.ts';
import { BoundedCounts } from './counters.ts';

export class ReadSlots {
  private readonly inProgress: BoundedCounts;

  constructor(
    private readonly max: number,
    private readonly trustedProxies: readonly string[],
  ) {
    this.inProgress = new BoundedCounts(max);
  }

  /**
   * Takes one of the address's slots until this response closes (sent, or its connection
   * gone); when it has none free, answers 429 in words and returns false.
   */
  take(req: IncomingMessage, res: ServerResponse): boolean {
    const address = clientAddress(req, this.trustedProxies);
    if (!this.inProgress.tryAdd(address)) {
      res.setHeader('Retry-After', '5');
      sendError(res, 429, `Your network already has ${this.max} downloads from this server in progress; try again once they have finished.`);
      return false;
    }
    res.once('close', () => this.inProgress.remove(address));
    return true;
  }
}
