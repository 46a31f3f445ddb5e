/**
 * E-mail through Amazon SES (v2 API, SendEmail), from the identity configured in CDK. One signed
 * JSON request (aws4fetch, as for S3) instead of the SES SDK client, which would be ~65 KB of the
 * API bundle for this one call; the request is the one the SDK sends (tests/unit/ses-mailer.test.ts).
 */
import { AwsClient } from 'aws4fetch';
import type { Mailer } from '../../use-cases/ports.ts';
import type { AwsCredentials } from '../aws-credentials.ts';

export interface SesTarget {
  region: string;
  credentials: () => AwsCredentials | Promise<AwsCredentials>;
  /** @default `https://email.<region>.amazonaws.com` */
  endpoint?: string;
}

/** `configurationSet`: the SES configuration set that publishes the mail's bounces and complaints (infra/mail.ts). */
export function sesMailer(target: SesTarget, from: string, configurationSet?: string): Mailer {
  const signingKeys = new Map<string, ArrayBuffer>();
  const url = `${target.endpoint ?? `https://email.${target.region}.amazonaws.com`}/v2/email/outbound-emails`;
  return {
    async send(email) {
      const client = new AwsClient({ ...(await target.credentials()), service: 'ses', region: target.region, cache: signingKeys, retries: 2 });
      const r = await client.fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          FromEmailAddress: from,
          Destination: { ToAddresses: [email.to] },
          ...(configurationSet ? { ConfigurationSetName: configurationSet } : {}),
          Content: { Simple: { Subject: { Data: email.subject }, Body: { Text: { Data: email.text }, ...(email.html ? { Html: { Data: email.html } } : {}) } } },
        }),
      });
      if (!r.ok) {
        const body = (await r.json().catch(() => ({}))) as { message?: string; Message?: string };
        const type = (r.headers.get('x-amzn-errortype') ?? `HTTP${r.status}`).split(':')[0];
        throw new Error(`SES refused the message (${r.status} ${type}): ${body.message ?? body.Message ?? r.statusText}`);
      }
      await r.body?.cancel();
    },
  };
}
