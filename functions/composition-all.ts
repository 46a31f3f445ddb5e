/**
 * The app's dependencies with every port (functions/composition.ts): the local runtime, the tests,
 * the benchmarks and the functions that are not an API area (jobs, the pitch processor,
 * announcements, mail events). Each API area's Lambda composes only its own ports instead
 * (functions/lambda/area-ports.ts), which is why this is a module of its own: whatever imports it
 * bundles every adapter.
 */
import type { Config } from './adapters/config.ts';
import { composeDeps, type AdapterSet, type AwsPort, type ComposedDeps, type DepsOverrides } from './composition.ts';

/** Every port over AWS. */
export const ALL_PORTS = [
  'competitions', 'memberships', 'submissions', 'audit', 'pitches', 'evaluation', 'expo', 'awards', 'notifications', 'results', 'jobs',
  'audienceVotes', 'accounts', 'programmes', 'programmeLedger', 'dashboard', 'teams', 'messageTemplates', 'mailer', 'reminders',
  'mailStatus', 'outbox', 'videos', 'files', 'jobQueue', 'personalData',
] as const satisfies readonly AwsPort[];
/** Compiles only while ALL_PORTS names every port over AWS. */
const everyPort: Exclude<AwsPort, (typeof ALL_PORTS)[number]> extends never ? true : never = true;
void everyPort;

/** Every port, with every adapter (composition-adapters.ts). */
export const ALL_ADAPTERS: AdapterSet = { ports: ALL_PORTS, load: () => import('./composition-adapters.ts') };

export function buildDeps(config: Config, overrides: DepsOverrides = {}): ComposedDeps {
  return composeDeps(config, ALL_ADAPTERS, overrides);
}
