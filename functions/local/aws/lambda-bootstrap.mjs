// One local Lambda "execution environment": a Node process started by lambda-service.ts with the
// function's environment (LAMBDA_TASK_ROOT, _HANDLER, the template's variables …), which loads
// the bundle once (the init phase) and then answers one invocation at a time over IPC, the way
// the managed Node.js runtime drives a handler. Plain JavaScript on purpose: the bundle is the
// deployed JavaScript, and nothing else (no TypeScript loader, no test framework) is in the process.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const send = (message) => new Promise((resolve) => process.send(message, () => resolve()));

function describe(error, fallbackType) {
  if (error instanceof Error) {
    return { errorType: error.name && error.name !== 'Error' ? error.name : fallbackType, errorMessage: error.message, trace: String(error.stack ?? '').split('\n') };
  }
  return { errorType: fallbackType, errorMessage: String(error), trace: [] };
}

/** `index.handler` → module `index` (.mjs, .js or .cjs in the task root), export `handler`. */
async function loadHandler() {
  const spec = process.env._HANDLER ?? '';
  const dot = spec.lastIndexOf('.');
  const [moduleName, exportName] = dot > 0 ? [spec.slice(0, dot), spec.slice(dot + 1)] : [spec, 'handler'];
  const root = process.env.LAMBDA_TASK_ROOT ?? process.cwd();
  const file = ['.mjs', '.js', '.cjs'].map((ext) => join(root, moduleName + ext)).find((f) => existsSync(f));
  if (!file) throw Object.assign(new Error(`Cannot find module '${moduleName}'`), { name: 'Runtime.ImportModuleError' });
  const module = await import(pathToFileURL(file).href);
  const handler = module[exportName] ?? module.default?.[exportName];
  if (typeof handler !== 'function') throw Object.assign(new Error(`${moduleName}.${exportName} is undefined or not exported`), { name: 'Runtime.HandlerNotFound' });
  return handler;
}

let current;
// Like the managed runtime: an error no invocation catches ends the environment, failing the
// invocation in progress.
for (const event of ['uncaughtException', 'unhandledRejection']) {
  process.on(event, (error) => {
    void send({ type: 'crash', id: current, error: describe(error, event === 'unhandledRejection' ? 'Runtime.UnhandledPromiseRejection' : 'Runtime.UncaughtException') }).finally(() => process.exit(129));
  });
}

let handler;
try {
  handler = await loadHandler();
} catch (error) {
  await send({ type: 'init-error', error: describe(error, 'Runtime.InitError') });
  process.exit(1);
}

process.on('message', async (message) => {
  if (message?.type !== 'invoke') return;
  current = message.id;
  process.env._X_AMZN_TRACE_ID = message.traceId;
  const context = {
    ...message.context,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, message.deadline - Date.now()),
  };
  try {
    const result = await handler(message.event, context);
    // What Lambda returns to the caller is the JSON of the result (null for undefined).
    const payload = JSON.stringify(result === undefined ? null : result);
    await send({ type: 'result', id: message.id, payload });
  } catch (error) {
    await send({ type: 'error', id: message.id, error: describe(error, 'Error') });
  } finally {
    current = undefined;
  }
});

await send({ type: 'ready' });
