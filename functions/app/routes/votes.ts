/**
 * The audience vote: a competition's public ballot, its window, the count and the organiser's
 * review of flagged ballots. Tagged `votes`: served by the live area's function.
 */
import type { AppDeps } from '../deps.ts';
import type { PodiumApp } from '../env.ts';

export function voteRoutes(_app: PodiumApp, _deps: AppDeps) {}
