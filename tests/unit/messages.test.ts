/**
 * Message templates in the domain (domain/messages.ts): rendering fills merge fields, reports
 * missing ones, keeps the subject on one line whatever the values hold, and escapes every value in
 * the HTML part (property tests: any string round-trips escaped); saving checks fields by kind.
 * The SES mailer sends the HTML part beside the text, as the SDK would.
 */
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import fc from 'fast-check';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sesMailer } from '../../functions/adapters/mail/ses-mailer.ts';
import {
  checkTemplate,
  COMPETITION_MESSAGE_KINDS,
  DEFAULT_TEMPLATES,
  escapeHtml,
  FIELD_SAMPLES,
  fieldsUsed,
  MESSAGE_FIELDS,
  MESSAGE_KINDS,
  render,
} from '../../functions/domain/messages.ts';
import { awsStandIn } from '../support/sigv4-reference.ts';

/** What a browser shows for HTML text: the entities turned back into characters, `<br>` into a line break. */
const unescapeHtml = (s: string) =>
  s.replace(/<br>/g, '\n').replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!);

describe('render', () => {
  it('fills merge fields (spaces inside the braces allowed) and reports those without a value, never sending "{{field}}"', () => {
    const r = render({ subject: 'Results of {{ competition }}', body: '{{outcome}}\n\n{{link}}' }, { competition: 'Green Call', link: 'https://p.example/x' });
    expect(r.subject).toBe('Results of Green Call');
    expect(r.text).toBe('\n\nhttps://p.example/x');
    expect(r.missing).toEqual(['outcome']);
    expect(r.text).not.toContain('{{');
  });

  it('does not take a field from the prototype chain', () => {
    expect(render({ subject: '{{constructor}}', body: '{{toString}}' }, {}).missing.sort()).toEqual(['constructor', 'toString']);
  });

  it('makes paragraphs and clickable links in the HTML part, the text part stays as written', () => {
    const r = render({ subject: 's', body: 'Hello {{inviter}},\nplease review.\n\nAccept: {{link}}' }, { inviter: 'Olivia', link: 'https://podium.example/invitations/c/t?a=1&b=2' });
    expect(r.text).toBe('Hello Olivia,\nplease review.\n\nAccept: https://podium.example/invitations/c/t?a=1&b=2');
    expect(r.html).toBe('<p>Hello Olivia,<br>please review.</p>\n<p>Accept: <a href="https://podium.example/invitations/c/t?a=1&amp;b=2">https://podium.example/invitations/c/t?a=1&amp;b=2</a></p>');
  });

  it('escapes the markup an organiser types as text too', () => {
    expect(render({ subject: 's', body: 'A <b>bold</b> & "quoted" claim' }, {}).html).toBe('<p>A &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot; claim</p>');
  });

  it('never links a value that is not an http(s) URL (javascript: stays text)', () => {
    expect(render({ subject: 's', body: '{{link}}' }, { link: 'javascript:alert(1)' }).html).toBe('<p>javascript:alert(1)</p>');
  });

  it('property: any value comes out of the HTML part escaped — no tag, quote or entity of its own — and reads back as itself', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (value) => {
        const { html, text } = render({ subject: 'x', body: 'Dear {{organisation}}!' }, { organisation: value });
        fc.pre(!/^https?:\/\//.test(value)); // a URL becomes a link (its own test)
        const inner = html.slice('<p>Dear '.length, -'!</p>'.length);
        expect(inner.replace(/<br>/g, '')).not.toMatch(/[<>"']/);
        expect(unescapeHtml(inner)).toBe(value.replace(/\r\n/g, '\n'));
        expect(text).toBe(`Dear ${value}!`);
      }),
      { numRuns: 500 },
    );
  });

  it('property: the subject is one line whatever the template and values hold (no header can be injected)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), (literal, value) => {
        const { subject } = render({ subject: `${literal}{{competition}}`, body: '' }, { competition: value });
        expect(subject).not.toMatch(/[\r\n\u2028\u2029\u0000-\u001f]/);
      }),
      { numRuns: 500 },
    );
  });

  it('property: a value is never read as a merge field (values are filled once, not again)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...MESSAGE_FIELDS['reviewer-invitation']), (name) => {
        const r = render({ subject: '{{competition}}', body: '{{competition}} {{round}}' }, { competition: `{{${name}}}`, round: 'R' });
        expect(r.text).toBe(`{{${name}}} R`);
        expect(r.missing).toEqual([]);
      }),
    );
  });
});

describe('checkTemplate', () => {
  it('accepts every default template of its kind, which use only offered fields', () => {
    for (const kind of MESSAGE_KINDS) {
      expect(checkTemplate(kind, DEFAULT_TEMPLATES[kind]), kind).toEqual({});
      for (const f of [...fieldsUsed(DEFAULT_TEMPLATES[kind].subject), ...fieldsUsed(DEFAULT_TEMPLATES[kind].body)]) expect(MESSAGE_FIELDS[kind]).toContain(f);
    }
  });

  it('every offered field has a sample for the preview', () => {
    for (const kind of MESSAGE_KINDS) for (const f of MESSAGE_FIELDS[kind]) expect(FIELD_SAMPLES[f], `${kind}.${f}`).toBeTruthy();
  });

  it('names an unknown field, in the part it is in, with the fields the kind offers', () => {
    const p = checkTemplate('reminder-invitation', { subject: 'Reminder', body: 'Before {{deadline}}: {{link}}' });
    expect(p).toEqual({ body: 'Unknown merge field {{deadline}}: this message offers {{competition}}, {{round}}, {{link}}.' });
  });

  it('refuses blanks, a line break in the subject, control characters, malformed and unclosed fields, and oversize text', () => {
    expect(checkTemplate('results-published', { subject: ' ', body: '' })).toEqual({ subject: 'Required.', body: 'Required.' });
    expect(checkTemplate('results-published', { subject: 'a\r\nBcc: x@y', body: 'b' }).subject).toMatch(/one line/);
    expect(checkTemplate('results-published', { subject: 'a', body: 'b\u0007' }).body).toMatch(/control character/);
    expect(checkTemplate('results-published', { subject: 'a', body: '{{Outcome}}' }).body).toMatch(/not a merge field/);
    expect(checkTemplate('results-published', { subject: 'a', body: '{{outcome}' }).body).toMatch(/not closed/);
    expect(checkTemplate('results-published', { subject: 'x'.repeat(201), body: 'b' }).subject).toMatch(/At most 200/);
    expect(checkTemplate('results-published', { subject: 'a', body: 'Tabs\tand\nlines are fine: {{link}}' })).toEqual({});
  });

  it('leaves programme mail out of what a competition edits', () => {
    expect(COMPETITION_MESSAGE_KINDS).not.toContain('programme-invitation');
    expect(COMPETITION_MESSAGE_KINDS).toHaveLength(MESSAGE_KINDS.length - 1);
  });

  it('escapeHtml escapes the five characters that matter', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});

describe('SES mailer with an HTML part', () => {
  const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
  const aws = awsStandIn([200, '{"MessageId":"m-1"}'], () => ({ 'content-type': 'application/json' }));
  beforeAll(() => aws.start());
  afterAll(() => aws.stop());

  it('sends Text and Html bodies as the SDK would', async () => {
    const email = { competitionId: 'c-1', to: 'ivy@fund.example', subject: 'Invitation', text: 'Accept: https://p.example/i', html: '<!doctype html><p>Accept: <a href="https://p.example/i">https://p.example/i</a></p>' };
    await sesMailer({ region: 'eu-west-1', endpoint: aws.endpoint, credentials: () => credentials }, 'from@cluster.example').send(email);
    let captured = '';
    const ses = new SESv2Client({
      region: 'eu-west-1',
      credentials,
      requestHandler: {
        handle: async (req: { body: string | Uint8Array }) => {
          captured = typeof req.body === 'string' ? req.body : new TextDecoder().decode(req.body);
          return { response: { statusCode: 200, headers: { 'content-type': 'application/json' }, body: Readable.from(['{"MessageId":"sdk"}']) } };
        },
      },
    });
    await ses.send(new SendEmailCommand({ FromEmailAddress: 'from@cluster.example', Destination: { ToAddresses: [email.to] }, Content: { Simple: { Subject: { Data: email.subject }, Body: { Text: { Data: email.text }, Html: { Data: email.html } } } } }));
    const sent = JSON.parse(aws.received.at(-1)!.body);
    const sdk = JSON.parse(captured);
    // The configuration set (if the mailer names one) aside, the message is the SDK's.
    delete sent.ConfigurationSetName;
    expect(sent).toEqual(sdk);
    expect(sent.Content.Simple.Body.Html.Data).toBe(email.html);
  });
});
