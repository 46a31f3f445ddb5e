/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundles (the alias is in
 * LAMBDA_BUNDLE, infra/lambda-function.ts). On Lambda the role's credentials are always in the
 * environment, the first place the SDK's default chain looks; the rest of the chain (profiles,
 * SSO, STS, web identity, container and instance metadata, with the STS and SSO clients they
 * bring) would be ~135 KB of every bundle that is never run there. Without the variables the
 * SDK fails with CredentialsProviderError naming them, as the default chain would on Lambda.
 */
export { fromEnv as defaultProvider } from '@aws-sdk/credential-provider-env';
