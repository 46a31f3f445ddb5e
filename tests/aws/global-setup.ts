/**
 * Synthesizes the CDK app once per test run (or finds it in the cache, keyed by the sources), so
 * that every test file of the tier starts the platform on a ready cloud assembly.
 */
import { synthesizePodium } from '../../functions/local/aws/synthesize.ts';

export default async function setup(): Promise<void> {
  await synthesizePodium({ log: (message) => console.log(`[aws tier] ${message}`) });
}
