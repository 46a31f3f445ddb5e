/** Messages to people: an in-app inbox entry, and an e-mail through the Mailer port. */
export interface Notification {
  userSub: string;
  id: string;
  at: string;
  competitionId: string;
  subject: string;
  body: string;
  /** Where the web app should take the reader, e.g. `/competitions/<id>/results`. */
  link: string;
  readAt?: string;
}

export interface Email {
  /** The competition the mail is about: the local outbox shows it to that competition's organisers only. */
  competitionId: string;
  to: string;
  subject: string;
  /** The plain-text part, always present (the fallback). */
  text: string;
  /** An HTML part (a whole document, merge values escaped: domain/messages.ts), sent alongside the text. */
  html?: string;
}

/** An e-mail that did not go out: SES (or the outbox) refused it, or the address is suppressed (bounced, complained). */
export type MailNotSentState = 'failed' | 'suppressed';

/** What an invitation records when its e-mail did not go out; `mailError` is the sentence lists show. */
export interface MailNotSent {
  mailState: MailNotSentState;
  mailError: string;
}
