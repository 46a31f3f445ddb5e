/**
 * Organisers: the competition's texts in other languages (issue 14 §1) — title, description, each
 * question (label, help, unit, options) and each criterion of the rubric, side by side with the
 * source text. An empty field shows readers the source's text. Saved with one PUT under the
 * competition's version (409 when someone changed it meanwhile).
 */
import { useState } from 'preact/hooks';
import { api, ApiError, enc, type FieldErrors } from '../api.ts';
import { ErrorSummary, LoadError, Loading, Notice, TextArea, TextField } from '../components/ui.tsx';
import { allows, readOnlyNote } from '../capabilities.ts';
import { useResource, useTitle } from '../hooks.ts';
import { languageName, LOCALES, t, type Locale } from '../i18n.ts';
import { Link } from '../router.tsx';
import { RequireSignIn } from '../session.tsx';
import type { Competition } from '../types.ts';
import { loadOrganised } from './rounds.tsx';

type Content = NonNullable<Competition['content']>;
type Texts = NonNullable<Content['texts'][Locale]>;

export function TranslationsPage({ id }: { id: string }) {
  return (
    <RequireSignIn what={t('translations.signInFor')}>
      <Translations id={id} />
    </RequireSignIn>
  );
}

function Translations({ id }: { id: string }) {
  const res = useResource(() => loadOrganised(id), `translations:${id}`);
  useTitle(res.data ? t('translations.titleOf', { title: res.data.title }) : t('translations.title'));
  if (res.error !== undefined) return <LoadError error={res.error} />;
  if (!res.data) return <Loading />;
  return <Editor c={res.data} onSaved={(c) => res.setData(c)} />;
}

function Editor({ c, onSaved }: { c: Competition; onSaved: (c: Competition) => void }) {
  const [source, setSource] = useState<Locale>((c.content?.source as Locale | undefined) ?? 'en');
  const [texts, setTexts] = useState<Content['texts']>(c.content?.texts ?? {});
  const others = LOCALES.filter((l) => l !== source);
  const [locale, setLocale] = useState<Locale>(others[0]!);
  const [error, setError] = useState<ApiError | Error>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const editable = allows(c, 'edit-translations') && c.phase !== 'published' && c.phase !== 'amending' && c.phase !== 'archived';
  const shown = others.includes(locale) ? locale : others[0]!;
  const mine: Texts = texts[shown] ?? {};
  const fields: FieldErrors = error instanceof ApiError ? error.fields : {};
  const at = `texts.${shown}`;

  const change = (next: Texts) => {
    setSaved(false);
    setTexts({ ...texts, [shown]: next });
  };
  const question = (qid: string, patch: Partial<NonNullable<Texts['questions']>[string]>) => change({ ...mine, questions: { ...mine.questions, [qid]: { ...mine.questions?.[qid], ...patch } } });
  const criterion = (cid: string, patch: Partial<NonNullable<Texts['rubric']>[string]>) => change({ ...mine, rubric: { ...mine.rubric, [cid]: { ...mine.rubric?.[cid], ...patch } } });

  async function save(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const body = { source, texts: Object.fromEntries(Object.entries(texts).filter(([l]) => l !== source)), version: c.version };
      onSaved(await api.PUT('/api/competitions/{competitionId}/translations', { params: { path: { competitionId: c.id } }, body }));
      setSaved(true);
    } catch (err) {
      setError(err as ApiError | Error);
    } finally {
      setBusy(false);
    }
  }

  const base = `/competitions/${enc(c.id)}`;
  return (
    <section class="translations-page">
      <p class="breadcrumbs">
        <Link href={base}>{c.title}</Link> › {t('translations.title')}
      </p>
      <h1>{t('translations.title')}</h1>
      <p class="lead">{t('translations.lead')}</p>
      {!editable && <Notice kind="info">{allows(c, 'edit-translations') ? t('translations.frozen') : readOnlyNote(c, 'edit-translations')}</Notice>}
      <ErrorSummary error={error} />
      {saved && <Notice kind="success">{t('translations.saved')}</Notice>}
      <form onSubmit={save}>
        <fieldset disabled={!editable || busy}>
          <div class="field">
            <label for="translations-source">{t('translations.source')}</label>
            <div class="hint" id="translations-source-hint">
              {t('translations.sourceHint')}
            </div>
            <select id="translations-source" aria-describedby="translations-source-hint" value={source} onChange={(e) => setSource((e.currentTarget as HTMLSelectElement).value as Locale)}>
              {LOCALES.map((l) => (
                <option key={l} value={l}>
                  {languageName(l)}
                </option>
              ))}
            </select>
          </div>
          <div class="tabs" role="group" aria-label={t('translations.languages')}>
            {others.map((l) => (
              <button key={l} type="button" class={`btn btn-small ${l === shown ? 'btn-primary' : ''}`} aria-pressed={l === shown} onClick={() => setLocale(l)}>
                {languageName(l)}
              </button>
            ))}
          </div>
          <h2 lang={shown}>{t('translations.inLanguage', { language: languageName(shown) })}</h2>
          <TextField path={`${at}.title`} label={t('translations.field.title')} hint={<Source text={c.title} />} value={mine.title ?? ''} onValue={(v) => change({ ...mine, title: v })} errors={fields} lang={shown} maxLength={120} />
          <TextArea path={`${at}.description`} label={t('translations.field.description')} hint={<Source text={c.description} />} value={mine.description ?? ''} onValue={(v) => change({ ...mine, description: v })} errors={fields} lang={shown} rows={6} />
          {c.questions.length > 0 && <h3>{t('translations.questions')}</h3>}
          {c.questions.map((q, i) => {
            const qt = mine.questions?.[q.id] ?? {};
            const options = 'options' in q && Array.isArray(q.options) ? (q.options as string[]) : [];
            const unit = 'unit' in q && typeof q.unit === 'string' ? q.unit : '';
            return (
              <fieldset key={q.id} class="translation-group">
                <legend>{t('translations.questionN', { n: i + 1 })}</legend>
                <TextField path={`${at}.questions.${q.id}.label`} label={t('translations.field.label')} hint={<Source text={q.label} />} value={qt.label ?? ''} onValue={(v) => question(q.id, { label: v })} errors={fields} lang={shown} />
                {q.help && <TextField path={`${at}.questions.${q.id}.help`} label={t('translations.field.help')} hint={<Source text={q.help} />} value={qt.help ?? ''} onValue={(v) => question(q.id, { help: v })} errors={fields} lang={shown} />}
                {unit && <TextField path={`${at}.questions.${q.id}.unit`} label={t('translations.field.unit')} hint={<Source text={unit} />} value={qt.unit ?? ''} onValue={(v) => question(q.id, { unit: v })} errors={fields} lang={shown} />}
                {options.map((o, j) => (
                  <TextField
                    key={o}
                    path={`${at}.questions.${q.id}.options.${j}`}
                    label={t('translations.field.option', { n: j + 1 })}
                    hint={<Source text={o} />}
                    value={qt.options?.[o] ?? ''}
                    onValue={(v) => question(q.id, { options: { ...qt.options, [o]: v } })}
                    errors={fields}
                    lang={shown}
                  />
                ))}
              </fieldset>
            );
          })}
          {c.rubric.length > 0 && <h3>{t('translations.rubric')}</h3>}
          {c.rubric.map((r) => {
            const rt = mine.rubric?.[r.id] ?? {};
            return (
              <fieldset key={r.id} class="translation-group">
                <legend>{r.name}</legend>
                <TextField path={`${at}.rubric.${r.id}.name`} label={t('translations.field.criterion')} hint={<Source text={r.name} />} value={rt.name ?? ''} onValue={(v) => criterion(r.id, { name: v })} errors={fields} lang={shown} />
                {r.description && <TextArea path={`${at}.rubric.${r.id}.description`} label={t('translations.field.criterionDescription')} hint={<Source text={r.description} />} value={rt.description ?? ''} onValue={(v) => criterion(r.id, { description: v })} errors={fields} lang={shown} rows={3} />}
              </fieldset>
            );
          })}
          <div class="actions">
            <button type="submit" class="btn btn-primary">
              {busy ? t('translations.saving') : t('translations.save')}
            </button>
          </div>
        </fieldset>
      </form>
    </section>
  );
}

/** The source text a field translates, shown as its hint. */
function Source({ text }: { text: string }) {
  return <>{t('translations.sourceText', { text: text.length > 160 ? `${text.slice(0, 160)}…` : text })}</>;
}
