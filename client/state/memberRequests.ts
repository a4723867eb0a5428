// The facilitator's HTTP side of "who answers" (server/http/memberRoutes.ts): personal
// participant links, "personal links only", and how many ids came through the shared
// link. The facilitator's secret goes in the Authorization header; failures come back as
// sentences a person can act on.
import { bearer } from '../../shared/access.ts';
import type { MembersResponse, PersonalLinkResponse } from '../../shared/protocol.ts';
import { AccessRequestError } from './accessRequests.ts';

async function call<T>(boardId: string, secret: string, path: string, init: RequestInit, what: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api/boards/${boardId}/${path}`, {
      ...init,
      headers: { Authorization: bearer(secret), ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    });
  } catch {
    throw new AccessRequestError('Could not reach the Beliefmap server. Check your connection and try again.');
  }
  if (response.status === 204) return undefined as T;
  const body = (await response.json().catch(() => null)) as (T & { error?: unknown }) | null;
  if (!response.ok || body === null) {
    const detail = typeof body?.error === 'string' ? body.error : `the server answered ${response.status}`;
    throw new AccessRequestError(`Could not ${what}: ${detail.replace(/\.$/, '')}.`);
  }
  return body;
}

export function requestMembers(boardId: string, secret: string): Promise<MembersResponse> {
  return call(boardId, secret, 'members', {}, 'read who answers here');
}

export function requestPersonalLink(boardId: string, secret: string, name: string): Promise<PersonalLinkResponse> {
  return call(boardId, secret, 'personal-links', { method: 'POST', body: JSON.stringify({ name }) }, 'make a personal link');
}

export function withdrawPersonalLink(boardId: string, secret: string, participantId: string): Promise<void> {
  return call(boardId, secret, `personal-links/${participantId}`, { method: 'DELETE' }, 'withdraw the link');
}

export function requestPersonalOnly(boardId: string, secret: string, personalOnly: boolean): Promise<MembersResponse> {
  return call(boardId, secret, 'settings', { method: 'PUT', body: JSON.stringify({ personalOnly }) }, 'change who may answer');
}
