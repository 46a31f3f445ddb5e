/**
 * Auth: a Cognito user pool where entrants, reviewers and investors sign themselves up with
 * their email, an `organisers` group for programme staff, the hosted sign-in domain, one
 * public client for the web app (authorization code + PKCE, no secret), and a post-confirmation
 * trigger that records when each account was created (functions/lambda/account-created.ts).
 */
import path from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  OAuthScope,
  UserPool,
  UserPoolClient,
  UserPoolClientIdentityProvider,
  UserPoolDomain,
  UserPoolGroup,
  UserPoolOperation,
  ClientAttributes,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { NodeLambda } from './lambda-function.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '..');

/** Group whose members may open competitions; the app reads it from `cognito:groups`. */
export const ORGANISERS_GROUP = 'organisers';

export interface AuthProps {
  /** Hosted UI prefix: `https://<prefix>.auth.<region>.amazoncognito.com`; unique per region. */
  readonly domainPrefix: string;
  /** Origin of the web app, e.g. `https://d123.cloudfront.net` (no trailing slash). */
  readonly webUrl: string;
  /** The table the account records go to (`USER#<sub>` / `ACCOUNT`). */
  readonly table: Table;
}

export class Auth extends Construct {
  readonly userPool: UserPool;
  readonly webClient: UserPoolClient;
  readonly domain: UserPoolDomain;
  /** `https://cognito-idp.<region>.amazonaws.com/<userPoolId>`: the `iss` of every token. */
  readonly issuer: string;
  /** The post-confirmation trigger: writes the new account's record. */
  readonly accountCreated: NodejsFunction;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);

    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      // The app trusts `email` only when `email_verified`, and invitations and conflict checks key
      // on it: a changed address stays the old, verified one until the new one is confirmed.
      keepOriginal: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: true, mutable: true },
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason: 'Entrants, peer reviewers and investors sign themselves up for one competition; mandatory MFA would turn many of them away. TOTP MFA is offered (optional) to every user.',
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason: 'The Plus feature plan (threat protection) is billed per monthly active user, which SME programmes with small budgets cannot carry by default; the organiser can switch featurePlan to PLUS without other changes.',
    });

    new UserPoolGroup(this, 'Organisers', {
      userPool: this.userPool,
      groupName: ORGANISERS_GROUP,
      description: 'Programme staff who open and run competitions',
    });

    this.domain = this.userPool.addDomain('Domain', { cognitoDomain: { domainPrefix: props.domainPrefix } });

    this.webClient = this.userPool.addClient('WebClient', {
      generateSecret: false,
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      oAuth: {
        // Code flow; a public client without a secret, so the web app sends a PKCE verifier.
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [`${props.webUrl}/auth/callback`],
        logoutUrls: [`${props.webUrl}/`],
      },
      authFlows: { userSrp: true },
      readAttributes: new ClientAttributes().withStandardAttributes({ email: true, emailVerified: true, fullname: true }),
      // Sign-up writes the required attributes, so the client must be allowed to write them.
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true, fullname: true }),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });

    this.issuer = this.userPool.userPoolProviderUrl;

    // A confirmed sign-up's record (when the account was created: the audience vote's new-account
    // flag). Configured with the table only: nothing that names the pool, which names this function.
    const accountCreated = new NodeLambda(this, 'AccountCreated', {
      entry: path.join(REPO_ROOT, 'functions/lambda/account-created.ts'),
      description: 'Podium: records a confirmed sign-up (Cognito post-confirmation trigger)',
      // Cognito waits at most 5 seconds for a trigger.
      timeout: Duration.seconds(5),
      memorySize: 256,
      environment: { TABLE_NAME: props.table.tableName },
    });
    this.accountCreated = accountCreated.function;
    // Only a conditional put of account records: no reads, no other partitions.
    accountCreated.role.addToPolicy(
      new PolicyStatement({
        actions: ['dynamodb:PutItem'],
        resources: [props.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['USER#*'] } },
      }),
    );
    this.userPool.addTrigger(UserPoolOperation.POST_CONFIRMATION, this.accountCreated);
  }
}
