/**
 * The main browser journey (tests/browser/journey.test.ts) once more, with the platform's API
 * served by the bundled Lambda functions behind the emulated HTTP API (`npm run
 * test:browser:aws`, the `browser-aws` project): the web app, the sign-in and the CSV download
 * through what is deployed. (A wrapper, so that running journey.test.ts by name runs it once.)
 */
export {};

// Read when the journey starts its platform (tests/browser/support.ts, podiumRuntime).
process.env.PODIUM_RUNTIME = 'lambda';
await import('../browser/journey.test.ts');
