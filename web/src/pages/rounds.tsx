/**
 * Organisers: the competition's evaluation rounds — the list, and the form that adds or edits one
 * (who reviews, with which rubric, how many reviews each, blind or not, when, and how much it
 * counts in the final score).
 */
import { useState } from 'preact/hooks';
import { api, ApiError, enc, type FieldErrors } from '../api.ts';
import { ACTIONS_COLUMN, DataTable } from '../components/data-table.tsx';
import { RoundWindow, ShortlistText } from '../components/round-info.tsx';
import { RubricEditor, toCriterionRows, type CriterionRow } from '../components/rubric-editor.tsx';
import { Checkbox, Empty, ErrorSummary, Field, GroupError, LoadError, Loading, Notice, PhaseBadge, TextField } from '../components/ui.tsx';
import { setFlash, takeFlash } from '../flash.ts';
import { toWallClock } from '../format.ts';
import { useResource, useTitle } from '../hooks.ts';
import { resultsFrozen } from '../lifecycle.ts';
import { Link, navigate } from '../router.tsx';
import { RequireSignIn } from '../session.tsx';
import { ROUND_KINDS, roundKindLabel, type Competition, type Criterion, type Round, type RoundInput, type RoundKind } from '../types.ts';
import { allows, can, readOnlyNote, whoMay } from '../capabilities.ts';

export async function loadRounds(competitionId: string): Promise<Round[]> {
  return (await api.GET('/api/competitions/{competitionId}/rounds', { params: { path: { competitionId } } })).items;
}

/**
 * Rounds as reviewers live them: once the results are decided every round is closed, whatever
 * its dates (the server refuses reviews, assignment and round changes from then on).
 */
export function asDecided(c: Competition, rounds: Round[]): Round[] {
  return resultsFrozen(c.phase) ? rounds.map((r) => ({ ...r, phase: 'closed' })) : rounds;
}

/** A line saying why nothing about the evaluation can change any more, once the results are decided. */
export function EvaluationFrozen({ c }: { c: Competition }) {
  if (!resultsFrozen(c.phase)) return null;
  return <Notice kind="info">{c.phaseLabel}: the rounds, their reviewers and assignments can no longer change.</Notice>;
}

/** The competition, refused up front (like the API would) when the caller does not organise it. */
export async function loadOrganised(competitionId: string): Promise<Competition> {
  const c = await api.GET('/api/competitions/{competitionId}', { params: { path: { competitionId } } });
  if (!can(c, 'read')) throw new ApiError(403, 'FORBIDDEN', 'Only the organisers of this competition and its programme’s staff can see this page.');
  return c;
}

export function RoundsPage({ id }: { id: string }) {
  return (
    <RequireSignIn what="the evaluation rounds">
      <Rounds id={id} />
    </RequireSignIn>
  );
}

function Rounds({ id }: { id: string }) {
  const res = useResource(async () => {
    const competition = await loadOrganised(id);
    return { competition, rounds: asDecided(competition, await loadRounds(id)) };
  }, id);
  const [flash] = useState(takeFlash);
  useTitle(res.data ? `Evaluation rounds — ${res.data.competition.title}` : 'Evaluation rounds');
  if (res.loading && !res.data) return <Loading label="Loading the rounds…" />;
  if (!res.data) return <LoadError error={res.error} />;
  const { competition: c, rounds } = res.data;
  const tz = c.schedule.timeZone;
  const base = `/competitions/${enc(id)}`;
  const totalWeight = rounds.reduce((s, r) => s + r.weight, 0);
  const editable = allows(c, 'edit-rounds') && !resultsFrozen(c.phase);
  const readOnly = readOnlyNote(c, 'edit-rounds');
  return (
    <section>
      <p class="breadcrumbs">
        <Link href={base}>{c.title}</Link> ›
      </p>
      <div class="page-head">
        <h1>Evaluation rounds</h1>
        <div class="actions">
          <Link href={`${base}/ranking`} class="btn">
            Ranking
          </Link>
          {editable && (
            <Link href={`${base}/rounds/new`} class="btn btn-primary">
              Add a round
            </Link>
          )}
        </div>
      </div>
      {flash && <Notice kind="success">{flash}</Notice>}
      <EvaluationFrozen c={c} />
      {readOnly && <p class="muted">{readOnly}</p>}
      {rounds.length === 0 ? (
        <Empty>
          No rounds yet. Add a peer-review round (entrants review each other), an investor round or a jury round.
        </Empty>
      ) : (
        <DataTable
          columns={[
            'Round',
            'Kind',
            'Phase',
            'Window',
            { label: <abbr title="Reviews per submission">k</abbr>, num: true },
            { label: 'Max load', num: true },
            { label: 'Weight', num: true },
            'Blind',
            ACTIONS_COLUMN,
          ]}
          caption={<>Windows in {tz}. Weights are normalised over the rounds{totalWeight > 0 ? ` (total ${totalWeight})` : ''}.</>}
        >
          {rounds.map((r) => (
            <tr key={r.id}>
              <th scope="row">
                <Link href={`${base}/rounds/${enc(r.id)}`}>{r.name}</Link>
                {r.shortlist && (
                  <div class="hint">
                    <ShortlistText shortlist={r.shortlist} rounds={rounds} />
                  </div>
                )}
              </th>
              <td>{roundKindLabel(r.kind)}</td>
              <td>
                <PhaseBadge phase={r.phase} />
              </td>
              <td>
                <RoundWindow round={r} tz={tz} />
              </td>
              {/* An expo round has no assignment: judges are sent from table to table. */}
              <td class="num">{r.kind === 'expo' ? '—' : r.k}</td>
              <td class="num">{r.kind === 'expo' ? '—' : r.maxLoad}</td>
              <td class="num">
                {r.weight}
                {totalWeight > 0 && <span class="muted"> ({Math.round((r.weight / totalWeight) * 100)} %)</span>}
              </td>
              <td>{r.blind ? 'Yes' : 'No'}</td>
              <td>
                {editable && (
                  <Link href={`${base}/rounds/${enc(r.id)}/edit`} class="btn btn-small" aria-label={`Edit ${r.name}`}>
                    Edit
                  </Link>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

// ——— The form ———

interface RoundForm {
  name: string;
  kind: RoundKind;
  ownRubric: boolean;
  rubric: CriterionRow[];
  k: string;
  maxLoad: string;
  /** '' = the default (1 in a peer round, 0 otherwise). */
  minLoad: string;
  assignmentObjective: 'balance-first' | 'affinity-first';
  blind: boolean;
  opensAt: string;
  closesAt: string;
  weight: string;
  shortlistOn: boolean;
  randomiseOn: boolean;
  randomiseQ: string;
  shortlistFrom: string;
  shortlistTopN: string;
  requireReviewDuty: boolean;
  showPeerComments: boolean;
  impartialOn: boolean;
  impartialK: string;
  impartialClusters: string;
  /** An expo round's settings (kind 'expo'); '' = the server's default. */
  expoMethod: ExpoMethod | '';
  expoCompareCriteria: boolean;
  expoMinVisits: string;
  expoMaxJudgesPerTable: string;
  expoSkipCooldownMinutes: string;
  expoUndoSeconds: string;
}

type ExpoSettingsInput = NonNullable<RoundInput['expo']>;
export type ExpoMethod = NonNullable<ExpoSettingsInput['method']>;
/** Every ranking method the API offers, in words (the type keeps the list complete); the rules page has the full sentence. */
export const EXPO_METHODS: Record<ExpoMethod, string> = {
  'crowd-bt': 'Crowd-BT (Gavel’s model: judges who disagree with the consensus count less)',
  'noisy-sorting': 'Noisy sorting (one order that best explains the votes, each judge allowed their own rate of mistakes)',
};
/** A method's name in words (the live view gets it as a string). */
export const expoMethodLabel = (m: string): string => (EXPO_METHODS as Record<string, string>)[m] ?? m;

/** A new expo round's settings in the form: the server's defaults (domain/expo.ts). */
const EXPO_FORM_DEFAULTS = { expoMethod: '', expoCompareCriteria: false, expoMinVisits: '3', expoMaxJudgesPerTable: '1', expoSkipCooldownMinutes: '10', expoUndoSeconds: '60' } as const;

const sameRubric = (a: Criterion[], b: Criterion[]) => JSON.stringify(a) === JSON.stringify(b);

function formFor(c: Competition, r?: Round): RoundForm {
  const tz = c.schedule.timeZone;
  if (!r)
    return {
      name: '',
      kind: 'peer',
      ownRubric: false,
      rubric: toCriterionRows(c.rubric),
      k: '3',
      maxLoad: '5',
      minLoad: '',
      assignmentObjective: 'balance-first',
      blind: true,
      opensAt: toWallClock(c.schedule.evaluationStart, tz),
      closesAt: toWallClock(c.schedule.evaluationEnd, tz),
      weight: '50',
      shortlistOn: false,
      randomiseOn: false,
      randomiseQ: '0.5',
      shortlistFrom: '',
      shortlistTopN: '10',
      requireReviewDuty: false,
      showPeerComments: false,
      impartialOn: false,
      impartialK: '10',
      impartialClusters: '2',
      ...EXPO_FORM_DEFAULTS,
    };
  return {
    name: r.name,
    kind: r.kind,
    ownRubric: !sameRubric(r.rubric, c.rubric),
    rubric: toCriterionRows(r.rubric),
    k: String(r.k),
    maxLoad: String(r.maxLoad),
    minLoad: r.minLoad === undefined ? '' : String(r.minLoad),
    assignmentObjective: r.assignmentObjective ?? 'balance-first',
    blind: r.blind,
    opensAt: toWallClock(r.opensAt, tz),
    closesAt: toWallClock(r.closesAt, tz),
    weight: String(r.weight),
    shortlistOn: !!r.shortlist,
    randomiseOn: !!r.randomise,
    randomiseQ: String(r.randomise?.q ?? 0.5),
    shortlistFrom: r.shortlist?.fromRoundId ?? '',
    shortlistTopN: String(r.shortlist?.topN ?? 10),
    requireReviewDuty: r.requireReviewDuty,
    showPeerComments: r.showPeerComments,
    impartialOn: !!r.impartial,
    impartialK: String(r.impartial?.k ?? 10),
    impartialClusters: String(r.impartial?.clusters ?? 2),
    ...(r.expo
      ? {
          expoMethod: r.expo.method,
          expoCompareCriteria: r.expo.compareCriteria,
          expoMinVisits: String(r.expo.minVisits),
          expoMaxJudgesPerTable: String(r.expo.maxJudgesPerTable),
          expoSkipCooldownMinutes: String(r.expo.skipCooldownMinutes),
          expoUndoSeconds: String(r.expo.undoSeconds),
        }
      : EXPO_FORM_DEFAULTS),
  };
}

/** Empty number inputs are left out, so the API names the missing field. */
const num = (s: string): number => (s.trim() === '' ? (undefined as unknown as number) : Number(s));

function expoInput(f: RoundForm): ExpoSettingsInput {
  return {
    ...(f.expoMethod ? { method: f.expoMethod } : {}),
    compareCriteria: f.expoCompareCriteria,
    minVisits: num(f.expoMinVisits),
    maxJudgesPerTable: num(f.expoMaxJudgesPerTable),
    skipCooldownMinutes: num(f.expoSkipCooldownMinutes),
    undoSeconds: num(f.expoUndoSeconds),
  } as ExpoSettingsInput;
}

function toInput(f: RoundForm): RoundInput {
  const expo = f.kind === 'expo';
  return {
    name: f.name,
    kind: f.kind,
    ...(f.ownRubric
      ? {
          rubric: f.rubric.map((r) => ({
            ...(r.id ? { id: r.id } : {}),
            name: r.name,
            description: r.description,
            weight: num(r.weight),
            scale: { min: num(r.min), max: num(r.max) },
          })),
        }
      : {}),
    // An expo round has no assignment: judges walk the hall (the API still reads k and the load).
    k: expo ? 1 : num(f.k),
    maxLoad: expo ? 1 : num(f.maxLoad),
    ...(f.minLoad.trim() === '' || expo ? {} : { minLoad: num(f.minLoad) }),
    assignmentObjective: f.assignmentObjective,
    // Judges meet the teams at their tables: an expo round is never blind.
    blind: expo ? false : f.blind,
    opensAt: f.opensAt,
    closesAt: f.closesAt,
    weight: num(f.weight),
    ...(f.shortlistOn && !expo ? { shortlist: { fromRoundId: f.shortlistFrom, topN: num(f.shortlistTopN) } } : {}),
    ...(f.randomiseOn && !expo ? { randomise: { q: num(f.randomiseQ) } } : {}),
    ...(expo ? { expo: expoInput(f) } : {}),
    requireReviewDuty: f.kind === 'peer' && f.requireReviewDuty,
    showPeerComments: f.kind !== 'peer' && f.showPeerComments,
    ...(f.kind === 'peer' && f.impartialOn ? { impartial: { k: num(f.impartialK), clusters: num(f.impartialClusters) } } : {}),
  };
}

export function RoundFormPage({ id, roundId }: { id: string; roundId?: string }) {
  return (
    <RequireSignIn what="the round editor">
      <RoundFormLoader id={id} roundId={roundId} />
    </RequireSignIn>
  );
}

function RoundFormLoader({ id, roundId }: { id: string; roundId?: string }) {
  const res = useResource(async () => {
    const competition = await loadOrganised(id);
    const rounds = await loadRounds(id);
    const round = roundId ? rounds.find((r) => r.id === roundId) : undefined;
    if (roundId && !round) throw new ApiError(404, 'NOT_FOUND', 'No such round.');
    if (!allows(competition, 'edit-rounds')) throw new ApiError(403, 'FORBIDDEN', `Adding or changing rounds is for ${whoMay('edit-rounds')}.`);
    return { competition, rounds, round };
  }, `${id}/${roundId ?? ''}`);
  if (res.loading && !res.data) return <Loading />;
  if (!res.data) return <LoadError error={res.error} />;
  return <RoundEditor competition={res.data.competition} rounds={res.data.rounds} existing={res.data.round} />;
}

const LABELS: Record<string, string> = {
  k: 'Reviews per submission',
  maxLoad: 'Most reviews per reviewer',
  minLoad: 'Fewest reviews per reviewer',
  assignmentObjective: 'Assignment priority',
  opensAt: 'Window opens',
  closesAt: 'Window closes',
  weight: 'Weight in the final score',
  'shortlist.fromRoundId': 'Shortlist › from round',
  'shortlist.topN': 'Shortlist › top N',
  randomise: 'Randomised assignment',
  'randomise.q': 'Randomised assignment › most probability of a pair',
  requireReviewDuty: 'Peer review duty',
  impartial: 'Impartial shortlist',
  'impartial.k': 'Impartial shortlist › places',
  'impartial.clusters': 'Impartial shortlist › clusters',
  expo: 'Expo settings',
  'expo.method': 'Expo › ranking method',
  'expo.minVisits': 'Expo › visits per team before any gets more',
  'expo.maxJudgesPerTable': 'Expo › judges at one table',
  'expo.skipCooldownMinutes': 'Expo › minutes before a skipped team comes back',
  'expo.undoSeconds': 'Expo › seconds to undo a vote',
};

function RoundEditor({ competition: c, rounds, existing }: { competition: Competition; rounds: Round[]; existing?: Round }) {
  useTitle(existing ? `Edit ${existing.name}` : `New round — ${c.title}`);
  const [form, setForm] = useState<RoundForm>(() => formFor(c, existing));
  const [error, setError] = useState<ApiError | Error>();
  const [busy, setBusy] = useState(false);
  const errors = (error instanceof ApiError ? error.fields : undefined) ?? {};
  const tz = c.schedule.timeZone;
  const base = `/competitions/${enc(c.id)}`;
  const others = rounds.filter((r) => r.id !== existing?.id);

  const set = <K extends keyof RoundForm>(k: K, v: RoundForm[K]) => setForm((f) => ({ ...f, [k]: v }));

  async function save() {
    setBusy(true);
    setError(undefined);
    try {
      const body = toInput(form);
      const saved = existing
        ? await api.PUT('/api/competitions/{competitionId}/rounds/{roundId}', {
            params: { path: { competitionId: c.id, roundId: existing.id } },
            body: { ...body, version: existing.version },
          })
        : await api.POST('/api/competitions/{competitionId}/rounds', { params: { path: { competitionId: c.id } }, body });
      setFlash(existing ? `Saved “${saved.name}”.` : `Added “${saved.name}”.`);
      navigate(`${base}/rounds/${enc(saved.id)}`);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT')
        setError(new ApiError(e.status, e.code, 'Someone else changed this round since you opened it. Reload the page to get the latest version (your edits here will be lost).'));
      else setError(e as Error);
      setBusy(false);
    }
  }

  return (
    <section>
      <p class="breadcrumbs">
        <Link href={base}>{c.title}</Link> › <Link href={`${base}/rounds`}>Evaluation rounds</Link> ›
      </p>
      <h1>{existing ? `Edit “${existing.name}”` : 'New evaluation round'}</h1>
      <form
        class="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <ErrorSummary error={error} labels={LABELS} />

        <fieldset>
          <legend>Round</legend>
          <TextField path="name" label="Name" required value={form.name} onValue={(v) => set('name', v)} errors={errors} maxLength={120} placeholder="e.g. Peer review" />
          <Field path="kind" label="Who reviews" errors={errors} required>
            {(a11y) => (
              <select {...a11y} value={form.kind} onChange={(e) => set('kind', e.currentTarget.value as RoundKind)}>
                {ROUND_KINDS.map((k) => (
                  <option key={k.value} value={k.value}>
                    {k.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <p class="hint">
            {form.kind === 'peer'
              ? 'Every team that submitted reviews some of its competitors; nobody reviews their own submission or a related organisation.'
              : form.kind === 'expo'
                ? 'Judges walk the hall with a phone and say which of two projects was better; invite them from the round page once it is saved, and give each team a table there.'
                : 'Invite reviewers by e-mail from the round page once it is saved; they choose the sectors they want to review.'}
          </p>
          {form.kind !== 'expo' && (
            <Checkbox
              path="blind"
              label="Blind review: hide the team, the organisation and its country from reviewers (the video pitch stays visible)"
              checked={form.blind}
              onChecked={(v) => set('blind', v)}
              errors={errors}
            />
          )}
          {form.kind === 'expo' ? null : form.kind === 'peer' ? (
            <Checkbox
              path="requireReviewDuty"
              label="Peer review duty: a team that does not complete its reviews by the end of the window is not ranked"
              checked={form.requireReviewDuty}
              onChecked={(v) => set('requireReviewDuty', v)}
              errors={errors}
            />
          ) : (
            <Checkbox
              path="showPeerComments"
              label="Reviewers may read the peer reviewers’ comments (anonymous)"
              checked={form.showPeerComments}
              onChecked={(v) => set('showPeerComments', v)}
              errors={errors}
            />
          )}
          {form.kind === 'peer' && (
            <>
              <Checkbox path="impartial" label="Impartial shortlist: choose the best few so that no team’s own reviews can change its own chance" checked={form.impartialOn} onChecked={(v) => set('impartialOn', v)} errors={errors} />
              {form.impartialOn && (
                <>
                  <p class="hint">
                    The teams are split at random into groups; each team reviews only teams of other groups. Each group gets a share of the places in proportion to how highly the other groups rated it, and its places go to its best-rated members. So marking competitors down never helps a team: its own group’s places and its own place in the group are decided by others alone. With two groups (the default) this holds for the drawn shortlist itself; with more groups it holds for each team’s chance of a place.
                  </p>
                  <div class="grid-auto">
                    <TextField path="impartial.k" label="Places on the shortlist" required type="number" min={1} max={1000} step={1} inputMode="numeric" value={form.impartialK} onValue={(v) => set('impartialK', v)} errors={errors} />
                    <TextField path="impartial.clusters" label="Groups of teams" type="number" min={2} max={12} step={1} inputMode="numeric" value={form.impartialClusters} onValue={(v) => set('impartialClusters', v)} errors={errors} />
                  </div>
                </>
                  )}
            </>
          )}
        </fieldset>

        {form.kind === 'expo' && <ExpoFields form={form} set={set} errors={errors} />}

        <fieldset>
          <legend>{form.kind === 'expo' ? 'Weight' : 'Assignment and weight'}</legend>
          <div class="grid-auto">
            {form.kind !== 'expo' && (
              <>
                <TextField path="k" label="Reviews per submission" required type="number" min={1} max={20} step={1} inputMode="numeric" value={form.k} onValue={(v) => set('k', v)} errors={errors} />
                <TextField path="maxLoad" label="Most reviews per reviewer" required type="number" min={1} max={500} step={1} inputMode="numeric" value={form.maxLoad} onValue={(v) => set('maxLoad', v)} errors={errors} />
                <TextField
                  path="minLoad"
                  label="Fewest reviews per reviewer"
                  type="number"
                  min={0}
                  max={500}
                  step={1}
                  inputMode="numeric"
                  value={form.minLoad}
                  onValue={(v) => set('minLoad', v)}
                  errors={errors}
                  placeholder={form.kind === 'peer' ? '1 (every team reviews)' : '0'}
                />
                <Field path="assignmentObjective" label="Assignment priority" errors={errors}>
                  {(a11y) => (
                    <select {...a11y} value={form.assignmentObjective} onChange={(e) => set('assignmentObjective', e.currentTarget.value as RoundForm['assignmentObjective'])}>
                      <option value="balance-first">Even loads first, then matching sectors</option>
                      <option value="affinity-first">Matching sectors first, then even loads</option>
                    </select>
                  )}
                </Field>
              </>
            )}
            <TextField
              path="weight"
              label="Weight in the final score (%)"
              required
              type="number"
              min={0}
              max={100}
              step="any"
              inputMode="decimal"
              value={form.weight}
              onValue={(v) => set('weight', v)}
              errors={errors}
            />
          </div>
          {form.kind !== 'expo' && (
            <>
              <Checkbox path="randomise" label="Randomised assignment" checked={form.randomiseOn} onChecked={(v) => set('randomiseOn', v)} errors={errors} />
              {form.randomiseOn && (
                <>
                  <p class="hint">
                    No entrant can predict whom they review: each pair is chosen with probability at most q. The assignment is drawn at random from the best spread of reviews under that cap (a lower q costs some match quality); every run records its seed, so it can be reproduced.
                  </p>
                  <div class="grid-auto">
                    <TextField path="randomise.q" label="Most probability of any one pair (q)" required type="number" min={0.01} max={1} step={0.01} inputMode="decimal" value={form.randomiseQ} onValue={(v) => set('randomiseQ', v)} errors={errors} />
                  </div>
                </>
              )}
              <Checkbox
                path="shortlistOn"
                label="Shortlist: review only the best submissions of an earlier round"
                checked={form.shortlistOn}
                onChecked={(v) => set('shortlistOn', v)}
                disabled={others.length === 0 && !form.shortlistOn}
              />
              {others.length === 0 && !form.shortlistOn && <p class="hint">Add another round first to shortlist from it.</p>}
              {form.shortlistOn && (
                <div class="grid-auto">
                  <Field path="shortlist.fromRoundId" label="From round" errors={errors} required>
                    {(a11y) => (
                      <select {...a11y} value={form.shortlistFrom} onChange={(e) => set('shortlistFrom', e.currentTarget.value)}>
                        <option value="">Choose a round</option>
                        {others.map((r) => (
                          <option key={r.id} value={r.id}>
                            {r.name}
                          </option>
                        ))}
                      </select>
                    )}
                  </Field>
                  <TextField path="shortlist.topN" label="Top N" required type="number" min={1} step={1} inputMode="numeric" value={form.shortlistTopN} onValue={(v) => set('shortlistTopN', v)} errors={errors} />
                </div>
              )}
            </>
          )}
        </fieldset>

        <fieldset>
          <legend>Window</legend>
          <p class="hint">Reviewers can score and submit between these times ({tz}, the competition’s time zone).</p>
          <div class="grid-auto grid-wide">
            <Field path="opensAt" label="Opens" errors={errors} required>
              {(a11y) => <input type="datetime-local" {...a11y} value={form.opensAt} onInput={(e) => set('opensAt', e.currentTarget.value)} />}
            </Field>
            <Field path="closesAt" label="Closes" errors={errors} required>
              {(a11y) => <input type="datetime-local" {...a11y} value={form.closesAt} onInput={(e) => set('closesAt', e.currentTarget.value)} />}
            </Field>
          </div>
        </fieldset>

        <fieldset>
          <legend>Rubric</legend>
          <GroupError path="rubric" errors={errors} />
          <Checkbox
            path="useCompetitionRubric"
            label={`Use the competition’s rubric (${c.rubric.map((r) => r.name).join(', ') || 'no criteria yet'})`}
            checked={!form.ownRubric}
            onChecked={(v) => setForm((f) => ({ ...f, ownRubric: !v, rubric: f.rubric.length ? f.rubric : toCriterionRows(c.rubric) }))}
          />
          {form.ownRubric && <RubricEditor rows={form.rubric} onChange={(update) => setForm((f) => ({ ...f, rubric: update(f.rubric) }))} errors={errors} />}
        </fieldset>

        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={busy}>
            {busy ? 'Saving…' : existing ? 'Save changes' : 'Add round'}
          </button>
          <Link href={existing ? `${base}/rounds/${enc(existing.id)}` : `${base}/rounds`} class="btn btn-ghost">
            Cancel
          </Link>
        </div>
      </form>
    </section>
  );
}

/** An expo round's settings: how the votes are ranked, per-criterion comparisons, and how judges are sent round the hall. */
function ExpoFields({ form, set, errors }: { form: RoundForm; set: <K extends keyof RoundForm>(k: K, v: RoundForm[K]) => void; errors: FieldErrors }) {
  return (
    <fieldset class="expo-settings">
      <legend>Expo judging</legend>
      <Field path="expo.method" label="Ranking method" errors={errors} hint="How the judges’ votes become the round’s ranking; the rules page states it.">
        {(a11y) => (
          <select {...a11y} value={form.expoMethod} onChange={(e) => set('expoMethod', e.currentTarget.value as ExpoMethod | '')}>
            <option value="">The default: noisy sorting (the best on the benchmark)</option>
            {(Object.keys(EXPO_METHODS) as ExpoMethod[]).map((m) => (
              <option key={m} value={m}>
                {EXPO_METHODS[m]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Checkbox
        path="expo.compareCriteria"
        label="Compare per criterion: judges also say which was better on each of the rubric’s criteria"
        checked={form.expoCompareCriteria}
        onChecked={(v) => set('expoCompareCriteria', v)}
        errors={errors}
      />
      <div class="grid-auto">
        <TextField path="expo.minVisits" label="Visits per team before any gets more" type="number" min={1} max={50} step={1} inputMode="numeric" value={form.expoMinVisits} onValue={(v) => set('expoMinVisits', v)} errors={errors} />
        <TextField path="expo.maxJudgesPerTable" label="Judges at one table at once" type="number" min={1} max={20} step={1} inputMode="numeric" value={form.expoMaxJudgesPerTable} onValue={(v) => set('expoMaxJudgesPerTable', v)} errors={errors} />
        <TextField path="expo.skipCooldownMinutes" label="Minutes before a skipped team is offered again" type="number" min={0} max={240} step={1} inputMode="numeric" value={form.expoSkipCooldownMinutes} onValue={(v) => set('expoSkipCooldownMinutes', v)} errors={errors} />
        <TextField path="expo.undoSeconds" label="Seconds to undo a vote" type="number" min={0} max={600} step={1} inputMode="numeric" value={form.expoUndoSeconds} onValue={(v) => set('expoUndoSeconds', v)} errors={errors} />
      </div>
    </fieldset>
  );
}
