/**
 * Organisers: the messages a competition sends (issue 13) — for each kind its subject and body,
 * the merge fields it offers (click to insert at the cursor), a live preview rendered with the
 * competition's own data (plain text, which every message carries, and the HTML part), save and
 * reset to the default. The API checks every save (an unknown field is refused by name).
 * Programme staff who may read but not change the competition see each message and its preview,
 * not the editing (capabilities.ts).
 */
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, enc, type ApiAnswer } from '../api.ts';
import { useConfirm } from '../components/confirm-step.tsx';
import { DataTable } from '../components/data-table.tsx';
import { ErrorSummary, fieldId, LoadError, Loading, Notice, TextArea, TextField } from '../components/ui.tsx';
import { formatLocal } from '../format.ts';
import { useResource, useTitle } from '../hooks.ts';
import { Link } from '../router.tsx';
import { RequireSignIn } from '../session.tsx';
import { loadOrganised } from './rounds.tsx';
import { allows, readOnlyNote } from '../capabilities.ts';
import { currentLocale, languageName, t, tx } from '../i18n.ts';

type Template = ApiAnswer<'/api/competitions/{competitionId}/messages', 'get'>['items'][number];
type Preview = ApiAnswer<'/api/competitions/{competitionId}/messages/{kind}/preview', 'post'>;
type Kind = Template['kind'];

/** The limits the API enforces (domain/messages.ts TEMPLATE_LIMITS). */
const SUBJECT_MAX = 200;
const BODY_MAX = 5000;
/** Wait this long after the last keystroke before asking for a new preview. */
const PREVIEW_DELAY_MS = 350;

export function MessagesPage({ id }: { id: string }) {
  return (
    <RequireSignIn what={t('messages.signInWhat')}>
      <Messages id={id} />
    </RequireSignIn>
  );
}

function Messages({ id }: { id: string }) {
  const res = useResource(async () => {
    const [competition, templates] = await Promise.all([loadOrganised(id), api.GET('/api/competitions/{competitionId}/messages', { params: { path: { competitionId: id }, query: { language: currentLocale() } } })]);
    return { competition, templates: templates.items };
  }, `messages:${id}`);
  const [kind, setKind] = useState<Kind>();
  useTitle(res.data ? t('messages.titleOf', { title: res.data.competition.title }) : t('messages.title'));
  if (res.error !== undefined) return <LoadError error={res.error} />;
  if (!res.data) return <Loading />;
  const { competition: c, templates } = res.data;
  const current = templates.find((m) => m.kind === kind) ?? templates.find((m) => m.kind === 'reviewer-invitation') ?? templates[0]!;
  const base = `/competitions/${enc(c.id)}`;
  const replace = (m: Template) => res.setData({ competition: c, templates: templates.map((x) => (x.kind === m.kind ? m : x)) });
  return (
    <section class="messages-page">
      <p class="breadcrumbs">
        <Link href={base}>{c.title}</Link> › {t('messages.title')}
      </p>
      <h1>{t('messages.title')}</h1>
      <p class="muted">
        {tx('messages.lead', {
          example: '{{competition}}',
          code: (chunks) => <code>{chunks}</code>,
          link: (chunks) => <Link href="/dev/outbox">{chunks}</Link>,
        })}
      </p>
      <p class="muted">{t('messages.editingLanguage', { language: languageName(currentLocale()) })}</p>
      {readOnlyNote(c, 'edit-messages') && <p class="muted">{readOnlyNote(c, 'edit-messages')}</p>}
      <div class="messages-layout">
        <nav aria-label={t('messages.kinds')} class="message-kinds">
          <ul class="plain">
            {templates.map((m) => (
              <li key={m.kind}>
                <button type="button" class={`btn btn-block ${m.kind === current.kind ? 'btn-primary' : 'btn-ghost'}`} aria-current={m.kind === current.kind ? 'true' : undefined} onClick={() => setKind(m.kind)}>
                  {m.label}
                  {m.custom && <span class="badge badge-custom">{t('messages.edited')}</span>}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <Editor key={current.kind} competitionId={c.id} template={current} onSaved={replace} editable={allows(c, 'edit-messages')} />
      </div>
    </section>
  );
}

function Editor({ competitionId, template: tpl, onSaved, editable }: { competitionId: string; template: Template; onSaved: (t: Template) => void; editable: boolean }) {
  const [subject, setSubject] = useState(tpl.subject);
  const [body, setBody] = useState(tpl.body);
  const [lastField, setLastField] = useState<'subject' | 'body'>('body');
  const [error, setError] = useState<ApiError | Error>();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState('');
  const [preview, setPreview] = useState<Preview>();
  const [previewError, setPreviewError] = useState<unknown>();
  const [dialog, ask] = useConfirm();
  const dirty = subject !== tpl.subject || body !== tpl.body;
  const path = { competitionId, kind: tpl.kind };

  // The live preview: the text being edited, rendered by the API with the competition's data.
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      api.POST('/api/competitions/{competitionId}/messages/{kind}/preview', { params: { path }, body: { subject, body, language: tpl.language } }).then(
        (p) => live && (setPreview(p), setPreviewError(undefined)),
        (e: unknown) => live && setPreviewError(e),
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [subject, body, tpl.kind]);

  /** Puts `{{field}}` where the cursor is in the subject or body (whichever was last focused). */
  function insert(field: string) {
    const token = `{{${field}}}`;
    const el = document.getElementById(fieldId(lastField)) as HTMLInputElement | HTMLTextAreaElement | null;
    const value = lastField === 'subject' ? subject : body;
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    const next = value.slice(0, start) + token + value.slice(end);
    (lastField === 'subject' ? setSubject : setBody)(next);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + token.length, start + token.length);
    });
  }

  async function save() {
    setBusy(true);
    setError(undefined);
    setSaved('');
    try {
      const r = await api.PUT('/api/competitions/{competitionId}/messages/{kind}', { params: { path }, body: { subject, body, version: tpl.version, language: tpl.language } });
      onSaved(r);
      setSaved(t('messages.saved'));
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  }

  async function reset() {
    setSaved('');
    if (!(await ask({ title: t('messages.reset.confirmTitle'), body: t('messages.reset.confirmBody'), action: t('messages.reset.action'), danger: true }))) return;
    setBusy(true);
    setError(undefined);
    try {
      const r = await api.POST('/api/competitions/{competitionId}/messages/{kind}/reset', { params: { path }, body: { version: tpl.version, language: tpl.language } });
      setSubject(r.subject);
      setBody(r.body);
      onSaved(r);
      setSaved(t('messages.reset.done'));
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  }

  const serverErrors = error instanceof ApiError ? error.fields : {};
  // What a save would refuse, as the preview reports it while typing; the last save's answer otherwise.
  const errors = { ...(preview?.problems ?? {}), ...serverErrors };
  return (
    <div class="message-editor">
      {dialog}
      <h2>{tpl.label}</h2>
      <p class="muted">
        {!tpl.custom
          ? t('messages.default')
          : !tpl.updatedAt
            ? t('messages.own')
            : tpl.updatedBy
              ? t('messages.ownSavedBy', { at: formatLocal(tpl.updatedAt), by: tpl.updatedBy })
              : t('messages.ownSaved', { at: formatLocal(tpl.updatedAt) })}
      </p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <ErrorSummary error={error} labels={{ subject: t('messages.subject'), body: t('messages.body') }} />
        <fieldset class="plain-fieldset" disabled={!editable}>
          <TextField path="subject" label={t('messages.subject')} value={subject} onValue={setSubject} errors={errors} maxLength={SUBJECT_MAX} onFocus={() => setLastField('subject')} hint={t('messages.subjectHint')} />
          <TextArea path="body" label={t('messages.body')} value={body} onValue={setBody} errors={errors} maxLength={BODY_MAX} rows={9} onFocus={() => setLastField('body')} hint={t('messages.bodyHint')} />
        </fieldset>
        {editable && (
          <div class="merge-fields" role="group" aria-labelledby="merge-fields-label" aria-describedby="merge-fields-hint">
            <p class="hint">
              <strong id="merge-fields-label">{t('messages.mergeFields')}</strong>{' '}
              <span id="merge-fields-hint">{lastField === 'subject' ? t('messages.insertSubject') : t('messages.insertBody')}</span>
            </p>
            <ul class="plain inline-list">
              {tpl.fields.map((f) => (
                <li key={f}>
                  <button type="button" class="btn btn-small btn-ghost" onMouseDown={(e) => e.preventDefault()} onClick={() => insert(f)} aria-label={t('messages.insertField', { field: f })}>
                    {`{{${f}}}`}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
        {editable && (
          <div class="actions">
            <button type="submit" class="btn btn-primary" disabled={busy || !dirty}>
              {busy ? t('common.saving') : t('messages.save')}
            </button>
            {dirty && (
              <button type="button" class="btn btn-ghost" disabled={busy} onClick={() => (setSubject(tpl.subject), setBody(tpl.body))}>
                {t('messages.undo')}
              </button>
            )}
            {tpl.custom && (
              <button type="button" class="btn btn-danger-ghost" disabled={busy} onClick={() => void reset()}>
                {t('messages.reset.action')}
              </button>
            )}
          </div>
        )}
        <p role="status" aria-live="polite" class="sr-status">
          {saved && <Notice kind="success">{saved}</Notice>}
        </p>
      </form>
      <PreviewPanel preview={preview} error={previewError} />
    </div>
  );
}

function PreviewPanel({ preview: p, error }: { preview: Preview | undefined; error: unknown }) {
  if (error !== undefined) return <LoadError error={error} />;
  if (!p) return <Loading label={t('messages.preview.loading')} />;
  const samples = p.fields.filter((f) => f.source === 'sample').length;
  return (
    <section class="panel section message-preview" aria-labelledby="preview-heading">
      <h2 id="preview-heading">{t('messages.preview.heading')}</h2>
      {samples > 0 && <p class="hint">{t('messages.preview.samples')}</p>}
      <p class="message-subject-line">
        {tx('messages.preview.subject', { subject: p.subject, strong: (chunks) => <strong>{chunks}</strong>, value: (chunks) => <span data-testid="preview-subject">{chunks}</span> })}
      </p>
      <h3>{t('messages.preview.text')}</h3>
      <pre class="message-text" data-testid="preview-text">
        {p.text}
      </pre>
      <h3>{t('messages.preview.html')}</h3>
      <iframe class="message-html" title={t('messages.preview.htmlTitle')} sandbox="" srcDoc={`<!doctype html><meta charset="utf-8"><body style="font-family:system-ui,sans-serif;line-height:1.5">${p.html}</body>`} />
      <DataTable columns={[t('messages.preview.col.field'), t('messages.preview.col.value'), t('messages.preview.col.from')]} caption={t('messages.preview.caption')}>
        {p.fields.map((f) => (
          <tr key={f.name}>
            <td>
              <code>{`{{${f.name}}}`}</code>
            </td>
            <td class="break">{f.value}</td>
            <td>{f.source === 'sample' ? <span class="badge badge-sample">{t('messages.preview.example')}</span> : t('messages.preview.thisCompetition')}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
