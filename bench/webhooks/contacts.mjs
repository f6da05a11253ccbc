// Webhooks benchmark helper: pushes N inbound contacts into crm-hub, so that the hub creates N
// message.created events (and one webhook delivery each). Started by bench/webhooks/run; see
// bench/README.md.
//
// node bench/webhooks/contacts.mjs --hub URL --count N [--concurrency K] [--timeout SECONDS]
// The API key comes from the environment variable CRMHUB_BENCH_API_KEY, so that it does not show
// in the process list. Each contact has its own externalId; senders are user0..user999@example.com.
// Prints one line of JSON: accepted (202, not duplicate), statuses, errors, seconds. Exit code 0
// when all N were accepted, 1 otherwise; it stops sending when --timeout (default 120 s) is up.

import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { SAMPLE_TEXTS } from '../lib/sample-texts.mjs';

const { values: opts } = parseArgs({
  options: {
    hub: { type: 'string' },
    count: { type: 'string' },
    concurrency: { type: 'string', default: '16' },
    timeout: { type: 'string', default: '120' },
  },
});

function fail(message) {
  console.error(`contacts: ${message}`);
  process.exit(2);
}

const key = process.env.CRMHUB_BENCH_API_KEY;
const count = Number(opts.count);
const concurrency = Number(opts.concurrency);
const timeoutSeconds = Number(opts.timeout);
if (!opts.hub || !key) fail('--hub and the environment variable CRMHUB_BENCH_API_KEY are required');
if (!Number.isInteger(count) || count < 1 || count > 100_000) fail('--count must be from 1 to 100000');
if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) fail('--concurrency must be from 1 to 256');
if (!(timeoutSeconds > 0 && timeoutSeconds <= 600)) fail('--timeout must be from 1 to 600 seconds');

const TEXTS = SAMPLE_TEXTS;
const runTag = `${Date.now().toString(36)}-${process.pid}`;
const started = performance.now();
const deadline = started + timeoutSeconds * 1000;
const statuses = {};
let next = 0;
let accepted = 0;
let duplicates = 0;
let errors = 0;
let firstError = null;

async function lane() {
  while (next < count && performance.now() < deadline) {
    const n = next++;
    const customer = n % 1000;
    try {
      const res = await fetch(`${opts.hub}/api/v1/inbound/contacts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          channel: 'api',
          externalId: `bench-wh-${runTag}-${n}`,
          from: { email: `user${customer}@example.com`, name: `User ${customer}` },
          text: TEXTS[n % TEXTS.length],
        }),
        signal: AbortSignal.timeout(10_000),
      });
      statuses[res.status] = (statuses[res.status] || 0) + 1;
      const body = await res.text();
      if (res.status === 202) {
        if (JSON.parse(body).duplicate) duplicates++;
        else accepted++;
      }
    } catch (err) {
      errors++;
      firstError ??= String(err?.cause ?? err);
    }
  }
}

await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
console.log(JSON.stringify({
  requested: count,
  sent: next,
  accepted,
  duplicates,
  statuses,
  errors,
  firstError,
  seconds: (performance.now() - started) / 1000,
}));
process.exitCode = accepted === count ? 0 : 1;
