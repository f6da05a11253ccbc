// Inbox benchmark driver: checks that the hub answers the seeded data as the model says, then
// measures, one request at a time, each inbox list (every filter and sort, first and second page),
// the conversation fetch and the customer lookups through the hub's HTTP API, and, the same way in
// the same process, the baseline: a bare ZREVRANGE of one page on the hub's own inbox index, over
// a plain Redis connection. Then a few clients at once. Started by bench/inbox/run; see
// bench/README.md.
//
// node bench/inbox/driver.mjs --hub URL --redis-port N --data DIR [--samples N] [--warmup N]
//                             [--concurrency N] [--concurrent-requests N] [--row-seconds S]
// DIR holds the seeder's manifest.json and conversations.jsonl. The API key comes from the
// environment variable CRMHUB_BENCH_API_KEY, so that it does not show in the process list.
// Prints a human report, then one line of JSON as the last line. Exit code 0: verified and
// measured; 1: the hub answered something other than the seeded data, or a request failed.

import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { generator, percentile } from '../lib/numbers.mjs';
import { InboxModel } from './inbox-model.mjs';
import { RespClient } from './resp.mjs';

const { values: opts } = parseArgs({
  options: {
    hub: { type: 'string' },
    'redis-port': { type: 'string' },
    data: { type: 'string' },
    samples: { type: 'string', default: '300' },
    warmup: { type: 'string', default: '30' },
    concurrency: { type: 'string', default: '4' },
    'concurrent-requests': { type: 'string', default: '2000' },
    'row-seconds': { type: 'string', default: '60' },
  },
});

const key = process.env.CRMHUB_BENCH_API_KEY;
if (!opts.hub || !opts['redis-port'] || !opts.data || !key) {
  fail('--hub, --redis-port, --data and CRMHUB_BENCH_API_KEY are required');
}
const samples = wholeNumber('samples', 1, 100_000);
const warmup = wholeNumber('warmup', 0, 100_000);
const concurrency = wholeNumber('concurrency', 0, 64);
const concurrentRequests = wholeNumber('concurrent-requests', 1, 1_000_000);
const rowSeconds = wholeNumber('row-seconds', 1, 3600);

const PAGE = 25;
const MAX_MESSAGES_SHOWN = 1000;
/** What the staff inbox opens a conversation with, and each "Show older messages" adds. */
const INBOX_MESSAGES_SHOWN = 100;
const MAX_CONVERSATIONS_SHOWN = 100;
const REQUEST_TIMEOUT_MS = 15_000;
const GOAL_P99_MS = 10;
const WARMUP_ROUNDS = 10;
// the hub's whole-inbox index (InboxIndex.ALL) and hash keys (ConversationKeys, CustomerKeys); the
// driver checks the index's size before it uses it, so a changed layout fails the run
const INBOX_ALL = 'crm:{inbox}:all';
const conversationKey = (id) => `crm:{v:${id}}`;
const customerKey = (id) => `crm:{c:${id}}`;

function fail(message) {
  console.error(`driver: ${message}`);
  process.exit(2);
}

function wholeNumber(name, min, max) {
  const n = Number(opts[name]);
  if (!Number.isInteger(n) || n < min || n > max) fail(`--${name} must be a whole number from ${min} to ${max}`);
  return n;
}

function summary(values) {
  const sorted = Float64Array.from(values).sort();
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : null,
  };
}

/** One keep-alive connection to the hub: requests on it go one after the other. */
function hubClient() {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const base = new URL(opts.hub);
  return (pathAndQuery) => new Promise((resolve, reject) => {
    const req = http.request({
      host: base.hostname, port: base.port, path: pathAndQuery, agent,
      headers: { authorization: `Bearer ${key}`, accept: 'application/json' },
    }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end();
  });
}

const listPath = (query, cursor) => {
  const params = new URLSearchParams({ ...query, limit: String(PAGE) });
  if (cursor) params.set('cursor', cursor);
  return `/api/v1/conversations?${params}`;
};

const describe = (query) => Object.entries(query).map(([k, v]) => `${k}=${v}`).join('&') || 'no filter';

function json(response) {
  if (response.status !== 200) {
    throw new Error(`HTTP ${response.status}: ${response.body.toString('utf8', 0, 300)}`);
  }
  return JSON.parse(response.body.toString('utf8'));
}

/**
 * Reads page 1 and page 2 of a list and compares them with the model: together they must be the
 * model's first conversations in order. A page may hold fewer than the page size when the hub
 * stopped after the most candidates it checks per page (a sparse filter on a large index); it then
 * hands back a cursor, and the next page goes on where it stopped.
 */
async function verifyList(get, model, query) {
  const expected = model.expected(query, 2 * PAGE);
  const first = json(await get(listPath(query)));
  const second = first.nextCursor ? json(await get(listPath(query, first.nextCursor))) : { items: [] };
  const listed = [...first.items, ...second.items].map((c) => c.id);
  const want = expected.slice(0, listed.length).map((c) => c.id);
  const problems = [];
  if (listed.join() !== want.join()) {
    const at = listed.findIndex((id, i) => id !== want[i]);
    problems.push(`${describe(query)}: item ${at + 1} is ${listed[at]}, the seeded data says ${want[at]}`);
  }
  const complete = Math.min(PAGE, expected.length);
  if (first.items.length < complete && !first.nextCursor) {
    problems.push(`${describe(query)}: page 1 has ${first.items.length} items and no cursor, the seeded data has ${expected.length}`);
  }
  return {
    problems,
    cursor: first.nextCursor ?? null,
    firstItems: first.items.length,
    secondItems: second.items.length,
    total: model.total(query),
  };
}

/**
 * Sends requests one at a time: `warmup` not counted, then `samples` timed from before the request
 * is written until its whole answer is read. The answer is checked after the clock stopped. A row
 * that takes longer than --row-seconds stops early and says how many samples it has.
 */
async function measure(row, redis) {
  const commandsBefore = await commandCounts(redis);
  const times = [];
  let failures = 0;
  let firstFailure = null;
  let bytes = 0;
  const deadline = performance.now() + rowSeconds * 1000;
  let sent = 0;
  for (let i = 0; i < warmup + samples; i++) {
    if (performance.now() > deadline) break;
    sent++;
    const started = performance.now();
    let answer;
    let problem = null;
    try {
      answer = await row.send(i);
    } catch (err) {
      problem = err.message;
    }
    const took = performance.now() - started;
    if (problem === null) problem = row.check(answer, i);
    if (problem !== null) {
      failures++;
      firstFailure ??= problem;
    } else if (i >= warmup) {
      times.push(took);
      bytes += row.size ? row.size(answer) : 0;
    }
  }
  const commandsAfter = await commandCounts(redis);
  const perRequest = {};
  for (const [command, calls] of commandsAfter) {
    const more = calls - (commandsBefore.get(command) ?? 0);
    if (more > 0 && command !== 'info') perRequest[command] = Math.round((10 * more) / sent) / 10;
  }
  return {
    name: row.name,
    group: row.group,
    latencyMs: summary(times),
    failures,
    firstFailure,
    meanBytes: times.length ? Math.round(bytes / times.length) : 0,
    redisCommandsPerRequest: perRequest,
    note: row.note ?? null,
  };
}

/**
 * Calls per Redis command so far (INFO commandstats). Read around each row, they say how many
 * commands one request cost: the hub's own background commands (event tail, consumers, leases,
 * health checks) add a few per second to every row, which is noise next to a page's reads.
 */
async function commandCounts(redis) {
  const counts = new Map();
  for (const line of (await redis.command('INFO', 'commandstats')).split('\r\n')) {
    const match = /^cmdstat_([^:]+):calls=([0-9]+)/.exec(line);
    if (match) counts.set(match[1], Number(match[2]));
  }
  return counts;
}

/** The same request mix from `clients` connections at once, `total` requests in all. */
async function measureConcurrent(name, clients, total, sendFor) {
  const times = [];
  let failures = 0;
  let firstFailure = null;
  const deadline = performance.now() + rowSeconds * 1000;
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, async (_, worker) => {
    const send = sendFor(worker);
    for (let i = worker; i < total; i += clients) {
      if (performance.now() > deadline) return;
      const t0 = performance.now();
      try {
        const problem = await send(i);
        if (problem) throw new Error(problem);
        times.push(performance.now() - t0);
      } catch (err) {
        failures++;
        firstFailure ??= err.message;
      }
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  return { name, clients, latencyMs: summary(times), perSecond: times.length / seconds, failures, firstFailure };
}

async function main() {
  const manifest = JSON.parse(fs.readFileSync(path.join(opts.data, 'manifest.json'), 'utf8'));
  const model = InboxModel.load(path.join(opts.data, 'conversations.jsonl'));
  const conversations = model.conversations;
  const get = hubClient();
  const redis = await RespClient.connect(Number(opts['redis-port']));
  const random = generator(manifest.seed);
  const problems = [];

  const indexSize = await redis.command('ZCARD', INBOX_ALL);
  if (indexSize !== manifest.conversations) {
    problems.push(`${INBOX_ALL} holds ${indexSize} conversations, the seeder made ${manifest.conversations}:`
      + ' the hub\'s key layout changed; update the baseline keys in bench/inbox/driver.mjs');
  }

  // the agent with the most conversations, a customer with several, the largest conversation
  const byAgent = new Map();
  for (const c of conversations) if (c.assignee) byAgent.set(c.assignee, (byAgent.get(c.assignee) ?? 0) + 1);
  const agent = [...byAgent.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? 'agent01';
  const customer = manifest.sampleCustomers.reduce((best, c) => (c.conversations > best.conversations ? c : best));
  const largest = conversations.reduce((best, c) => (c.messageCount > best.messageCount ? c : best));
  const withPhone = manifest.sampleCustomers.filter((c) => c.identities.some((k) => k.startsWith('phone:')));

  const lists = [
    { query: {} },
    { query: { status: 'open' } },
    { query: { status: 'pending' } },
    { query: { status: 'closed' } },
    { query: { channel: 'email' } },
    { query: { channel: 'instagram' } },
    { query: { sentiment: 'negative' } },
    { query: { sentiment: 'neutral' } },
    { query: { sentiment: 'positive' } },
    { query: { assignee: agent } },
    { query: { assignee: 'none' } },
    { query: { customerId: customer.id } },
    { query: { sort: 'most-negative' } },
    { query: { sort: 'oldest-waiting' } },
    { query: { status: 'open', assignee: agent }, note: 'an agent\'s open queue' },
    { query: { status: 'open', channel: 'email' } },
    { query: { status: 'open', sentiment: 'negative' } },
    { query: { sort: 'most-negative', status: 'open' } },
    { query: { sort: 'oldest-waiting', channel: 'email' } },
    { query: { sort: 'most-negative', status: 'pending', assignee: agent }, note: 'few match' },
  ];

  console.log('checking that the hub answers the seeded data');
  for (const list of lists) {
    const checked = await verifyList(get, model, list.query);
    problems.push(...checked.problems);
    Object.assign(list, checked);
  }
  const sampleConversation = conversations[Math.floor(random() * conversations.length)];
  const view = json(await get(`/api/v1/conversations/${sampleConversation.id}`));
  if (view.messageCount !== sampleConversation.messageCount
      || view.messages.length !== Math.min(sampleConversation.messageCount, MAX_MESSAGES_SHOWN)) {
    problems.push(`conversation ${sampleConversation.id}: ${view.messageCount} messages (${view.messages.length} shown),`
      + ` the seeded data has ${sampleConversation.messageCount}`);
  }
  // where the largest conversation's older messages start, as the inbox shows it
  const largestOpened = json(await get(`/api/v1/conversations/${largest.id}?messages=${INBOX_MESSAGES_SHOWN}`));
  const olderExpected = Math.max(0, largest.messageCount - INBOX_MESSAGES_SHOWN);
  if (largestOpened.olderMessages !== olderExpected) {
    problems.push(`conversation ${largest.id}: ${largestOpened.olderMessages} older than the newest`
      + ` ${INBOX_MESSAGES_SHOWN}, the seeded data has ${olderExpected}`);
  }
  const firstShown = largestOpened.messages[0].id;
  const found = json(await get(`/api/v1/customers?identity=${encodeURIComponent(customer.identities[0])}`));
  if (found.items.length !== 1 || found.items[0].id !== customer.id
      || found.items[0].conversations.length !== Math.min(customer.conversations, MAX_CONVERSATIONS_SHOWN)) {
    problems.push(`customer ${customer.identities[0]}: the hub found ${JSON.stringify(found.items.map((c) => c.id))}`
      + `, the seeded data says ${customer.id} with ${customer.conversations} conversations`);
  }
  if (problems.length > 0) {
    for (const problem of problems) console.error(`driver: ${problem}`);
    redis.close();
    process.exitCode = 1;
    return;
  }
  console.log(`  ${lists.length} lists (pages 1 and 2), a conversation and a customer match the seeded data`);

  const pick = (list) => list[Math.floor(random() * list.length)];
  const listCheck = (expectedItems) => (answer) => {
    if (answer.status !== 200) return `HTTP ${answer.status}`;
    const items = JSON.parse(answer.body.toString('utf8')).items.length;
    return items === expectedItems ? null : `${items} items, ${expectedItems} before`;
  };
  const size = (answer) => answer.body.length;
  const rows = [];
  rows.push({
    group: 'baseline', name: `bare Redis: ZREVRANGE ${PAGE} WITHSCORES on ${INBOX_ALL}`,
    send: () => redis.command('ZREVRANGE', INBOX_ALL, 0, PAGE - 1, 'WITHSCORES'),
    check: (reply) => (reply.length === 2 * Math.min(PAGE, indexSize) ? null : `${reply.length / 2} members`),
  });
  rows.push({
    group: 'baseline', name: `bare Redis: a page's reads (ZREVRANGE ${PAGE}, ${PAGE} conversations, their customers)`,
    send: async () => {
      const ids = await redis.command('ZREVRANGE', INBOX_ALL, 0, PAGE - 1);
      const hashes = await redis.pipeline(ids.map((id) => ['HGETALL', conversationKey(id)]));
      const owners = hashes.map((flat) => flat[flat.indexOf('customerId') + 1]);
      return redis.pipeline(owners.map((id) => ['HGETALL', customerKey(id)]));
    },
    check: (reply) => (reply.length === Math.min(PAGE, indexSize) ? null : `${reply.length} customers`),
  });
  rows.push({
    group: 'baseline', name: 'hub: GET /health/live (HTTP only)',
    send: () => get('/health/live'),
    check: (answer) => (answer.status === 200 ? null : `HTTP ${answer.status}`),
  });
  // a page shorter than the page size while more conversations match: the hub stopped scanning
  for (const list of lists) {
    const label = describe(list.query);
    const notes = (...parts) => parts.filter(Boolean).join('; ') || null;
    const firstShort = list.firstItems < Math.min(PAGE, list.total) ? `${list.firstItems} of ${PAGE} items` : null;
    rows.push({
      group: 'list', name: `list ${label}`, note: notes(list.note, firstShort),
      send: () => get(listPath(list.query)), check: listCheck(list.firstItems), size,
      query: list.query, page: 1, total: list.total, items: list.firstItems,
    });
    if (list.cursor) {
      const left = list.total - list.firstItems;
      const secondShort = list.secondItems < Math.min(PAGE, left) ? `${list.secondItems} of ${PAGE} items` : null;
      rows.push({
        group: 'list', name: `list ${label}, page 2`, note: secondShort,
        send: () => get(listPath(list.query, list.cursor)), check: listCheck(list.secondItems), size,
        query: list.query, page: 2, total: list.total, items: list.secondItems,
      });
    }
  }
  const fetched = Array.from({ length: warmup + samples }, () => pick(conversations));
  rows.push({
    group: 'conversation', name: 'conversation fetch, a random one',
    send: (i) => get(`/api/v1/conversations/${fetched[i].id}`),
    check: (answer, i) => (answer.status === 200 ? null : `HTTP ${answer.status} for ${fetched[i].id}`), size,
  });
  rows.push({
    group: 'conversation', name: `conversation fetch, the largest (${largest.messageCount} messages,`
      + ` ${Math.min(largest.messageCount, MAX_MESSAGES_SHOWN)} shown)`,
    send: () => get(`/api/v1/conversations/${largest.id}`),
    check: (answer) => (answer.status === 200 ? null : `HTTP ${answer.status}`), size,
  });
  const shownCheck = (expected, field) => (answer) => {
    if (answer.status !== 200) return `HTTP ${answer.status}`;
    const count = JSON.parse(answer.body.toString('utf8'))[field].length;
    return count === expected ? null : `${count} messages, expected ${expected}`;
  };
  rows.push({
    group: 'conversation', name: `the largest as the inbox opens it (newest ${INBOX_MESSAGES_SHOWN})`,
    send: () => get(`/api/v1/conversations/${largest.id}?messages=${INBOX_MESSAGES_SHOWN}`),
    check: shownCheck(Math.min(largest.messageCount, INBOX_MESSAGES_SHOWN), 'messages'), size,
  });
  rows.push({
    group: 'conversation', name: `the largest, "Show older messages" (${INBOX_MESSAGES_SHOWN} before those)`,
    send: () => get(`/api/v1/conversations/${largest.id}/messages?limit=${INBOX_MESSAGES_SHOWN}&before=${firstShown}`),
    check: shownCheck(Math.min(olderExpected, INBOX_MESSAGES_SHOWN), 'items'), size,
  });
  const looked = Array.from({ length: warmup + samples }, () => pick(manifest.sampleCustomers));
  const foundCheck = (people) => (answer, i) => {
    if (answer.status !== 200) return `HTTP ${answer.status}`;
    const items = JSON.parse(answer.body.toString('utf8')).items;
    return items.length === 1 && items[0].id === people[i].id ? null : `found ${items.map((c) => c.id)} for ${people[i].id}`;
  };
  rows.push({
    group: 'customer', name: 'customer by id, a random one',
    send: (i) => get(`/api/v1/customers/${looked[i].id}`),
    check: (answer, i) => (answer.status === 200 ? null : `HTTP ${answer.status} for ${looked[i].id}`), size,
  });
  rows.push({
    group: 'customer', name: 'customer by identity, email',
    send: (i) => get(`/api/v1/customers?identity=${encodeURIComponent(looked[i].identities[0])}`),
    check: foundCheck(looked), size,
  });
  if (withPhone.length > 0) {
    const callers = Array.from({ length: warmup + samples }, () => pick(withPhone));
    rows.push({
      group: 'customer', name: 'customer by identity, phone',
      send: (i) => get(`/api/v1/customers?identity=${encodeURIComponent(callers[i].identities.find((k) => k.startsWith('phone:')))}`),
      check: foundCheck(callers), size,
    });
  }

  // the first rows would otherwise pay for the hub's JIT compiling the code they share with the rest
  console.log(`warming up: every row ${WARMUP_ROUNDS} times in turn`);
  for (let round = 0; round < WARMUP_ROUNDS; round++) {
    for (const row of rows) await row.send(round % (warmup + samples));
  }
  console.log(`measuring ${rows.length} rows, ${samples} samples each after ${warmup} warm-up, one request at a time`);
  const results = [];
  for (const row of rows) {
    const result = await measure(row, redis);
    Object.assign(result, {
      query: row.query ?? null, page: row.page ?? null, listed: row.total ?? null, items: row.items ?? null,
    });
    results.push(result);
  }

  const concurrent = [];
  if (concurrency > 0) {
    console.log(`measuring ${concurrency} clients at once, ${concurrentRequests} requests each phase`);
    const pages = rows.filter((row) => row.group === 'list' && row.page === 1);
    const redisClients = await Promise.all(Array.from({ length: concurrency },
      () => RespClient.connect(Number(opts['redis-port']))));
    concurrent.push(await measureConcurrent(`bare Redis: ZREVRANGE ${PAGE}`, concurrency, concurrentRequests,
      (worker) => async () => {
        const reply = await redisClients[worker].command('ZREVRANGE', INBOX_ALL, 0, PAGE - 1, 'WITHSCORES');
        return reply.length === 2 * Math.min(PAGE, indexSize) ? null : 'short reply';
      }));
    concurrent.push(await measureConcurrent(`hub: the ${pages.length} lists, page 1, in turn`, concurrency,
      concurrentRequests, () => {
        const send = hubClient();
        return async (i) => {
          const row = pages[i % pages.length];
          const answer = await send(listPath(row.query));
          return answer.status === 200 ? null : `HTTP ${answer.status}`;
        };
      }));
    for (const client of redisClients) client.close();
  }
  redis.close();

  const baseline = results[0].latencyMs;
  const report = {
    benchmark: 'inbox',
    seeded: {
      messages: manifest.messages, conversations: manifest.conversations, customers: manifest.customers,
      seedSeconds: manifest.seedSeconds, largestConversation: largest.messageCount,
    },
    config: { page: PAGE, samples, warmup, concurrency, concurrentRequests, agent, goalP99Ms: GOAL_P99_MS },
    machine: { cpus: os.cpus().length, node: process.version, loadAverage: os.loadavg() },
    baselineMs: baseline,
    rows: results.map((r) => ({
      ...r,
      ratioP50: r.latencyMs.p50 && baseline.p50 ? r.latencyMs.p50 / baseline.p50 : null,
      ratioP99: r.latencyMs.p99 && baseline.p99 ? r.latencyMs.p99 / baseline.p99 : null,
    })),
    concurrent,
    slow: results.filter((r) => r.group !== 'baseline' && r.latencyMs.p99 !== null && r.latencyMs.p99 >= GOAL_P99_MS)
      .map((r) => r.name),
  };
  printReport(report);
  console.log(JSON.stringify(report));
  process.exitCode = results.some((r) => r.failures > 0 || r.latencyMs.count === 0)
    || concurrent.some((c) => c.failures > 0) ? 1 : 0;
}

// Redis commands per request in all, e.g. "126" (the breakdown is in the JSON)
function commandsText(perRequest) {
  const total = Object.values(perRequest).reduce((sum, n) => sum + n, 0);
  return total < 10 ? total.toFixed(1) : total.toFixed(0);
}

function printReport(r) {
  const ms = (v) => (v === null ? 'n/a' : v < 10 ? v.toFixed(2) : v.toFixed(1));
  const times = (v) => (v === null ? 'n/a' : `${v < 10 ? v.toFixed(1) : v.toFixed(0)}x`);
  const s = r.seeded;
  const lines = [
    '',
    `inbox benchmark: ${s.messages.toLocaleString('en')} messages in ${s.conversations.toLocaleString('en')}`
      + ` conversations of ${s.customers.toLocaleString('en')} customers (seeded in ${s.seedSeconds.toFixed(0)} s);`
      + ` page size ${r.config.page}; ${r.config.samples} samples per row after ${r.config.warmup} warm-up,`
      + ' one request at a time; times in ms; "x base" = this row / the bare ZREVRANGE; "listed" = conversations'
      + ' the list holds in all; "KB" = mean answer size; "Redis cmds" = Redis commands per request',
    `machine: ${r.machine.cpus} CPUs, node ${r.machine.node}, load average`
      + ` ${r.machine.loadAverage.map((v) => v.toFixed(2)).join(', ')} at the end`,
    '',
    `  ${'row'.padEnd(80)}${['p50', 'p99', 'max', 'p50 x base', 'p99 x base', 'listed', 'KB', 'Redis cmds'].map((h) => h.padStart(11)).join('')}`,
  ];
  for (const row of r.rows) {
    const cells = [ms(row.latencyMs.p50), ms(row.latencyMs.p99), ms(row.latencyMs.max), times(row.ratioP50),
      times(row.ratioP99), row.listed === null ? '' : String(row.listed), row.meanBytes ? (row.meanBytes / 1024).toFixed(1) : '',
      commandsText(row.redisCommandsPerRequest)];
    const flag = row.group !== 'baseline' && row.latencyMs.p99 !== null && row.latencyMs.p99 >= r.config.goalP99Ms
      ? `  <- p99 >= ${r.config.goalP99Ms} ms` : '';
    const short = row.latencyMs.count < r.config.samples ? `  (${row.latencyMs.count} samples)` : '';
    const failed = row.failures ? `  ${row.failures} FAILED: ${row.firstFailure}` : '';
    const name = row.note ? `${row.name} (${row.note})` : row.name;
    lines.push(`  ${name.padEnd(80)}${cells.map((c) => c.padStart(11)).join('')}${flag}${short}${failed}`);
  }
  if (r.concurrent.length > 0) {
    lines.push('', `${r.config.concurrency} clients at once, ${r.config.concurrentRequests} requests:`);
    for (const c of r.concurrent) {
      lines.push(`  ${c.name.padEnd(80)} p50 ${ms(c.latencyMs.p50)}  p99 ${ms(c.latencyMs.p99)}`
        + `  max ${ms(c.latencyMs.max)}  ${c.perSecond.toFixed(0)}/s${c.failures ? `  ${c.failures} FAILED: ${c.firstFailure}` : ''}`);
    }
  }
  lines.push('', r.slow.length === 0 ? `every row has p99 < ${r.config.goalP99Ms} ms`
    : `p99 >= ${r.config.goalP99Ms} ms (the goal of issue 20): ${r.slow.join('; ')}`, '');
  console.log(lines.join('\n'));
}

main().catch((err) => {
  console.error(`driver: ${err?.stack ?? err}`);
  process.exit(1);
});
