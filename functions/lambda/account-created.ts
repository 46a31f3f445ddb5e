/**
 * Lambda entry: the Cognito user pool's post-confirmation trigger (infra/auth.ts). A confirmed
 * sign-up is a new account: its record (`USER#<sub>` / `ACCOUNT`, when it was created) is written
 * by the same use case the local identity provider calls (use-cases/accounts.ts). Cognito waits
 * for the answer (5 s at most) and requires the event back. A failed write is logged, not thrown:
 * throwing would show the person an error for a sign-up that has succeeded, and the account gets
 * a `first-seen` record at its first ballot anyway.
 *
 * Only the table is configured (TABLE_NAME, AWS_REGION; DYNAMODB_ENDPOINT for a stand-in): the
 * function writes account records and nothing else, so it is not built from the API's whole
 * configuration (which names the user pool — a cycle, since the pool names this function).
 */
import type { Context, PostConfirmationTriggerEvent } from 'aws-lambda';
import { credentialsFromEnv } from '../adapters/aws-credentials.ts';
import { systemClock } from '../adapters/clock.ts';
import { accountRepository } from '../adapters/dynamodb/account-repository.ts';
import { DocumentClient } from '../adapters/dynamodb/client.ts';
import { addLambdaContext, log } from '../adapters/logger.ts';
import { accountConfirmed } from '../use-cases/accounts.ts';
import type { Ports } from '../use-cases/ports.ts';

type AccountPorts = Pick<Ports, 'accounts' | 'clock'>;

/** The trigger's handler over `ports` (the tests give theirs). */
export function accountCreatedHandler(ports: () => AccountPorts) {
  return async (event: PostConfirmationTriggerEvent, context?: Context): Promise<PostConfirmationTriggerEvent> => {
    if (context) addLambdaContext(context);
    try {
      const { recorded } = await accountConfirmed(ports(), event);
      log.info('account confirmed', { triggerSource: event.triggerSource, recorded });
    } catch (err) {
      log.error('account record not written', { triggerSource: event.triggerSource }, err);
    }
    return event;
  };
}

let made: AccountPorts | undefined;
/** Made on the first invocation, from the environment. */
function fromEnv(): AccountPorts {
  if (made) return made;
  const table = process.env.TABLE_NAME;
  if (!table) throw new Error('TABLE_NAME is not set.');
  const db = new DocumentClient({ region: process.env.AWS_REGION ?? 'eu-west-1', endpoint: process.env.DYNAMODB_ENDPOINT || undefined, credentials: () => credentialsFromEnv() });
  return (made = { accounts: accountRepository(db, table), clock: systemClock });
}

export const handler = accountCreatedHandler(fromEnv);
