// Creating a board: the relay writes its first state with the model's createBoard, so a
// board exists in the store before anyone can open its link.
import * as Y from 'yjs';
import { newBoardId } from '../shared/ids.ts';
import { createBoard } from '../shared/model.ts';
import type { CreateBoardRequest } from '../shared/protocol.ts';
import { isTemplate, TEMPLATES } from '../shared/schema.ts';
import type { Role } from '../shared/access.ts';
import { mintAllSecrets } from './access/boardAccess.ts';
import type { BoardStore } from './store/boardStore.ts';

/** A request the user can fix; its message is shown to them. */
export class InvalidBoardRequest extends Error {}

/** The first state of a new board as a request asks for it; refuses a request it cannot build. */
export function newBoardDoc(request: CreateBoardRequest): Y.Doc {
  if (request.title !== undefined && typeof request.title !== 'string') {
    throw new InvalidBoardRequest('The title must be text.');
  }
  if (request.template !== undefined && !isTemplate(request.template)) {
    throw new InvalidBoardRequest(`There is no template "${String(request.template)}"; choose one of: ${TEMPLATES.join(', ')}.`);
  }
  const doc = new Y.Doc();
  createBoard(doc, { title: request.title, template: request.template });
  return doc;
}

/** Stores `doc` as the first state of a new board with its own id and link secrets. */
export async function storeNewBoard(store: BoardStore, doc: Y.Doc): Promise<{ id: string; links: Record<Role, string> }> {
  const id = newBoardId();
  // Secrets first: until createBoard marks the board as created, it does not exist.
  const links = await mintAllSecrets(store, id);
  await store.createBoard(id, Y.encodeStateAsUpdate(doc));
  return { id, links };
}
