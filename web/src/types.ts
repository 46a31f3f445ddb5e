/** The API's shapes as the web app sees them (see GET /api/openapi.json). */
export type Kind = 'idea' | 'hackathon' | 'pitch';
export type Phase = 'draft' | 'upcoming' | 'open' | 'closed' | 'evaluation' | 'deliberation' | 'results';
export type Role = 'organiser' | 'entrant' | 'peer-reviewer' | 'investor';
export type SubmissionStatus = 'draft' | 'submitted' | 'withdrawn';

export const KINDS: { value: Kind; label: string }[] = [
  { value: 'idea', label: 'Idea competition' },
  { value: 'hackathon', label: 'Hackathon' },
  { value: 'pitch', label: 'Pitch competition' },
];

export interface Schedule {
  timeZone: string;
  submissionsOpen: string;
  submissionsClose: string;
  evaluationStart: string;
  evaluationEnd: string;
  resultsDate: string;
}

export interface Criterion {
  id?: string;
  name: string;
  description: string;
  weight: number;
  scale: { min: number; max: number };
}

export interface Question {
  id?: string;
  label: string;
  help: string;
  required: boolean;
  maxLength: number;
}

export interface CompetitionInput {
  title: string;
  description: string;
  kind: Kind;
  sectors: string[];
  eligibility: { countries: string[]; smeOnly: boolean };
  schedule: Schedule;
  rubric: Criterion[];
  questions: Question[];
}

export interface Competition extends CompetitionInput {
  id: string;
  rubric: (Criterion & { id: string })[];
  questions: (Question & { id: string })[];
  status: 'draft' | 'published';
  phase: Phase;
  closesAt: string;
  closedEarlyAt?: string;
  publishedAt?: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  myRoles: Role[];
}

export interface TeamMember {
  name: string;
  email: string;
  role: string;
}

export interface RegistrationInput {
  organisationName: string;
  country: string;
  registryId: string;
  smeDeclaration: boolean;
  team: TeamMember[];
}

export interface Registration extends RegistrationInput {
  competitionId: string;
  registeredAt: string;
}

export interface SubmissionContent {
  title: string;
  summary: string;
  problem: string;
  solution: string;
  valueChain: string[];
  sectors: string[];
  answers: Record<string, string>;
}

export interface Submission extends SubmissionContent {
  id: string;
  competitionId: string;
  organisationName: string;
  country: string;
  status: SubmissionStatus;
  createdAt: string;
  updatedAt: string;
  submittedAt?: string;
  withdrawnAt?: string;
  version: number;
  editable: boolean;
}

export interface MySubmission extends Submission {
  competitionTitle: string;
  closesAt: string;
}

export interface Me {
  sub: string;
  email: string;
  name?: string;
  groups: string[];
  canCreateCompetitions: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface AuditEntry {
  id: string;
  at: string;
  actor: { sub: string; email: string };
  action: string;
  target: string;
  before?: unknown;
  after?: unknown;
}
