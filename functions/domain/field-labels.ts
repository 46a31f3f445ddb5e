/**
 * What people call each field of a request: the labels of the web forms (web/src/pages/
 * register.tsx, edit-competition.tsx, submission.tsx, rounds.tsx, round.tsx, awards.tsx,
 * review.tsx and components/rubric-editor.tsx), so an error message names "Organisation name",
 * not `organisationName`. Error `fields` stay keyed by path (the web maps them to inputs); the
 * sentence in `message` uses these labels and lists every problem at once.
 *
 * Paths are zod's dot paths; list items are numbered from 1 ("Team member 1 e-mail").
 */
import { ordinal } from '../shared/award-labels.ts';
import type { FieldErrors } from './errors.ts';

type Label = string | ((n: number, key: string) => string);

/** `#` stands for a list index, `*` for any key (a criterion or question id). First match wins. */
const LABELS: [pattern: string, label: Label][] = [
  // Competition editor
  ['title', 'Title'],
  ['description', 'Description'],
  ['kind', 'Kind'],
  ['sectors', 'Sectors'],
  ['sectors.#', (n) => `Sector ${n}`],
  ['eligibility', 'Eligibility'],
  ['eligibility.countries', 'Countries'],
  ['eligibility.countries.#', (n) => `Eligible country ${n}`],
  ['eligibility.smeOnly', 'SMEs only'],
  ['schedule', 'Schedule'],
  ['schedule.timeZone', 'Time zone'],
  ['schedule.submissionsOpen', 'Submissions open'],
  ['schedule.submissionsClose', 'Submissions close'],
  ['schedule.evaluationStart', 'Evaluation starts'],
  ['schedule.evaluationEnd', 'Evaluation ends'],
  ['schedule.resultsDate', 'Results announced'],
  ['rubric', 'Rubric'],
  ['rubric.#', (n) => `Criterion ${n}`],
  ['rubric.#.id', (n) => `Criterion ${n} id`],
  ['rubric.#.name', (n) => `Criterion ${n} name`],
  ['rubric.#.description', (n) => `Criterion ${n} description`],
  ['rubric.#.weight', (n) => `Criterion ${n} weight`],
  ['rubric.#.scale', (n) => `Criterion ${n} scale`],
  ['rubric.#.scale.min', (n) => `Criterion ${n} scale min`],
  ['rubric.#.scale.max', (n) => `Criterion ${n} scale max`],
  ['questions', 'Questions'],
  ['questions.#', (n) => `Question ${n}`],
  ['questions.#.id', (n) => `Question ${n} id`],
  ['questions.#.label', (n) => `Question ${n}`],
  ['questions.#.help', (n) => `Question ${n} help text`],
  ['questions.#.required', (n) => `Question ${n} answer required`],
  ['questions.#.maxLength', (n) => `Question ${n} maximum length`],
  ['pitch', 'Video pitch'],
  ['pitch.required', 'Video pitch required'],
  ['pitch.maxDurationSeconds', 'Maximum duration'],
  ['pitch.maxSizeBytes', 'Maximum size'],
  ['pitch.formats', 'Allowed formats'],
  ['pitch.formats.#', (n) => `Allowed format ${n}`],
  // Registration
  ['organisationName', 'Organisation name'],
  ['country', 'Country'],
  ['registryId', 'Registry / VAT id'],
  ['smeDeclaration', 'SME declaration'],
  ['team', 'Team'],
  ['team.#', (n) => `Team member ${n}`],
  ['team.#.name', (n) => `Team member ${n} name`],
  ['team.#.email', (n) => `Team member ${n} e-mail`],
  ['team.#.role', (n) => `Team member ${n} role`],
  // Submission
  ['summary', 'Summary'],
  ['problem', 'Problem'],
  ['solution', 'Solution'],
  ['valueChain', 'Value chain'],
  ['valueChain.#', (n) => `Value chain step ${n}`],
  ['answers', 'Answers'],
  ['answers.*', (_n, key) => `Answer to question "${key}"`],
  ['open', 'Open to meeting investors'],
  // Evaluation rounds and reviewers
  ['name', 'Name'],
  ['k', 'Reviews per submission'],
  ['maxLoad', 'Most reviews per reviewer'],
  ['minLoad', 'Fewest reviews per reviewer'],
  ['assignmentObjective', 'Assignment priority'],
  ['weight', 'Weight in the final score'],
  ['blind', 'Blind review'],
  ['opensAt', 'Opens'],
  ['closesAt', 'Closes'],
  ['shortlist', 'Shortlist'],
  ['shortlist.fromRoundId', 'From round'],
  ['shortlist.topN', 'Top N'],
  ['requireReviewDuty', 'Peer review duty'],
  ['showPeerComments', 'Reviewers may read the peer reviewers’ comments'],
  ['randomise', 'Randomised assignment'],
  ['randomise.q', 'Most probability of any one pair'],
  ['emails', 'E-mail addresses'],
  ['emails.#', (n) => `E-mail address ${n}`],
  ['interests', 'Interests'],
  ['interests.#', (n) => `Interest ${n}`],
  ['reviewerSub', 'Reviewer'],
  ['reason', 'Reason'],
  // Reviews
  ['scores', 'Scores'],
  ['scores.*', (_n, key) => `Score for criterion "${key}"`],
  ['comments', 'Comments'],
  ['comments.*', (_n, key) => `Comment on criterion "${key}"`],
  ['overallComment', 'Overall comment'],
  ['meet', 'I’d like to meet this team'],
  ['privateNote', 'Private notes'],
  // Prize plan and awards
  ['plan', 'Prize plan'],
  ['plan.currency', 'Currency'],
  ['plan.totalBudget', 'Total budget for awards'],
  ['plan.programmeBudget', 'Programme budget'],
  ['plan.minSmeShare', 'Minimum SME share'],
  ['plan.perThirdPartyCap', 'Most one organisation may receive'],
  ['plan.smeOnly', 'Only SMEs can receive awards'],
  ['plan.reserveListLength', 'Reserve list length'],
  ['plan.rankPrizes', 'Prizes by rank'],
  ['plan.rankPrizes.#', (n) => `${ordinal(n)} place`],
  ['plan.rankPrizes.#.rank', (n) => `${ordinal(n)} place rank`],
  ['plan.rankPrizes.#.amount', (n) => `${ordinal(n)} place amount`],
  ['plan.rankPrizes.#.label', (n) => `${ordinal(n)} place label`],
  ['plan.lumpSum', 'Lump sum'],
  ['plan.lumpSum.amount', 'Lump sum amount'],
  ['plan.lumpSum.topN', 'Lump sum: for the top'],
  ['plan.vouchers', 'Innovation vouchers'],
  ['plan.vouchers.amount', 'Voucher amount'],
  ['plan.vouchers.count', 'Vouchers: how many'],
  ['plan.categories', 'Categories'],
  ['plan.categories.#', (n) => `Category ${n}`],
  ['plan.categories.#.id', (n) => `Category ${n} id`],
  ['plan.categories.#.name', (n) => `Category ${n} name`],
  ['plan.categories.#.amount', (n) => `Category ${n} amount`],
  ['categoryPicks', 'Category winners'],
  ['categoryPicks.#', (n) => `Category winner ${n}`],
  ['categoryPicks.#.categoryId', (n) => `Category winner ${n}: category`],
  ['categoryPicks.#.submissionId', (n) => `Category winner ${n}: submission`],
  ['awards', 'Awards'],
  ['awards.#', (n) => `Award ${n}`],
  ['awards.#.submissionId', (n) => `Award ${n} submission`],
  ['awards.#.type', (n) => `Award ${n} type`],
  ['awards.#.rank', (n) => `Award ${n} rank`],
  ['awards.#.categoryId', (n) => `Award ${n} category`],
  ['when', 'When'],
  // Video pitch uploads
  ['fileName', 'File name'],
  ['sizeBytes', 'File size'],
  ['size', 'File size'],
  ['contentType', 'File type'],
  ['etag', 'Part ETag'],
  // Query and path parameters, and the request as a whole
  ['limit', 'Page size'],
  ['cursor', 'Page link'],
  ['status', 'Status'],
  ['sector', 'Sector'],
  ['q', 'Search'],
  ['competitionId', 'Competition'],
  ['submissionId', 'Submission'],
  ['roundId', 'Round'],
  ['uploadId', 'Upload'],
  ['partNumber', 'Part number'],
  ['token', 'Invitation link'],
  ['notificationId', 'Notification'],
  ['awardKey', 'Award'],
  ['version', 'Version'],
  ['json', 'Request body'],
  ['body', 'Request body'],
  ['query', 'Query'],
  ['param', 'Address'],
];

/** The patterns as regular expressions, compiled on the first label asked for (not at every cold start). */
let compiled: { re: RegExp; label: (typeof LABELS)[number][1] }[] | undefined;
function compiledLabels() {
  return (compiled ??= LABELS.map(([pattern, label]) => {
    const source = pattern
      .split('.')
      .map((part) => (part === '#' ? '(\\d+)' : part === '*' ? '([^.]+)' : part.replace(/[$()*+.?[\\\]^{|}]/g, '\\$&')))
      .join('\\.');
    return { re: new RegExp(`^${source}$`), label };
  }));
}

/** The label of a field path: "team.0.email" → "Team member 1 e-mail". Unknown paths are spelled out. */
export function labelFor(path: string): string {
  for (const { re, label } of compiledLabels()) {
    const m = re.exec(path);
    if (!m) continue;
    if (typeof label === 'string') return label;
    const index = m.slice(1).find((g) => /^\d+$/.test(g));
    return label(index === undefined ? 0 : Number(index) + 1, m[m.length - 1] ?? '');
  }
  return spelledOut(path);
}

/** "schedule.fooBar.2" → "Schedule › foo bar 3", as the web spells paths it has no label for. */
function spelledOut(path: string): string {
  const out: string[] = [];
  for (const part of path.split('.')) {
    if (/^\d+$/.test(part) && out.length > 0) out[out.length - 1] += ` ${Number(part) + 1}`;
    else out.push(part.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase());
  }
  const s = out.join(' › ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** "Required." → "required"; "SME only …" keeps its capitals. For a clause inside a sentence. */
function clause(message: string): string {
  let m = message.trim().replace(/[.\s]+$/, '').replace(/;\s*/g, ', ');
  if (/^[A-Z][a-z]/.test(m)) m = m.charAt(0).toLowerCase() + m.slice(1);
  return m;
}

/**
 * One sentence naming every problem with the form's labels:
 * "3 fields need attention: Organisation name — required; Country — not a country code, use …;
 * Team member 1 e-mail — not an e-mail address."
 */
export function problemsMessage(fields: FieldErrors): string {
  const entries = Object.entries(fields);
  if (entries.length === 0) return 'The request is not valid.';
  const items = entries.map(([path, message]) => `${labelFor(path)} — ${clause(message)}`);
  if (items.length === 1) return `${items[0]}.`;
  return `${items.length} fields need attention: ${items.join('; ')}.`;
}
