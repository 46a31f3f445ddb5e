/**
 * Programmes: a consortium's calls under one budget, its partners and people in programme roles,
 * the cross-call ledger's dashboard. Tagged `programmes`: served by the core area's function.
 * Use cases: use-cases/programmes.ts.
 */
import type { AppDeps } from '../deps.ts';
import type { PodiumApp } from '../env.ts';

export const tags = ['programmes'];

export function programmeRoutes(_app: PodiumApp, _deps: AppDeps) {
  // Routes are added here (issue 13).
}
