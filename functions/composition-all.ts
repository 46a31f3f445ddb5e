/**
 * The app's dependencies with every port (functions/composition.ts): the local runtime, the tests,
 * the benchmarks and the functions that are not an API area (jobs, the pitch processor,
 * announcements, mail events). Each API area's Lambda composes only its own ports instead
 * (functions/lambda/area-ports.ts), which is why this is a module of its own: whatever imports it
 * bundles every adapter.
 */
import type { Config } from './adapters/config.ts';
import { composeDeps, type AdapterSet, type AwsPort, type ComposedDeps, type DepsOverrides } from './composition.ts';
import { inProcessJobQueue } from './adapters/queue/in-process-job-queue.ts';
import { runJob } from './use-cases/jobs.ts';
import { provideRankingCompute } from './use-cases/ranking.ts';
import { mediaFromConfig } from './adapters/media/media-from-config.ts';

// Every function composed with every port computes rankings where its work needs one (use-cases/ranking.ts).
provideRankingCompute(() => import('./use-cases/ranking-compute.ts'));

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

/** With the in-process queue and runJob, for jobs run here where no queue is configured (the API areas' Lambdas have one, and leave them out). */
export function buildDeps(config: Config, overrides: DepsOverrides = {}): ComposedDeps {
  return composeDeps(config, ALL_ADAPTERS, { inProcess: { queue: inProcessJobQueue, runJob }, media: mediaFromConfig, ...overrides });
}
