/**
 * What infra/monitoring.ts and infra/mail.ts both build (issue 13): an SNS topic encrypted with a
 * key of its own that one AWS service may use to publish (CloudWatch for alarms, SES for mail
 * events), TLS only; and an alarm that notifies a topic when it fires and when it recovers, where
 * no data means nothing is wrong. One helper each, so the two stay alike.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic, type ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';

/**
 * A topic `id` with its key `${id}Key` (rotated; destroyed with the stack after 7 days' notice: it
 * protects messages in transit through SNS only, nothing stored needs it later), which `publisher`
 * (a service principal) may use, and a policy denying publishing without TLS.
 */
export function encryptedTopic(scope: Construct, id: string, o: { displayName: string; keyDescription: string; publisher: string }): { topic: Topic; key: Key } {
  const key = new Key(scope, `${id}Key`, {
    description: o.keyDescription,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.DESTROY,
    pendingWindow: Duration.days(7),
  });
  // The service publishes to the encrypted topic, so it needs the key.
  key.grant(new ServicePrincipal(o.publisher), 'kms:Decrypt', 'kms:GenerateDataKey*');
  const topic = new Topic(scope, id, { displayName: o.displayName, masterKey: key, enforceSSL: true });
  return { topic, key };
}

export interface NotifyingAlarmProps {
  readonly alarmName: string;
  readonly description: string;
  readonly metric: IMetric;
  readonly threshold: number;
  /** Told when the alarm fires and when it recovers. */
  readonly topic: ITopic;
}

/** An alarm at `threshold` or more in one period, told to `topic` both ways; missing data is not breaching. */
export function notifyingAlarm(scope: Construct, id: string, p: NotifyingAlarmProps): Alarm {
  const a = new Alarm(scope, id, {
    metric: p.metric,
    alarmName: p.alarmName,
    alarmDescription: p.description,
    threshold: p.threshold,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    // No traffic, no invocations, an empty queue: nothing is wrong.
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
  a.addAlarmAction(new SnsAction(p.topic));
  a.addOkAction(new SnsAction(p.topic));
  return a;
}
