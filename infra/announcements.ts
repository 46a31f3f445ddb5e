/**
 * The platform's scheduler: a small Lambda that EventBridge runs every 15 minutes. It announces
 * results an organiser scheduled for the competition's results date (inbox + e-mail to every
 * entrant, by the notifications job) and starts the reminder jobs that are due (drafts before the
 * deadline, pending reviews before a round closes, unused invitations: use-cases/reminders.ts).
 * It sends no mail itself; the job function does.
 */
import path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { NodeLambda } from './lambda-function.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '..');

export interface AnnouncementsProps {
  readonly table: Table;
  /** The same configuration the API runs with (table, bucket, auth, mail, web origin). */
  readonly environment: Record<string, string>;
}

export class Announcements extends Construct {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: AnnouncementsProps) {
    super(scope, id);
    const lambda = new NodeLambda(this, 'Announcer', {
      entry: path.join(REPO_ROOT, 'functions/lambda/announcements.ts'),
      description: 'Podium scheduler: announces scheduled results, starts due reminders',
      timeout: Duration.minutes(5),
      environment: props.environment,
    });
    this.function = lambda.function;
    // Reads competitions (Query on the published-listing index) and their rounds (Query); reads
    // reminder settings (BatchGetItem) and claims reminder occasions (conditional PutItem; a claim
    // whose job failed to start is deleted); starts jobs (their record and lock; a stale lock is
    // deleted; the jobs, not the scheduler, send the e-mails) and writes the competition's
    // "notified" mark. No scans.
    lambda.role.addToPolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        resources: [props.table.tableArn, `${props.table.tableArn}/index/gsi2`],
      }),
    );
    new Rule(this, 'Every15Minutes', {
      description: 'Announce results whose scheduled publication time has come; start the reminders that are due',
      schedule: Schedule.rate(Duration.minutes(15)),
      targets: [new LambdaFunction(this.function, { retryAttempts: 2 })],
    });
  }
}
