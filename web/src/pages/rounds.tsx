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
import { DateInput } from '../components/date-input.tsx';
import { setFlash, takeFlash } from '../flash.ts';
import { toWallClock } from '../format.ts';
import { useResource, useTitle } from '../hooks.ts';
import { phaseLabel, resultsFrozen } from '../lifecycle.ts';
import { Link, navigate } from '../router.tsx';
import { RequireSignIn } from '../session.tsx';
import { ROUND_KINDS, roundKindLabel, type Competition, type Criterion, type Round, type RoundInput, type RoundKind } from '../types.ts';
import { allows, can, readOnlyNote, whoMay } from '../capabilities.ts';
import { t, type MessageKey } from '../i18n.ts';

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
  return <Notice kind="info">{t('rounds.frozen', { phase: phaseLabel(c.phase) })}</Notice>;
}

/** The competition, refused up front (like the API would) when the caller does not organise it. */
export async function loadOrganised(competitionId: string): Promise<Competition> {
  const c = await api.GET('/api/competitions/{competitionId}', { params: { path: { competitionId } } });
  if (!can(c, 'read')) throw new ApiError(403, 'FORBIDDEN', t('rounds.organisersOnly'));
  return c;
}

export function RoundsPage({ id }: { id: string }) {
  return (
    <RequireSignIn what={t('rounds.signInWhat')}>
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
  useTitle(res.data ? t('rounds.titleOf', { competition: res.data.competition.title }) : t('rounds.title'));
  if (res.loading && !res.data) return <Loading label={t('rounds.loading')} />;
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
        <h1>{t('rounds.title')}</h1>
        <div class="actions">
          <Link href={`${base}/ranking`} class="btn">
            {t('rounds.ranking')}
          </Link>
          {editable && (
            <Link href={`${base}/rounds/new`} class="btn btn-primary">
              {t('rounds.add')}
            </Link>
          )}
        </div>
      </div>
      {flash && <Notice kind="success">{flash}</Notice>}
      <EvaluationFrozen c={c} />
      {readOnly && <p class="muted">{readOnly}</p>}
      {rounds.length === 0 ? (
        <Empty>
          {t('rounds.empty')}
        </Empty>
      ) : (
        <DataTable
          columns={[
            t('rounds.col.round'),
            t('rounds.col.kind'),
            t('rounds.col.phase'),
            t('rounds.col.window'),
            { label: <abbr title={t('rounds.col.kTitle')}>{t('rounds.col.k')}</abbr>, num: true },
            { label: t('rounds.col.maxLoad'), num: true },
            { label: t('rounds.col.weight'), num: true },
            t('rounds.col.blind'),
            ACTIONS_COLUMN,
          ]}
          caption={totalWeight > 0 ? t('rounds.captionTotal', { tz, total: totalWeight }) : t('rounds.caption', { tz })}
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
                {totalWeight > 0 && <span class="muted"> {t('rounds.share', { percent: Math.round((r.weight / totalWeight) * 100) })}</span>}
              </td>
              <td>{r.blind ? t('common.yes') : t('common.no')}</td>
              <td>
                {editable && (
                  <Link href={`${base}/rounds/${enc(r.id)}/edit`} class="btn btn-small" aria-label={t('rounds.editLabel', { name: r.name })}>
                    {t('common.edit')}
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
export const EXPO_METHODS: Record<ExpoMethod, MessageKey> = {
  'crowd-bt': 'rounds.method.crowdBt',
  'noisy-sorting': 'rounds.method.noisySorting',
};
/** A method's name in words (the live view gets it as a string). */
export const expoMethodLabel = (m: string): string => {
  const key = (EXPO_METHODS as Partial<Record<string, MessageKey>>)[m];
  return key ? t(key) : m;
};

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
    <RequireSignIn what={t('rounds.editorSignInWhat')}>
      <RoundFormLoader id={id} roundId={roundId} />
    </RequireSignIn>
  );
}

function RoundFormLoader({ id, roundId }: { id: string; roundId?: string }) {
  const res = useResource(async () => {
    const competition = await loadOrganised(id);
    const rounds = await loadRounds(id);
    const round = roundId ? rounds.find((r) => r.id === roundId) : undefined;
    if (roundId && !round) throw new ApiError(404, 'NOT_FOUND', t('rounds.notFound'));
    if (!allows(competition, 'edit-rounds')) throw new ApiError(403, 'FORBIDDEN', t('rounds.editForbidden', { who: whoMay('edit-rounds') }));
    return { competition, rounds, round };
  }, `${id}/${roundId ?? ''}`);
  if (res.loading && !res.data) return <Loading />;
  if (!res.data) return <LoadError error={res.error} />;
  return <RoundEditor competition={res.data.competition} rounds={res.data.rounds} existing={res.data.round} />;
}

/** The error summary's names of the fields (message keys, read in the reader's language at render). */
const LABELS: Record<string, MessageKey> = {
  k: 'rounds.label.k',
  maxLoad: 'rounds.label.maxLoad',
  minLoad: 'rounds.label.minLoad',
  assignmentObjective: 'rounds.label.assignmentObjective',
  opensAt: 'rounds.label.opensAt',
  closesAt: 'rounds.label.closesAt',
  weight: 'rounds.label.weight',
  'shortlist.fromRoundId': 'rounds.label.shortlistFrom',
  'shortlist.topN': 'rounds.label.shortlistTopN',
  randomise: 'rounds.label.randomise',
  'randomise.q': 'rounds.label.randomiseQ',
  requireReviewDuty: 'rounds.label.requireReviewDuty',
  impartial: 'rounds.label.impartial',
  'impartial.k': 'rounds.label.impartialK',
  'impartial.clusters': 'rounds.label.impartialClusters',
  expo: 'rounds.label.expo',
  'expo.method': 'rounds.label.expoMethod',
  'expo.minVisits': 'rounds.label.expoMinVisits',
  'expo.maxJudgesPerTable': 'rounds.label.expoMaxJudgesPerTable',
  'expo.skipCooldownMinutes': 'rounds.label.expoSkipCooldownMinutes',
  'expo.undoSeconds': 'rounds.label.expoUndoSeconds',
};
const fieldLabels = (): Record<string, string> => Object.fromEntries(Object.entries(LABELS).map(([k, key]) => [k, t(key)]));

function RoundEditor({ competition: c, rounds, existing }: { competition: Competition; rounds: Round[]; existing?: Round }) {
  useTitle(existing ? t('rounds.editTitle', { name: existing.name }) : t('rounds.newTitle', { competition: c.title }));
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
      setFlash(existing ? t('rounds.saved', { name: saved.name }) : t('rounds.added', { name: saved.name }));
      navigate(`${base}/rounds/${enc(saved.id)}`);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT')
        setError(new ApiError(e.status, e.code, t('rounds.versionConflict')));
      else setError(e as Error);
      setBusy(false);
    }
  }

  return (
    <section>
      <p class="breadcrumbs">
        <Link href={base}>{c.title}</Link> › <Link href={`${base}/rounds`}>{t('rounds.title')}</Link> ›
      </p>
      <h1>{existing ? t('rounds.editHeading', { name: existing.name }) : t('rounds.newHeading')}</h1>
      <form
        class="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <ErrorSummary error={error} labels={fieldLabels()} />

        <fieldset>
          <legend>{t('rounds.form.round')}</legend>
          <TextField path="name" label={t('rounds.form.name')} required value={form.name} onValue={(v) => set('name', v)} errors={errors} maxLength={120} placeholder={t('rounds.form.namePlaceholder')} />
          <Field path="kind" label={t('rounds.form.kind')} errors={errors} required>
            {(a11y) => (
              <select {...a11y} value={form.kind} onChange={(e) => set('kind', e.currentTarget.value as RoundKind)}>
                {ROUND_KINDS.map((k) => (
                  <option key={k.value} value={k.value}>
                    {t(k.label)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <p class="hint">
            {form.kind === 'peer'
              ? t('rounds.form.hintPeer')
              : form.kind === 'expo'
                ? t('rounds.form.hintExpo')
                : t('rounds.form.hintInvited')}
          </p>
          {form.kind !== 'expo' && (
            <Checkbox
              path="blind"
              label={t('rounds.form.blind')}
              checked={form.blind}
              onChecked={(v) => set('blind', v)}
              errors={errors}
            />
          )}
          {form.kind === 'expo' ? null : form.kind === 'peer' ? (
            <Checkbox
              path="requireReviewDuty"
              label={t('rounds.form.reviewDuty')}
              checked={form.requireReviewDuty}
              onChecked={(v) => set('requireReviewDuty', v)}
              errors={errors}
            />
          ) : (
            <Checkbox
              path="showPeerComments"
              label={t('rounds.form.showPeerComments')}
              checked={form.showPeerComments}
              onChecked={(v) => set('showPeerComments', v)}
              errors={errors}
            />
          )}
          {form.kind === 'peer' && (
            <>
              <Checkbox path="impartial" label={t('rounds.form.impartial')} checked={form.impartialOn} onChecked={(v) => set('impartialOn', v)} errors={errors} />
              {form.impartialOn && (
                <>
                  <p class="hint">
                    {t('rounds.form.impartialHint')}
                  </p>
                  <div class="grid-auto">
                    <TextField path="impartial.k" label={t('rounds.form.impartialK')} required type="number" min={1} max={1000} step={1} inputMode="numeric" value={form.impartialK} onValue={(v) => set('impartialK', v)} errors={errors} />
                    <TextField path="impartial.clusters" label={t('rounds.form.impartialClusters')} type="number" min={2} max={12} step={1} inputMode="numeric" value={form.impartialClusters} onValue={(v) => set('impartialClusters', v)} errors={errors} />
                  </div>
                </>
                  )}
            </>
          )}
        </fieldset>

        {form.kind === 'expo' && <ExpoFields form={form} set={set} errors={errors} />}

        <fieldset>
          <legend>{form.kind === 'expo' ? t('rounds.form.weightLegend') : t('rounds.form.assignmentLegend')}</legend>
          <div class="grid-auto">
            {form.kind !== 'expo' && (
              <>
                <TextField path="k" label={t('rounds.label.k')} required type="number" min={1} max={20} step={1} inputMode="numeric" value={form.k} onValue={(v) => set('k', v)} errors={errors} />
                <TextField path="maxLoad" label={t('rounds.label.maxLoad')} required type="number" min={1} max={500} step={1} inputMode="numeric" value={form.maxLoad} onValue={(v) => set('maxLoad', v)} errors={errors} />
                <TextField
                  path="minLoad"
                  label={t('rounds.label.minLoad')}
                  type="number"
                  min={0}
                  max={500}
                  step={1}
                  inputMode="numeric"
                  value={form.minLoad}
                  onValue={(v) => set('minLoad', v)}
                  errors={errors}
                  placeholder={form.kind === 'peer' ? t('rounds.form.minLoadPeerPlaceholder') : '0'}
                />
                <Field path="assignmentObjective" label={t('rounds.label.assignmentObjective')} errors={errors}>
                  {(a11y) => (
                    <select {...a11y} value={form.assignmentObjective} onChange={(e) => set('assignmentObjective', e.currentTarget.value as RoundForm['assignmentObjective'])}>
                      <option value="balance-first">{t('rounds.form.balanceFirst')}</option>
                      <option value="affinity-first">{t('rounds.form.affinityFirst')}</option>
                    </select>
                  )}
                </Field>
              </>
            )}
            <TextField
              path="weight"
              label={t('rounds.form.weightPercent')}
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
              <Checkbox path="randomise" label={t('rounds.label.randomise')} checked={form.randomiseOn} onChecked={(v) => set('randomiseOn', v)} errors={errors} />
              {form.randomiseOn && (
                <>
                  <p class="hint">
                    {t('rounds.form.randomiseHint')}
                  </p>
                  <div class="grid-auto">
                    <TextField path="randomise.q" label={t('rounds.form.randomiseQ')} required type="number" min={0.01} max={1} step={0.01} inputMode="decimal" value={form.randomiseQ} onValue={(v) => set('randomiseQ', v)} errors={errors} />
                  </div>
                </>
              )}
              <Checkbox
                path="shortlistOn"
                label={t('rounds.form.shortlist')}
                checked={form.shortlistOn}
                onChecked={(v) => set('shortlistOn', v)}
                disabled={others.length === 0 && !form.shortlistOn}
              />
              {others.length === 0 && !form.shortlistOn && <p class="hint">{t('rounds.form.shortlistNeedsRound')}</p>}
              {form.shortlistOn && (
                <div class="grid-auto">
                  <Field path="shortlist.fromRoundId" label={t('rounds.form.fromRound')} errors={errors} required>
                    {(a11y) => (
                      <select {...a11y} value={form.shortlistFrom} onChange={(e) => set('shortlistFrom', e.currentTarget.value)}>
                        <option value="">{t('rounds.form.chooseRound')}</option>
                        {others.map((r) => (
                          <option key={r.id} value={r.id}>
                            {r.name}
                          </option>
                        ))}
                      </select>
                    )}
                  </Field>
                  <TextField path="shortlist.topN" label={t('rounds.form.topN')} required type="number" min={1} step={1} inputMode="numeric" value={form.shortlistTopN} onValue={(v) => set('shortlistTopN', v)} errors={errors} />
                </div>
              )}
            </>
          )}
        </fieldset>

        <fieldset>
          <legend>{t('rounds.form.window')}</legend>
          <p class="hint">{t('rounds.form.windowHint', { tz })}</p>
          <div class="grid-auto grid-wide">
            <Field path="opensAt" label={t('rounds.form.opens')} errors={errors} required>
              {(a11y) => <DateInput a11y={a11y} kind="dateTime" value={form.opensAt} onValue={(v) => set('opensAt', v)} />}
            </Field>
            <Field path="closesAt" label={t('rounds.form.closes')} errors={errors} required>
              {(a11y) => <DateInput a11y={a11y} kind="dateTime" value={form.closesAt} onValue={(v) => set('closesAt', v)} />}
            </Field>
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('rounds.form.rubric')}</legend>
          <GroupError path="rubric" errors={errors} />
          <Checkbox
            path="useCompetitionRubric"
            label={t('rounds.form.useCompetitionRubric', { criteria: c.rubric.map((r) => r.name).join(', ') || t('rounds.form.noCriteria') })}
            checked={!form.ownRubric}
            onChecked={(v) => setForm((f) => ({ ...f, ownRubric: !v, rubric: f.rubric.length ? f.rubric : toCriterionRows(c.rubric) }))}
          />
          {form.ownRubric && <RubricEditor rows={form.rubric} onChange={(update) => setForm((f) => ({ ...f, rubric: update(f.rubric) }))} errors={errors} />}
        </fieldset>

        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={busy}>
            {busy ? t('common.saving') : existing ? t('rounds.form.saveChanges') : t('rounds.form.addRound')}
          </button>
          <Link href={existing ? `${base}/rounds/${enc(existing.id)}` : `${base}/rounds`} class="btn btn-ghost">
            {t('common.cancel')}
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
      <legend>{t('rounds.expo.legend')}</legend>
      <Field path="expo.method" label={t('rounds.expo.method')} errors={errors} hint={t('rounds.expo.methodHint')}>
        {(a11y) => (
          <select {...a11y} value={form.expoMethod} onChange={(e) => set('expoMethod', e.currentTarget.value as ExpoMethod | '')}>
            <option value="">{t('rounds.expo.defaultMethod')}</option>
            {(Object.keys(EXPO_METHODS) as ExpoMethod[]).map((m) => (
              <option key={m} value={m}>
                {t(EXPO_METHODS[m])}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Checkbox
        path="expo.compareCriteria"
        label={t('rounds.expo.compareCriteria')}
        checked={form.expoCompareCriteria}
        onChecked={(v) => set('expoCompareCriteria', v)}
        errors={errors}
      />
      <div class="grid-auto">
        <TextField path="expo.minVisits" label={t('rounds.expo.minVisits')} type="number" min={1} max={50} step={1} inputMode="numeric" value={form.expoMinVisits} onValue={(v) => set('expoMinVisits', v)} errors={errors} />
        <TextField path="expo.maxJudgesPerTable" label={t('rounds.expo.maxJudges')} type="number" min={1} max={20} step={1} inputMode="numeric" value={form.expoMaxJudgesPerTable} onValue={(v) => set('expoMaxJudgesPerTable', v)} errors={errors} />
        <TextField path="expo.skipCooldownMinutes" label={t('rounds.expo.skipCooldown')} type="number" min={0} max={240} step={1} inputMode="numeric" value={form.expoSkipCooldownMinutes} onValue={(v) => set('expoSkipCooldownMinutes', v)} errors={errors} />
        <TextField path="expo.undoSeconds" label={t('rounds.expo.undoSeconds')} type="number" min={0} max={600} step={1} inputMode="numeric" value={form.expoUndoSeconds} onValue={(v) => set('expoUndoSeconds', v)} errors={errors} />
      </div>
    </fieldset>
  );
}
