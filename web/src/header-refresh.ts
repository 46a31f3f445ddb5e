/**
 * When the header and footer read what they show of the signed-in person — their roles (which
 * links), their programmes and their unread messages: on signing in; at once after one of their
 * own requests that changes their roles (ROLE_CHANGING: registering, accepting an invitation,
 * creating a competition or a programme); and on a page change or a return to the tab once
 * HEADER_STALE_MS have passed since the last read. Not on every page change: that cost three or
 * four API requests a click (a review score in the web was eight requests, four of them the
 * header's). Changes made by others (an assignment giving an entrant peer reviews, a message
 * arriving) show within HEADER_STALE_MS, or at once on reloading; the page one is on is always in
 * the header's links (app.tsx navFor).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Method, PathsWith } from './api.ts';

const HEADER_STALE_MS = 5 * 60_000;

/** The requests whose success changes the caller's roles or programmes (typed: a path the API lacks fails to compile). */
const ROLE_CHANGING: { readonly [M in Method]?: readonly PathsWith<M>[] } = {
  post: [
    '/api/competitions',
    '/api/competitions/{competitionId}/registration',
    '/api/invitations/{competitionId}/{token}/accept',
    '/api/team-invitations/{competitionId}/{token}/accept',
    '/api/organiser-invitations/{competitionId}/{token}/accept',
    '/api/programme-invitations/{programmeId}/{token}/accept',
    '/api/programmes',
  ],
};

const REFRESH = 'podium:header-refresh';
let generation = 0;
let readAt = Number.NEGATIVE_INFINITY;

function refresh(): void {
  generation += 1;
  readAt = Date.now();
  window.dispatchEvent(new Event(REFRESH));
}

const stale = () => Date.now() - readAt >= HEADER_STALE_MS;

/** Called by the API client after every successful request (api.ts `send`). */
export function afterSuccess(method: Method, path: string): void {
  if ((ROLE_CHANGING[method] as readonly string[] | undefined)?.includes(path)) refresh();
}

if (typeof document !== 'undefined')
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && stale()) refresh();
  });

/**
 * A number that changes whenever the header's data is to be read again. The effects that read it
 * depend on it and on `signedIn`: they read on mounting and on signing in by themselves, which
 * counts as the read here (a new number then would read everything twice).
 */
export function useHeaderRefresh(signedIn: boolean, path: string): number {
  const [seen, setSeen] = useState(generation);
  const mounted = useRef(false);
  useEffect(() => {
    const on = () => setSeen(generation);
    window.addEventListener(REFRESH, on);
    return () => window.removeEventListener(REFRESH, on);
  }, []);
  useEffect(() => {
    if (signedIn) readAt = Date.now();
  }, [signedIn]);
  useEffect(() => {
    if (mounted.current && stale()) refresh();
    mounted.current = true;
  }, [path]);
  return seen;
}
