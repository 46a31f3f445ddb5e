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
    <RequireSignIn what="the competition's messages">
      <Messages id={id} />
    </RequireSignIn>
  );
}

function Messages({ id }: { id: string }) {
  const res = useResource(async () => {
    const [competition, templates] = await Promise.all([loadOrganised(id), api.GET('/api/competitions/{competitionId}/messages', { params: { path: { competitionId: id } } })]);
    return { competition, templates: templates.items };
  }, `messages:${id}`);
  const [kind, setKind] = useState<Kind>();
  useTitle(res.data ? `Messages · ${res.data.competition.title}` : 'Messages');
  if (res.error !== undefined) return <LoadError error={res.error} />;
  if (!res.data) return <Loading />;
  const { competition: c, templates } = res.data;
  const current = templates.find((t) => t.kind === kind) ?? templates.find((t) => t.kind === 'reviewer-invitation') ?? templates[0]!;
  const base = `/competitions/${enc(c.id)}`;
  const replace = (t: Template) => res.setData({ competition: c, templates: templates.map((x) => (x.kind === t.kind ? t : x)) });
  return (
    <section class="messages-page">
      <p class="breadcrumbs">
        <Link href={base}>{c.title}</Link> › Messages
      </p>
      <h1>Messages</h1>
      <p class="muted">
        What this competition sends by e-mail. Each message goes out as plain text and as HTML; merge fields such as <code>{'{{competition}}'}</code> are filled in
        for each recipient. Locally, sent e-mails appear in the <Link href="/dev/outbox">outbox</Link>.
      </p>
      {readOnlyNote(c, 'edit-messages') && <p class="muted">{readOnlyNote(c, 'edit-messages')}</p>}
      <div class="messages-layout">
        <nav aria-label="Message kinds" class="message-kinds">
          <ul class="plain">
            {templates.map((t) => (
              <li key={t.kind}>
                <button type="button" class={`btn btn-block ${t.kind === current.kind ? 'btn-primary' : 'btn-ghost'}`} aria-current={t.kind === current.kind ? 'true' : undefined} onClick={() => setKind(t.kind)}>
                  {t.label}
                  {t.custom && <span class="badge badge-custom">edited</span>}
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

function Editor({ competitionId, template: t, onSaved, editable }: { competitionId: string; template: Template; onSaved: (t: Template) => void; editable: boolean }) {
  const [subject, setSubject] = useState(t.subject);
  const [body, setBody] = useState(t.body);
  const [lastField, setLastField] = useState<'subject' | 'body'>('body');
  const [error, setError] = useState<ApiError | Error>();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState('');
  const [preview, setPreview] = useState<Preview>();
  const [previewError, setPreviewError] = useState<unknown>();
  const [dialog, ask] = useConfirm();
  const dirty = subject !== t.subject || body !== t.body;
  const path = { competitionId, kind: t.kind };

  // The live preview: the text being edited, rendered by the API with the competition's data.
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      api.POST('/api/competitions/{competitionId}/messages/{kind}/preview', { params: { path }, body: { subject, body } }).then(
        (p) => live && (setPreview(p), setPreviewError(undefined)),
        (e: unknown) => live && setPreviewError(e),
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [subject, body, t.kind]);

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
      const r = await api.PUT('/api/competitions/{competitionId}/messages/{kind}', { params: { path }, body: { subject, body, version: t.version } });
      onSaved(r);
      setSaved('Saved. This competition now sends your version.');
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  }

  async function reset() {
    setSaved('');
    if (!(await ask({ title: 'Go back to the default message?', body: 'Your subject and body for this message are removed; the default text is sent again.', action: 'Reset to default', danger: true }))) return;
    setBusy(true);
    setError(undefined);
    try {
      const r = await api.POST('/api/competitions/{competitionId}/messages/{kind}/reset', { params: { path }, body: { version: t.version } });
      setSubject(r.subject);
      setBody(r.body);
      onSaved(r);
      setSaved('Reset: this competition sends the default message again.');
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
      <h2>{t.label}</h2>
      <p class="muted">
        {t.custom ? `Your own version${t.updatedAt ? `, saved ${formatLocal(t.updatedAt)}${t.updatedBy ? ` by ${t.updatedBy}` : ''}` : ''}.` : 'The default message.'}
      </p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <ErrorSummary error={error} labels={{ subject: 'Subject', body: 'Message' }} />
        <fieldset class="plain-fieldset" disabled={!editable}>
          <TextField path="subject" label="Subject" value={subject} onValue={setSubject} errors={errors} maxLength={SUBJECT_MAX} onFocus={() => setLastField('subject')} hint="One line." />
          <TextArea path="body" label="Message" value={body} onValue={setBody} errors={errors} maxLength={BODY_MAX} rows={9} onFocus={() => setLastField('body')} hint="Plain text; an empty line starts a new paragraph." />
        </fieldset>
        {editable && (
          <div class="merge-fields" role="group" aria-labelledby="merge-fields-label" aria-describedby="merge-fields-hint">
            <p class="hint">
              <strong id="merge-fields-label">Merge fields</strong>{' '}
              <span id="merge-fields-hint">(click to insert at the cursor in the {lastField === 'subject' ? 'subject' : 'message'})</span>
            </p>
            <ul class="plain inline-list">
              {t.fields.map((f) => (
                <li key={f}>
                  <button type="button" class="btn btn-small btn-ghost" onMouseDown={(e) => e.preventDefault()} onClick={() => insert(f)} aria-label={`Insert the merge field ${f}`}>
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
              {busy ? 'Saving…' : 'Save message'}
            </button>
            {dirty && (
              <button type="button" class="btn btn-ghost" disabled={busy} onClick={() => (setSubject(t.subject), setBody(t.body))}>
                Undo changes
              </button>
            )}
            {t.custom && (
              <button type="button" class="btn btn-danger-ghost" disabled={busy} onClick={() => void reset()}>
                Reset to default
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
  if (!p) return <Loading label="Preparing the preview…" />;
  const samples = p.fields.filter((f) => f.source === 'sample').length;
  return (
    <section class="panel section message-preview" aria-labelledby="preview-heading">
      <h2 id="preview-heading">Preview</h2>
      {samples > 0 && <p class="hint">Fields marked “example” use sample values: this competition has no such data yet.</p>}
      <p class="message-subject-line">
        <strong>Subject:</strong> <span data-testid="preview-subject">{p.subject}</span>
      </p>
      <h3>Plain text</h3>
      <pre class="message-text" data-testid="preview-text">
        {p.text}
      </pre>
      <h3>HTML</h3>
      <iframe class="message-html" title="The HTML part of the message" sandbox="" srcDoc={`<!doctype html><meta charset="utf-8"><body style="font-family:system-ui,sans-serif;line-height:1.5">${p.html}</body>`} />
      <DataTable columns={['Field', 'Value', 'From']} caption="Merge fields in this preview">
        {p.fields.map((f) => (
          <tr key={f.name}>
            <td>
              <code>{`{{${f.name}}}`}</code>
            </td>
            <td class="break">{f.value}</td>
            <td>{f.source === 'sample' ? <span class="badge badge-sample">example</span> : 'this competition'}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
