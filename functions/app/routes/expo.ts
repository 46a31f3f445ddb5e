/**
 * Expo rounds (pairwise judging on judges' phones): tables, the judge's next table, votes, skips,
 * undo, notes, and the organiser's live view. Tagged `expo`: served by the live area's function.
 */
import type { AppDeps } from '../deps.ts';
import type { PodiumApp } from '../env.ts';

export function expoRoutes(_app: PodiumApp, _deps: AppDeps) {}
