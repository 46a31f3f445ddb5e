/** E-mail through Amazon SES (v2 API), from the identity configured in CDK. */
import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { Mailer } from '../../use-cases/ports.ts';

export function sesMailer(ses: SESv2Client, from: string): Mailer {
  return {
    async send(email) {
      await ses.send(
        new SendEmailCommand({
          FromEmailAddress: from,
          Destination: { ToAddresses: [email.to] },
          Content: { Simple: { Subject: { Data: email.subject }, Body: { Text: { Data: email.text } } } },
        }),
      );
    },
  };
}
