/**
 * Announcements: results an organiser scheduled for the competition's results date are announced
 * (inbox + e-mail to every entrant) by a small Lambda that EventBridge runs every 15 minutes.
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
      description: 'Podium: announces results published for a scheduled date',
      timeout: Duration.minutes(5),
      environment: props.environment,
    });
    this.function = lambda.function;
    // Reads competitions (Query on the published-listing index); starts the notifications job (its
    // record and lock; a stale lock is deleted; the job, not the announcer, sends the e-mails) and
    // writes the competition's "notified" mark. No scans.
    lambda.role.addToPolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        resources: [props.table.tableArn, `${props.table.tableArn}/index/gsi2`],
      }),
    );
    new Rule(this, 'Every15Minutes', {
      description: 'Announce results whose scheduled publication time has come',
      schedule: Schedule.rate(Duration.minutes(15)),
      targets: [new LambdaFunction(this.function, { retryAttempts: 2 })],
    });
  }
}
