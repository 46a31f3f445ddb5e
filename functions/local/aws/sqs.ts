/**
 * A stand-in for Amazon SQS (standard queues) and Lambda's SQS event source mappings, for the
 * AWS-shaped tier: the functions' own SigV4 requests (SQS's JSON protocol, `X-Amz-Target:
 * AmazonSQS.<Action>`) arrive at `endpoint`, as they would at `sqs.<region>.amazonaws.com`, and
 * the mapping's poller invokes the bundled function with SQS's event, as Lambda's poller does.
 * Signatures are not checked (dynalite and s3rver do not check them either).
 *
 * What is reproduced, because the code relies on it: at-least-once delivery; a received message
 * is invisible for the queue's visibility timeout and comes back unless deleted;
 * ChangeMessageVisibility moves that; DelaySeconds; the receive count, and the redrive to the
 * dead-letter queue once it passes maxReceiveCount; partial batch responses
 * (ReportBatchItemFailures): the items a function reports failed stay, the rest are deleted; a
 * failed invocation (an error, a timeout) leaves the whole batch. Not reproduced: FIFO queues,
 * long polling by clients (nothing here receives but the poller), message attributes.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SQSEvent } from 'aws-lambda';

export interface QueueSettings {
  visibilityTimeoutSeconds: number;
  /** The dead-letter queue's name and the receives after which a message goes there. */
  redrive?: { deadLetterQueue: string; maxReceiveCount: number };
}

interface Message {
  id: string;
  body: string;
  sentAt: number;
  /** Not deliverable before (a delay, or an invisibility after a receive). */
  visibleAt: number;
  receiveCount: number;
  firstReceivedAt?: number;
  /** The receipt handle of the latest receive: only it may delete or change the message. */
  receipt?: string;
}

interface Queue {
  name: string;
  settings: QueueSettings;
  messages: Map<string, Message>;
  /** Called when a message may have become deliverable. */
  wake: Set<() => void>;
}

/** What an event source mapping invokes: the result is the function's answer, or a failure. */
export type InvokeBatch = (event: SQSEvent) => Promise<{ ok: true; payload: string } | { ok: false; error: string }>;

export interface EventSourcePoller {
  stop(): Promise<void>;
}

class SqsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export class LocalSqs {
  readonly #queues = new Map<string, Queue>();
  readonly #pollers = new Set<EventSourcePoller>();
  #server?: Server;
  endpoint = '';

  constructor(
    readonly region: string,
    readonly accountId: string,
  ) {}

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        let status = 200;
        let answer: unknown;
        try {
          const action = String(req.headers['x-amz-target'] ?? '').replace(/^AmazonSQS\./, '');
          answer = this.#handle(action, JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>);
        } catch (err) {
          const e = err instanceof SqsError ? err : new SqsError('InvalidParameterValue', (err as Error).message);
          status = e.status;
          answer = { __type: `com.amazonaws.sqs#${e.type}`, message: e.message };
        }
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': randomUUID() }).end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.endpoint = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  queueUrl(name: string): string {
    return `${this.endpoint}/${this.accountId}/${name}`;
  }

  queueArn(name: string): string {
    return `arn:aws:sqs:${this.region}:${this.accountId}:${name}`;
  }

  createQueue(name: string, settings: QueueSettings): void {
    if (!this.#queues.has(name)) this.#queues.set(name, { name, settings, messages: new Map(), wake: new Set() });
  }

  /** Messages waiting or in flight (tests, and to know the platform is idle). */
  depth(name: string): number {
    return this.#queue(name).messages.size;
  }

  send(name: string, body: string, delaySeconds = 0): string {
    const queue = this.#queue(name);
    const now = Date.now();
    const message: Message = { id: randomUUID(), body, sentAt: now, visibleAt: now + delaySeconds * 1000, receiveCount: 0 };
    queue.messages.set(message.id, message);
    this.#wakeLater(queue, delaySeconds * 1000);
    return message.id;
  }

  /**
   * Invokes `invoke` with batches of up to `batchSize` messages of `queueName` as they become
   * deliverable, `concurrency` batches at a time, until stopped.
   */
  poll(queueName: string, o: { batchSize: number; reportBatchItemFailures: boolean; concurrency?: number; invoke: InvokeBatch; onError?: (message: string) => void }): EventSourcePoller {
    const queue = this.#queue(queueName);
    let stopped = false;
    const running = new Set<Promise<void>>();
    const concurrency = o.concurrency ?? 2;

    const pump = () => {
      while (!stopped && running.size < concurrency) {
        const batch = this.#receive(queue, o.batchSize);
        if (batch.length === 0) return;
        const work = this.#deliver(queue, batch, o).finally(() => {
          running.delete(work);
          pump();
        });
        running.add(work);
      }
    };
    queue.wake.add(pump);
    pump();
    const poller: EventSourcePoller = {
      stop: async () => {
        stopped = true;
        queue.wake.delete(pump);
        this.#pollers.delete(poller);
        await Promise.allSettled([...running]);
      },
    };
    this.#pollers.add(poller);
    return poller;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.#pollers].map((p) => p.stop()));
    for (const q of this.#queues.values()) for (const m of q.messages.values()) m.visibleAt = Infinity;
    await new Promise((resolve) => (this.#server ? this.#server.close(resolve) : resolve(undefined)));
  }

  // ——— the API ———

  #handle(action: string, input: Record<string, unknown>): unknown {
    const queue = () => this.#queue(this.#nameOf(String(input.QueueUrl ?? '')));
    switch (action) {
      case 'SendMessage': {
        const body = String(input.MessageBody ?? '');
        if (!body) throw new SqsError('MissingParameter', 'The request must contain the parameter MessageBody.');
        const delay = Number(input.DelaySeconds ?? 0);
        if (!Number.isInteger(delay) || delay < 0 || delay > 900) throw new SqsError('InvalidParameterValue', 'DelaySeconds must be between 0 and 900.');
        const id = this.send(queue().name, body, delay);
        return { MessageId: id, MD5OfMessageBody: createHash('md5').update(body).digest('hex') };
      }
      case 'ChangeMessageVisibility': {
        const q = queue();
        const seconds = Number(input.VisibilityTimeout);
        if (!Number.isInteger(seconds) || seconds < 0 || seconds > 43_200) throw new SqsError('InvalidParameterValue', 'VisibilityTimeout must be between 0 and 43200.');
        const message = this.#byReceipt(q, String(input.ReceiptHandle ?? ''));
        message.visibleAt = Date.now() + seconds * 1000;
        this.#wakeLater(q, seconds * 1000);
        return {};
      }
      case 'DeleteMessage': {
        const q = queue();
        q.messages.delete(this.#byReceipt(q, String(input.ReceiptHandle ?? '')).id);
        return {};
      }
      default:
        throw new SqsError('InvalidAction', `The local SQS stand-in does not support ${action || 'that action'} (functions/local/aws/sqs.ts).`);
    }
  }

  #nameOf(url: string): string {
    const name = url.split('/').pop() ?? '';
    if (!url.startsWith(`${this.endpoint}/`) || !this.#queues.has(name)) throw new SqsError('QueueDoesNotExist', 'The specified queue does not exist.');
    return name;
  }

  #queue(name: string): Queue {
    const q = this.#queues.get(name);
    if (!q) throw new SqsError('QueueDoesNotExist', `The specified queue does not exist: ${name}.`);
    return q;
  }

  #byReceipt(queue: Queue, receipt: string): Message {
    for (const m of queue.messages.values()) if (m.receipt === receipt) return m;
    throw new SqsError('ReceiptHandleIsInvalid', 'The input receipt handle is invalid.');
  }

  // ——— delivery ———

  /** Takes deliverable messages, oldest first; one past its redrive limit moves to the dead-letter queue instead. */
  #receive(queue: Queue, max: number): Message[] {
    const now = Date.now();
    const batch: Message[] = [];
    for (const m of [...queue.messages.values()].sort((a, b) => a.sentAt - b.sentAt)) {
      if (batch.length >= max) break;
      if (m.visibleAt > now) continue;
      const redrive = queue.settings.redrive;
      if (redrive && m.receiveCount >= redrive.maxReceiveCount) {
        queue.messages.delete(m.id);
        this.send(redrive.deadLetterQueue, m.body);
        continue;
      }
      m.receiveCount += 1;
      m.firstReceivedAt ??= now;
      m.receipt = randomUUID();
      m.visibleAt = now + queue.settings.visibilityTimeoutSeconds * 1000;
      batch.push(m);
    }
    // The earliest message still waiting wakes the pollers when it becomes visible.
    const next = Math.min(...[...queue.messages.values()].map((m) => m.visibleAt));
    if (Number.isFinite(next) && next > now) this.#wakeLater(queue, next - now);
    return batch;
  }

  async #deliver(queue: Queue, batch: Message[], o: { reportBatchItemFailures: boolean; invoke: InvokeBatch; onError?: (message: string) => void }): Promise<void> {
    const event: SQSEvent = {
      Records: batch.map((m) => ({
        messageId: m.id,
        receiptHandle: m.receipt!,
        body: m.body,
        attributes: {
          ApproximateReceiveCount: String(m.receiveCount),
          SentTimestamp: String(m.sentAt),
          SenderId: this.accountId,
          ApproximateFirstReceiveTimestamp: String(m.firstReceivedAt),
        },
        messageAttributes: {},
        md5OfBody: createHash('md5').update(m.body).digest('hex'),
        eventSource: 'aws:sqs',
        eventSourceARN: this.queueArn(queue.name),
        awsRegion: this.region,
      })),
    };
    const result = await o.invoke(event).catch((err: unknown) => ({ ok: false as const, error: (err as Error).message }));
    if (!result.ok) {
      // The whole batch stays; it comes back after the visibility timeout.
      o.onError?.(`the function failed on a batch of ${batch.length}: ${result.error}`);
      return;
    }
    let failed = new Set<string>();
    if (o.reportBatchItemFailures) {
      try {
        const answer = JSON.parse(result.payload || 'null') as { batchItemFailures?: { itemIdentifier?: string }[] } | null;
        failed = new Set((answer?.batchItemFailures ?? []).map((f) => String(f.itemIdentifier)));
      } catch {
        // Lambda treats an unreadable answer as the whole batch failed.
        failed = new Set(batch.map((m) => m.id));
      }
    }
    for (const m of batch) if (!failed.has(m.id) && queue.messages.get(m.id)?.receipt === m.receipt) queue.messages.delete(m.id);
  }

  #wakeLater(queue: Queue, ms: number): void {
    const wake = () => {
      for (const w of [...queue.wake]) w();
    };
    if (ms <= 0) queueMicrotask(wake);
    else setTimeout(wake, ms).unref();
  }
}

export async function startLocalSqs(region: string, accountId: string): Promise<LocalSqs> {
  return new LocalSqs(region, accountId).start();
}
