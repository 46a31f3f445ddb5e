/**
 * functions/composition.ts makes each port on its first call, importing its adapter then (a chunk
 * of its own in the Lambda bundles): until then a stand-in answers for it, which passes every call
 * on, and afterwards the port itself takes the stand-in's place in the dependencies.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../functions/adapters/config.ts';
import { buildDeps } from '../../functions/composition-all.ts';
import type { FileStore } from '../../functions/use-cases/ports.ts';
import type { DocumentClient } from '../../functions/adapters/dynamodb/client.ts';

const config = () =>
  loadConfig({
    TABLE_NAME: 'podium-test',
    BUCKET_NAME: 'podium-test-pitches',
    AUTH_ISSUER: 'https://issuer.example',
    AUTH_AUDIENCE: 'web',
    CURSOR_SECRET: 'composition-test-cursor-secret-0123456789',
    JOB_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/podium-test-jobs',
    AWS_REGION: 'eu-west-1',
  });

// The function's credentials, as Lambda sets them (the S3 adapter signs with them).
beforeEach(() => {
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'composition-test-secret');
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('ports made on first call', () => {
  it('answer through a stand-in, which the made port then replaces', async () => {
    // Prepare
    const deps = buildDeps(config());
    const standIn = deps.files;
    expect({ ...standIn }).toEqual({}); // nothing made yet

    // Act: a call that needs no network (a presigned URL is computed here)
    const url = new URL(await standIn.presignDownload('exports/audit.csv', 60, 'audit.csv'));

    // Assess
    expect(url.hostname).toBe('podium-test-pitches.s3.eu-west-1.amazonaws.com');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(deps.files).not.toBe(standIn);
    expect(Object.keys(deps.files)).toContain('presignDownload');
    // The stand-in goes on working, and now spreads like the port (tests wrap ports so).
    const wrapped: FileStore = { ...standIn };
    expect(Object.keys(wrapped).sort()).toEqual(Object.keys(deps.files).sort());
    expect(await wrapped.presignDownload('exports/audit.csv', 60, 'audit.csv')).toContain('X-Amz-Signature=');
  });

  it('stands in for a part of a port too (programmes.invitations.get), read before the port is made', async () => {
    // Prepare: a table that has nothing (the read's answer is all this needs)
    const sent: string[] = [];
    const dynamo = { send: async (command: { constructor: { name: string } }) => (sent.push(command.constructor.name), {}) } as unknown as DocumentClient;
    const deps = buildDeps(config(), { dynamo });
    const invitations = deps.programmes.invitations; // read first, as a use case may

    // Act
    const found = await invitations.get('p-1', 'token-hash');

    // Assess: the call reached the repository (this was a TypeError: not a function)
    expect(found).toBeUndefined();
    expect(sent).toHaveLength(1);
    expect(await deps.programmes.invitations.get('p-1', 'token-hash')).toBeUndefined(); // the made port
    expect(sent).toHaveLength(2);
  });

  it('is not thenable, and keeps a port assigned before its first call', async () => {
    // Prepare
    const deps = buildDeps(config());
    const standIn = deps.files;
    const replacement: FileStore = { ...standIn, presignDownload: async () => 'https://replaced.example/' };

    // Act
    const awaited = await standIn;
    deps.files = replacement;
    await standIn.presignDownload('exports/a.csv', 60, 'a.csv');

    // Assess
    expect(awaited).toBe(standIn);
    expect(deps.files).toBe(replacement);
  });
});
