/**
 * The ports over AWS each API area's Lambda composes (functions/composition.ts' `AdapterSet`):
 * what the area's code reads, as tests/unit/area-ports.test.ts finds it there — so its bundle
 * carries no adapter its routes never call, and a port the code starts to read fails that test
 * until it is named here (and its adapter exported from functions/lambda/<area>-adapters.ts; the
 * types check that). Reading a port not named throws, naming it. Pure data.
 */
import type { ApiArea } from '../app/api-area-of.ts';
import type { AwsPort } from '../composition.ts';

export const CORE_PORTS = ['competitions', 'memberships', 'submissions', 'audit', 'pitches', 'evaluation', 'results', 'jobs', 'accounts', 'programmes', 'dashboard', 'mailStatus', 'videos', 'files', 'jobQueue', 'personalData'] as const satisfies readonly AwsPort[];
export const EVALUATION_PORTS = ['competitions', 'memberships', 'submissions', 'audit', 'pitches', 'evaluation', 'expo', 'awards', 'results', 'jobs', 'programmes', 'dashboard', 'mailStatus', 'videos', 'files', 'jobQueue'] as const satisfies readonly AwsPort[];
export const REVIEWING_PORTS = ['competitions', 'memberships', 'submissions', 'audit', 'pitches', 'evaluation', 'expo', 'results', 'jobs', 'accounts', 'programmes', 'dashboard', 'messageTemplates', 'mailer', 'mailStatus', 'videos', 'files', 'jobQueue'] as const satisfies readonly AwsPort[];
export const RESULTS_PORTS = ['competitions', 'memberships', 'submissions', 'audit', 'pitches', 'evaluation', 'expo', 'awards', 'notifications', 'results', 'jobs', 'audienceVotes', 'accounts', 'programmes', 'dashboard', 'mailStatus', 'outbox', 'files', 'jobQueue'] as const satisfies readonly AwsPort[];
export const LIVE_PORTS = ['competitions', 'memberships', 'submissions', 'audit', 'evaluation', 'expo', 'results', 'jobs', 'audienceVotes', 'accounts', 'programmes', 'mailStatus', 'files', 'jobQueue'] as const satisfies readonly AwsPort[];
export const PEOPLE_PORTS = ['competitions', 'memberships', 'submissions', 'audit', 'pitches', 'evaluation', 'notifications', 'jobs', 'accounts', 'programmes', 'teams', 'messageTemplates', 'mailer', 'reminders', 'mailStatus', 'videos', 'files', 'jobQueue', 'personalData'] as const satisfies readonly AwsPort[];
export const PROGRAMMES_PORTS = ['competitions', 'memberships', 'submissions', 'audit', 'evaluation', 'expo', 'awards', 'results', 'jobs', 'accounts', 'programmes', 'programmeLedger', 'messageTemplates', 'mailer', 'mailStatus', 'outbox', 'files', 'jobQueue'] as const satisfies readonly AwsPort[];

/** Each area's (the tests read them so; an entry imports only its own, so its bundle holds only that list). */
export const PORTS_OF_AREA = { core: CORE_PORTS, evaluation: EVALUATION_PORTS, results: RESULTS_PORTS, live: LIVE_PORTS, people: PEOPLE_PORTS, programmes: PROGRAMMES_PORTS, reviewing: REVIEWING_PORTS } as const satisfies Record<ApiArea, readonly AwsPort[]>;
