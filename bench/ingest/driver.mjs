// Ingest benchmark driver: the same POST /api/v1/inbound/contacts load against a bare Vert.x
// server (baseline) and then against crm-hub, plus, for the hub, the delay from a contact's 202
// to its message.created event on the SSE stream. Started by bench/ingest/run and (once per
// phase, without a baseline) by bench/scale/run; see bench/README.md.
//
// node bench/ingest/driver.mjs [--baseline URL] --hub URL [--hub URL ...] [--key KEY] [--duration S]
//                              [--connections N] [--warmup S] [--catchup S] [--rate N]
//                              [--burst N] [--bursts M] [--warmup-bursts W]
//                              [--cpu NAME=PID ...] [--syscalls NAME=PID ...] [--autocannon DIR]
//                              [--sse-clients N]
// URL is a server's origin, e.g. http://127.0.0.1:8080. The API key defaults to the environment
// variable CRMHUB_BENCH_API_KEY, so that it does not show in the process list. --autocannon is the
// node_modules folder holding autocannon (the run script installs it into a temporary folder,
// never into the repo). Prints a human report, then one line of JSON as the last line.
//
// Without --baseline only the hub phase runs. With several --hub URLs (hubs sharing one Redis)
// the connections and the --rate are split evenly over them, each hub is warmed up alone in turn,
// and the SSE stream of the first hub sees the contacts of all (events go through Redis). --cpu
// (Linux) names processes whose CPU time and run-queue wait are sampled over the measured hub
// load, besides this driver's own and the whole machine's; --syscalls NAME=PID samples where the
// main thread of a process spends that time (e.g. redis-server in fdatasync).
//
// --rate N (one hub) sends the measured load evenly and open-loop with fetch, not autocannon
// (autocannon's rate limit sends each connection's share at the start of every second); with
// several hubs it still uses autocannon's.
// --burst N replaces the measured load (not the warm-up) by M bursts (--bursts, default 20) of N
// contacts sent at once on N connections; the next burst starts when the whole burst is visible
// (hub) or answered (baseline), plus a quarter second. Accept -> visible is then the delay in a
// burst that arrives at an idle hub. One hub only. --warmup-bursts W sends W such bursts to the hub
// first, not counted: the warm-up's repeats are answered as duplicates and never filed, so without
// them the first measured bursts also pay for compiling the filing path.
// --sse-clients N opens N more SSE streams on the first hub (as N open inboxes would), which only
// count what they receive, so what each stream costs the hub shows in its CPU per contact.

import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { SAMPLE_TEXTS } from '../lib/sample-texts.mjs';
import { generator, percentile } from '../lib/numbers.mjs';

const { values: opts } = parseArgs({
  options: {
    baseline: { type: 'string' },
    hub: { type: 'string', multiple: true, default: [] },
    key: { type: 'string', default: process.env.CRMHUB_BENCH_API_KEY },
    duration: { type: 'string', default: '15' },
    connections: { type: 'string', default: '32' },
    warmup: { type: 'string', default: '5' },
    catchup: { type: 'string', default: '60' },
    rate: { type: 'string', default: '0' },
    burst: { type: 'string', default: '0' },
    bursts: { type: 'string', default: '20' },
    'warmup-bursts': { type: 'string', default: '0' },
    'warmup-filed': { type: 'string', default: '0' },
    autocannon: { type: 'string', default: 'node_modules' },
    cpu: { type: 'string', multiple: true, default: [] },
    syscalls: { type: 'string', multiple: true, default: [] },
    'sse-clients': { type: 'string', default: '0' },
  },
});

if (opts.hub.length === 0) fail('--hub is required');
const sseClients = Number(opts['sse-clients']);
if (!Number.isInteger(sseClients) || sseClients < 0 || sseClients > 500) fail('--sse-clients is a whole number up to 500');
if (!opts.key) fail('--key is required');
const hubs = opts.hub;
const duration = positiveNumber('duration', opts.duration);
const connections = Math.trunc(positiveNumber('connections', opts.connections));
const warmup = nonNegativeNumber('warmup', opts.warmup);
const catchupSeconds = nonNegativeNumber('catchup', opts.catchup);
// 0: as fast as the connections go (throughput); N: a fixed offered load (latency at that load)
const rate = Math.trunc(nonNegativeNumber('rate', opts.rate));
const burst = Math.trunc(nonNegativeNumber('burst', opts.burst));
const burstCount = Math.trunc(positiveNumber('bursts', opts.bursts));
const warmupBursts = Math.trunc(nonNegativeNumber('warmup-bursts', opts['warmup-bursts']));
if (burst > 512) fail('--burst is at most 512');
if (burstCount > 1000) fail('--bursts is at most 1000');
if (warmupBursts > 1000) fail('--warmup-bursts is at most 1000');
if (warmupBursts > 0 && burst === 0) fail('--warmup-bursts needs --burst');
const warmupFiled = nonNegativeNumber('warmup-filed', opts['warmup-filed']);
if (warmupFiled > 600) fail('--warmup-filed is at most 600 seconds');
if (warmupFiled > 0 && !(rate > 0 && hubs.length === 1)) fail('--warmup-filed needs --rate and one hub');
if (burst > 0 && rate > 0) fail('--burst and --rate exclude each other');
if (burst > 0 && hubs.length > 1) fail('--burst measures one hub');
if (duration > 600) fail('--duration is at most 600 seconds');
if (connections > 1024) fail('--connections is at most 1024');
if (connections < hubs.length) fail(`--connections must be at least the number of hubs (${hubs.length})`);
if (rate > 0 && rate < hubs.length) fail(`--rate must be 0 or at least the number of hubs (${hubs.length})`);
const namedPid = (option) => (spec) => {
  const match = /^([^=]+)=([0-9]+)$/.exec(spec);
  if (!match) fail(`--${option} must be NAME=PID, got '${spec}'`);
  return { name: match[1], pid: Number(match[2]) };
};
const cpuTargets = opts.cpu.map(namedPid('cpu'));
const syscallTargets = opts.syscalls.map(namedPid('syscalls'));

const require = createRequire(path.resolve(opts.autocannon, 'autocannon', 'package.json'));
const autocannon = require('autocannon');
const autocannonVersion = require('autocannon/package.json').version;

const CONTACTS_PATH = '/api/v1/inbound/contacts';
const CUSTOMERS = 1000;
const WARMUP_IDS = 64;
const TEXTS = SAMPLE_TEXTS;
// every measured request gets its own externalId: a per-process prefix, a phase and a counter
const runTag = `${Date.now().toString(36)}-${process.pid}`;

function fail(message) {
  console.error(`driver: ${message}`);
  process.exit(2);
}

function positiveNumber(name, text) {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) fail(`--${name} must be a positive number, got '${text}'`);
  return n;
}

function nonNegativeNumber(name, text) {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) fail(`--${name} must be a number >= 0, got '${text}'`);
  return n;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Percentiles in ms; values may include Infinity for "never seen", which come out as null.
function summary(values) {
  const sorted = Float64Array.from(values).sort();
  const finite = (v) => (v === null || !Number.isFinite(v) ? null : v);
  return {
    count: sorted.length,
    p50: finite(percentile(sorted, 50)),
    p90: finite(percentile(sorted, 90)),
    p99: finite(percentile(sorted, 99)),
    max: finite(sorted.length ? sorted[sorted.length - 1] : null),
  };
}

/**
 * One autocannon run of fixed concurrency and duration. Every request body is built in
 * setupRequest (unique externalId, one of 1,000 senders); every response body is parsed in
 * onResponse, for both targets alike, and the 202's arrival time is kept by contactId.
 *
 * A warm-up run cycles through only WARMUP_IDS externalIds: the hub answers the repeats as
 * duplicates through the same HTTP, auth, validation and dedupe-script path, without queueing
 * them, so the JIT is warm but the consumer starts the measured run with an empty backlog.
 */
async function load({ url, headers, seconds, label, accepted, warm = false, conns = connections,
  offered = rate, seed = 0x5eed }) {
  let sequence = 0;
  // a deterministic choice of the 1,000 senders, so both targets and repeated runs see the same
  // mix: some write several times, so contacts thread into existing conversations and
  // occasionally race each other for the same customer
  const random = generator(seed);
  const latencies = [];
  const statuses = {};
  let duplicates = 0;
  let unparsable = 0;

  const instance = autocannon({
    url,
    connections: conns,
    duration: seconds,
    pipelining: 1,
    timeout: 10,
    ...(offered > 0 && !warm ? { overallRate: offered } : {}),
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    excludeErrorStats: true,
    requests: [{
      path: CONTACTS_PATH,
      setupRequest(request) {
        const n = sequence++;
        const customer = Math.floor(random() * CUSTOMERS);
        request.body = JSON.stringify({
          channel: 'api',
          externalId: `bench-${runTag}-${label}-${warm ? n % WARMUP_IDS : n}`,
          from: { email: `user${customer}@example.com`, name: `User ${customer}` },
          text: TEXTS[n % TEXTS.length],
        });
        return request;
      },
      onResponse(status, body) {
        const now = performance.now();
        if (status !== 202) return;
        let parsed;
        try {
          parsed = JSON.parse(body);
        } catch {
          unparsable++;
          return;
        }
        if (typeof parsed.contactId !== 'string') {
          unparsable++;
        } else if (parsed.duplicate) {
          duplicates++;
        } else if (accepted) {
          accepted.set(parsed.contactId, now);
        }
      },
    }],
  });
  instance.on('response', (client, statusCode, resBytes, responseTime) => {
    statuses[statusCode] = (statuses[statusCode] || 0) + 1;
    if (statusCode === 202) latencies.push(responseTime);
  });
  const result = await instance;

  const ok = statuses[202] || 0;
  const responses = Object.values(statuses).reduce((a, b) => a + b, 0);
  return {
    seconds: result.duration,
    requestsBuilt: sequence,
    responses,
    accepted202: ok,
    non2xx: result.non2xx,
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    duplicates,
    unparsable,
    requestsPerSecond: ok / result.duration,
    latencyMs: summary(latencies),
    latencies,
  };
}

/** Counts of one run of fetch-sent contacts, in the shape load() reports. */
function fetchTally() {
  return { latencies: [], statuses: {}, duplicates: 0, unparsable: 0, errors: 0, sequence: 0 };
}

/**
 * Sends contact number n (the same bodies and senders as load()) with Node's fetch, which keeps
 * connections alive and opens as many to one origin as are in flight; returns its contactId once
 * accepted (not a duplicate), else null.
 */
async function sendContact({ url, headers, label, random, tally, accepted }) {
  const n = tally.sequence++;
  const customer = Math.floor(random() * CUSTOMERS);
  const body = JSON.stringify({
    channel: 'api',
    externalId: `bench-${runTag}-${label}-${n}`,
    from: { email: `user${customer}@example.com`, name: `User ${customer}` },
    text: TEXTS[n % TEXTS.length],
  });
  const sent = performance.now();
  try {
    const res = await fetch(`${url}${CONTACTS_PATH}`, {
      method: 'POST', body, signal: AbortSignal.timeout(10_000),
      headers: { 'content-type': 'application/json', ...headers },
    });
    const text = await res.text();
    const now = performance.now();
    tally.statuses[res.status] = (tally.statuses[res.status] || 0) + 1;
    if (res.status !== 202) return null;
    tally.latencies.push(now - sent);
    const parsed = JSON.parse(text);
    if (typeof parsed.contactId !== 'string') {
      tally.unparsable++;
    } else if (parsed.duplicate) {
      tally.duplicates++;
    } else {
      accepted?.set(parsed.contactId, now);
      return parsed.contactId;
    }
  } catch (err) {
    if (err instanceof SyntaxError) tally.unparsable++;
    else tally.errors++;
  }
  return null;
}

function tallyResult(tally, seconds) {
  const ok = tally.statuses[202] || 0;
  const responses = Object.values(tally.statuses).reduce((a, b) => a + b, 0);
  return {
    seconds,
    requestsBuilt: tally.sequence,
    responses,
    accepted202: ok,
    non2xx: responses - ok,
    statuses: tally.statuses,
    errors: tally.errors,
    timeouts: 0,
    duplicates: tally.duplicates,
    unparsable: tally.unparsable,
    requestsPerSecond: ok / seconds,
    latencyMs: summary(tally.latencies),
    latencies: tally.latencies,
  };
}

/**
 * --burst: bursts of `size` contacts sent at once; a burst is over when every 202'd contact is in
 * `visible` (or, without `visible`, when every request is answered), then a quarter-second pause.
 */
async function bursts({ url, headers, label, accepted, visible, size = burst, count = burstCount, seed = 0x5eed }) {
  const random = generator(seed);
  const tally = fetchTally();
  const started = performance.now();
  for (let round = 0; round < count; round++) {
    const ids = await Promise.all(Array.from({ length: size },
      () => sendContact({ url, headers, label, random, tally, accepted })));
    const mine = ids.filter((id) => id !== null);
    if (visible) await waitFor(() => countSeen(mine, visible) >= mine.length, 10);
    await sleep(250);
  }
  return tallyResult(tally, (performance.now() - started) / 1000);
}

/**
 * --rate: an even, open-loop load: request i is sent at start + i / rate seconds whether or not
 * earlier ones were answered (autocannon's own rate limit lets each connection send its share at the
 * start of every second, so its "50/s" arrives as one burst of 50 a second).
 */
async function paced({ url, headers, seconds, label, accepted, offered = rate, seed = 0x5eed }) {
  const random = generator(seed);
  const tally = fetchTally();
  const started = performance.now();
  const total = Math.round(offered * seconds);
  const inFlight = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / offered;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    inFlight.push(sendContact({ url, headers, label, random, tally, accepted }));
  }
  await Promise.all(inFlight);
  return tallyResult(tally, (performance.now() - started) / 1000);
}

/** n as evenly as possible in `parts` whole shares, the larger ones first. */
function split(n, parts) {
  return Array.from({ length: parts }, (_, i) => Math.floor(n / parts) + (i < n % parts ? 1 : 0));
}

/**
 * The same load as {@link load}, split over several servers at once: each gets its share of the
 * connections and of the rate, its own externalIds (label + index) and its own customer sequence,
 * and all run in this one Node thread, like a single autocannon with all the connections. The
 * results are added up; the rate is the 202s of all over the longest run time. With one URL it is
 * exactly {@link load}.
 */
async function loadAll({ urls, label, ...rest }) {
  const strip = ({ latencies, ...result }) => result;
  if (urls.length === 1) return strip(await load({ url: urls[0], label, ...rest }));
  const conns = split(connections, urls.length);
  const rates = split(rate, urls.length);
  const parts = await Promise.all(urls.map((url, i) => load({
    url, label: `${label}${i}`, conns: conns[i], offered: rates[i], seed: 0x5eed + i, ...rest,
  })));
  const sum = (key) => parts.reduce((total, part) => total + part[key], 0);
  const statuses = {};
  for (const part of parts) {
    for (const [code, n] of Object.entries(part.statuses)) statuses[code] = (statuses[code] || 0) + n;
  }
  const seconds = Math.max(...parts.map((part) => part.seconds));
  return {
    seconds,
    requestsBuilt: sum('requestsBuilt'),
    responses: sum('responses'),
    accepted202: sum('accepted202'),
    non2xx: sum('non2xx'),
    statuses,
    errors: sum('errors'),
    timeouts: sum('timeouts'),
    duplicates: sum('duplicates'),
    unparsable: sum('unparsable'),
    requestsPerSecond: sum('accepted202') / seconds,
    latencyMs: summary(parts.flatMap((part) => part.latencies)),
    perHub: parts.map((part, i) => ({ url: urls[i], connections: conns[i], rate: rates[i], ...strip(part) })),
  };
}

/**
 * CPU time (user + system, all threads) and time spent waiting for a CPU in the run queue (summed
 * over the threads alive at each sample) of the --cpu processes and of this driver, and the
 * machine's busy and iowait share, between two snapshots. Linux only (/proc); elsewhere null.
 */
const CLOCK_TICKS = 100; // USER_HZ, 100 on every common Linux build

function readProcess(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuTicks = Number(fields[11]) + Number(fields[12]); // utime, stime: fields 14 and 15
    let waitNs = 0;
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      try {
        waitNs += Number(fs.readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[1]);
      } catch {
        // the thread ended between listing and reading
      }
    }
    return { cpuTicks, waitNs };
  } catch {
    return null;
  }
}

function readMachine() {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const total = line.slice(0, 8).reduce((a, b) => a + b, 0); // user .. steal
    return { total, idle: line[3], iowait: line[4] };
  } catch {
    return null;
  }
}

/**
 * Where a process's main thread spends its time, sampled every few ms from /proc/PID/syscall
 * during the measured load: on a CPU (or ready to run), in fsync/fdatasync, waiting in epoll for
 * requests, or in another system call. For redis-server with appendfsync always, whose main
 * thread fsyncs the AOF itself, this shows how much of its time goes to the disk. Linux on x86-64
 * or arm64 only (system call numbers); elsewhere, or without access, the counts stay empty.
 */
const SYSCALL_KINDS = {
  x64: { 74: 'fsync', 75: 'fsync', 232: 'epoll', 281: 'epoll', 441: 'epoll' },
  arm64: { 82: 'fsync', 83: 'fsync', 22: 'epoll', 441: 'epoll' },
}[process.arch];

function sampleSyscalls(targets, everyMs = 3) {
  const counts = targets.map(() => ({ samples: 0, running: 0, fsync: 0, epoll: 0, other: 0 }));
  const timer = SYSCALL_KINDS && targets.length ? setInterval(() => {
    targets.forEach((t, i) => {
      let text;
      try {
        text = fs.readFileSync(`/proc/${t.pid}/syscall`, 'utf8');
      } catch {
        return;
      }
      const c = counts[i];
      c.samples++;
      const first = text.split(' ')[0].trim();
      if (first === 'running') c.running++;
      else c[SYSCALL_KINDS[first] ?? 'other']++;
    });
  }, everyMs) : null;
  return () => {
    if (timer) clearInterval(timer);
    return targets.map((t, i) => {
      const c = counts[i];
      const share = (n) => (c.samples > 0 ? (100 * n) / c.samples : null);
      return {
        name: t.name,
        pid: t.pid,
        samples: c.samples,
        runningPercent: share(c.running),
        fsyncPercent: share(c.fsync),
        waitingForRequestsPercent: share(c.epoll),
        otherSyscallPercent: share(c.other),
      };
    });
  };
}

function cpuSnapshot(targets) {
  return {
    at: performance.now(),
    machine: readMachine(),
    processes: [...targets, { name: 'load generator (node)', pid: process.pid }]
      .map((t) => ({ ...t, sample: readProcess(t.pid) })),
  };
}

function cpuUse(before, after) {
  const wallSeconds = (after.at - before.at) / 1000;
  const processes = before.processes.map((b, i) => {
    const a = after.processes[i].sample;
    const ok = b.sample && a && wallSeconds > 0;
    return {
      name: b.name,
      pid: b.pid,
      cpuPercentOfOneCore: ok ? (100 * (a.cpuTicks - b.sample.cpuTicks)) / CLOCK_TICKS / wallSeconds : null,
      runQueueWaitPercent: ok ? (100 * (a.waitNs - b.sample.waitNs)) / 1e9 / wallSeconds : null,
    };
  });
  const m0 = before.machine;
  const m1 = after.machine;
  const total = m0 && m1 ? m1.total - m0.total : 0;
  const cpus = os.cpus().length;
  return {
    wallSeconds,
    processes,
    machine: total > 0 ? {
      cpus,
      busyPercentOfOneCore: (100 * cpus * (total - (m1.idle - m0.idle) - (m1.iowait - m0.iowait))) / total,
      iowaitPercentOfOneCore: (100 * cpus * (m1.iowait - m0.iowait)) / total,
    } : null,
  };
}

/** What both readers of GET /api/v1/events give: their state, their first connection, and a close. */
function streamHandle(state, connected, abort, done) {
  return {
    state,
    connected,
    async close() {
      abort.abort();
      await done.catch(() => {});
    },
  };
}

/**
 * Opens GET /api/v1/events and only counts the frames it receives (blank-line separated), as an
 * open inbox that keeps up would; no reconnects: a stream that ends is counted as dropped.
 */
function listenEvents(origin, key) {
  const state = { connected: false, frames: 0, ended: false };
  const abort = new AbortController();
  let resolveConnected;
  const connected = new Promise((resolve) => { resolveConnected = resolve; });
  const run = async () => {
    try {
      const res = await fetch(`${origin}/api/v1/events`, {
        headers: { authorization: `Bearer ${key}`, accept: 'text/event-stream' }, signal: abort.signal,
      });
      if (res.status !== 200) throw new Error(`GET /api/v1/events answered ${res.status}`);
      state.connected = true;
      resolveConnected();
      const reader = res.body.getReader();
      let previous = 0;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        for (const byte of value) {
          if (byte === 10 && previous === 10) state.frames++;
          previous = byte;
        }
      }
    } catch {
      // aborted at the end, or refused: either way not connected any more
    }
    if (!abort.signal.aborted) state.ended = true;
    resolveConnected();
  };
  return streamHandle(state, connected, abort, run());
}

/**
 * Follows GET /api/v1/events and records when each message.created arrives, by contact id.
 * Reconnects with Last-Event-ID if the stream drops (at most 5 times).
 */
function followEvents(origin, key) {
  const visible = new Map();
  const state = { visible, connected: false, reconnects: 0, failure: null, events: 0 };
  const abort = new AbortController();
  let lastEventId = null;
  let resolveConnected;
  const connected = new Promise((resolve) => { resolveConnected = resolve; });

  const handleBlock = (block) => {
    let event = 'message';
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('id:')) lastEventId = line.slice(3).trim();
      else if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data += line.slice(5).trimStart();
    }
    if (data) state.events++;
    if (event !== 'message.created' || !data) return;
    const now = performance.now();
    try {
      const id = JSON.parse(data)?.data?.message?.id;
      if (typeof id === 'string' && !visible.has(id)) visible.set(id, now);
    } catch {
      // a malformed event is not a visible contact
    }
  };

  const run = async () => {
    for (let attempt = 0; attempt <= 5 && !abort.signal.aborted; attempt++) {
      try {
        const headers = { authorization: `Bearer ${key}`, accept: 'text/event-stream' };
        if (lastEventId) headers['last-event-id'] = lastEventId;
        const res = await fetch(`${origin}/api/v1/events`, { headers, signal: abort.signal });
        if (res.status !== 200) throw new Error(`GET /api/v1/events answered ${res.status}`);
        state.connected = true;
        resolveConnected();
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            handleBlock(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        }
      } catch (err) {
        if (abort.signal.aborted) return;
        state.failure = String(err?.cause ?? err);
      }
      if (abort.signal.aborted) return;
      state.reconnects++;
      await sleep(200);
    }
    resolveConnected();
  };
  return streamHandle(state, connected, abort, run());
}

async function waitFor(predicate, seconds) {
  const start = performance.now();
  const deadline = start + seconds * 1000;
  while (!predicate() && performance.now() < deadline) await sleep(100);
  return (performance.now() - start) / 1000;
}

async function hubMetrics(origin) {
  try {
    const res = await fetch(`${origin}/metrics`, { signal: AbortSignal.timeout(5000) });
    const text = await res.text();
    const metrics = {};
    for (const line of text.split('\n')) {
      const match = /^(crmhub_[a-z_]+)\s+(\S+)$/.exec(line);
      if (match) metrics[match[1]] = Number(match[2]);
    }
    return metrics;
  } catch {
    return {};
  }
}

/** The hubs' /metrics together: counters added up, the backlog (shared, in Redis) the largest seen. */
function combineMetrics(list) {
  if (list.length === 1) return list[0];
  const combined = {};
  for (const metrics of list) {
    for (const [name, value] of Object.entries(metrics)) {
      combined[name] = name === 'crmhub_ingest_backlog'
        ? Math.max(combined[name] ?? value, value)
        : (combined[name] ?? 0) + value;
    }
  }
  return combined;
}

async function allHubMetrics() {
  return combineMetrics(await Promise.all(hubs.map(hubMetrics)));
}

function countSeen(ids, visible) {
  let seen = 0;
  for (const id of ids) if (visible.has(id)) seen++;
  return seen;
}

async function main() {
  const auth = { authorization: `Bearer ${opts.key}` };

  // 1. baseline (bench/ingest), if any
  let baseline = null;
  if (opts.baseline) {
    if (warmup > 0) await loadAll({ urls: [opts.baseline], headers: auth, seconds: warmup, label: 'bw', warm: true });
    baseline = burst > 0 ? await bursts({ url: opts.baseline, headers: auth, label: 'b' })
      : rate > 0 && hubs.length === 1 ? await paced({ url: opts.baseline, headers: auth, seconds: duration, label: 'b' })
        : await loadAll({ urls: [opts.baseline], headers: auth, seconds: duration, label: 'b' });
  }

  // 2. hub(s), with the SSE stream (of the first hub) open before any contact is sent
  const events = followEvents(hubs[0], opts.key);
  const visible = events.state.visible;
  await Promise.race([events.connected, sleep(10_000)]);
  if (!events.state.connected) {
    await events.close();
    console.error(`driver: could not open the SSE stream: ${events.state.failure ?? 'no answer within 10 s'}`);
    process.exit(1);
  }
  const listeners = Array.from({ length: sseClients }, () => listenEvents(hubs[0], opts.key));
  await Promise.race([Promise.all(listeners.map((l) => l.connected)), sleep(10_000)]);
  if (listeners.some((l) => !l.state.connected)) {
    await Promise.all([events.close(), ...listeners.map((l) => l.close())]);
    console.error(`driver: could not open ${sseClients} more SSE streams`);
    process.exit(1);
  }
  let warmupDrainSeconds = null;
  let warmupPending = 0;
  if (warmup > 0) {
    const warm = new Map();
    // each hub alone in turn, with all connections, so one started later is as warm as the first
    for (const [i, url] of hubs.entries()) {
      const label = hubs.length === 1 ? 'hw' : `hw${i}`;
      await loadAll({ urls: [url], headers: auth, seconds: warmup, label, accepted: warm, warm: true });
    }
    // the few first-time warm-up contacts are queued; let the consumer finish them first
    warmupDrainSeconds = await waitFor(() => countSeen(warm.keys(), visible) >= warm.size, 30);
    warmupPending = warm.size - countSeen(warm.keys(), visible);
  }
  if (warmupBursts > 0) {
    // bursts like the measured ones, not counted: they warm the filing path too, which the
    // warm-up above (repeats answered as duplicates) leaves cold
    await bursts({ url: hubs[0], headers: auth, label: 'hwb', accepted: new Map(), visible, count: warmupBursts,
      seed: 0xb0057 });
  }
  let warmupFiledPending = null;
  if (warmupFiled > 0) {
    // the measured load itself, not counted, so the filing path is as warm as the accepting one;
    // the measured run starts once these are all visible (or the wait ends)
    const warmFiled = new Map();
    await paced({ url: hubs[0], headers: auth, seconds: warmupFiled, label: 'hwf', accepted: warmFiled, seed: 0xf11ed });
    await waitFor(() => countSeen(warmFiled.keys(), visible) >= warmFiled.size, 30);
    warmupFiledPending = warmFiled.size - countSeen(warmFiled.keys(), visible);
  }
  const accepted = new Map();
  const cpuBefore = cpuTargets.length ? cpuSnapshot(cpuTargets) : null;
  const stopSampling = sampleSyscalls(syscallTargets);
  const loadStart = performance.now();
  const hub = burst > 0 ? await bursts({ url: hubs[0], headers: auth, label: 'h', accepted, visible })
    : rate > 0 && hubs.length === 1 ? await paced({ url: hubs[0], headers: auth, seconds: duration, label: 'h', accepted })
      : await loadAll({ urls: hubs, headers: auth, seconds: duration, label: 'h', accepted });
  const loadEnd = performance.now();
  const mainThreads = stopSampling();
  const cpu = cpuBefore ? cpuUse(cpuBefore, cpuSnapshot(cpuTargets)) : null;
  const visibleAtLoadEnd = countSeen(accepted.keys(), visible);
  const metricsAtLoadEnd = await allHubMetrics();
  const waited = await waitFor(() => countSeen(accepted.keys(), visible) >= accepted.size, catchupSeconds);
  // from the load's start until the last contact was visible (or the wait ended): all the work
  const cpuUntilVisible = cpuBefore ? cpuUse(cpuBefore, cpuSnapshot(cpuTargets)) : null;
  await Promise.all([events.close(), ...listeners.map((l) => l.close())]);
  const metricsPerHub = await Promise.all(hubs.map(hubMetrics));
  const metrics = combineMetrics(metricsPerHub);

  // contacts never seen count as "later than the wait": they sort last, so a percentile that
  // lands on them is reported as null / "not visible", never as a made-up number
  const delays = [];
  let seen = 0;
  let visibleBefore202 = 0;
  let lastVisibleAt = loadStart;
  for (const [id, acceptedAt] of accepted) {
    const seenAt = visible.get(id);
    if (seenAt === undefined) {
      delays.push(Infinity);
      continue;
    }
    seen++;
    if (seenAt < acceptedAt) visibleBefore202++;
    if (seenAt > lastVisibleAt) lastVisibleAt = seenAt;
    delays.push(seenAt - acceptedAt);
  }
  const ratio = baseline?.requestsPerSecond > 0 ? hub.requestsPerSecond / baseline.requestsPerSecond : null;
  const report = {
    benchmark: 'ingest',
    config: { durationSeconds: duration, connections, warmupSeconds: warmup, customers: CUSTOMERS, rate,
      ...(burst > 0 ? { burst, bursts: burstCount, warmupBursts } : {}),
      ...(warmupFiled > 0 ? { warmupFiledSeconds: warmupFiled } : {}),
      ...(hubs.length > 1 ? { hubs: hubs.length } : {}) },
    machine: { cpus: os.cpus().length, node: process.version, autocannon: autocannonVersion },
    baseline,
    hub,
    ratioHubToBaseline: ratio,
    acceptToVisibleMs: {
      ...summary(delays),
      accepted: accepted.size,
      visible: seen,
      missing: accepted.size - seen,
      visibleAtLoadEnd,
      visiblePerSecond: seen > 0 ? seen / ((lastVisibleAt - loadStart) / 1000) : 0,
      visibleBefore202,
      loadSeconds: (loadEnd - loadStart) / 1000,
      waitedAfterLoadSeconds: waited,
      waitLimitSeconds: catchupSeconds,
      warmupDrainSeconds,
      warmupPending,
      warmupFiledPending,
      sseEvents: events.state.events,
      sseClients: sseClients + 1,
      sseFramesPerExtraClient: sseClients > 0
        ? Math.round(listeners.reduce((sum, l) => sum + l.state.frames, 0) / sseClients) : null,
      sseExtraClientsDropped: listeners.filter((l) => l.state.ended).length,
      sseReconnects: events.state.reconnects,
      sseFailure: events.state.failure,
    },
    hubMetricsAtLoadEnd: metricsAtLoadEnd,
    hubMetricsAtEnd: metrics,
    ...(hubs.length > 1 ? { perHubMetricsAtEnd: metricsPerHub } : {}),
    ...(cpu ? { cpu, cpuUntilVisible } : {}),
    ...(syscallTargets.length ? { mainThreads } : {}),
  };
  printReport(report);
  console.log(JSON.stringify(report));
  // a run that got no 202s, or lost the SSE stream, measured nothing; a slow consumer is a result
  const broken = hub.accepted202 === 0 || baseline?.accepted202 === 0 || events.state.reconnects > 5;
  process.exitCode = broken ? 1 : 0;
}

function printReport(r) {
  const ms = (v) => (v === null || v === undefined ? 'not visible' : v < 10 ? `${v.toFixed(2)} ms` : `${v.toFixed(1)} ms`);
  const int = (v) => String(Math.round(v));
  const other = (t) => {
    const parts = Object.entries(t.statuses).filter(([code]) => code !== '202').map(([c, n]) => `${c}: ${n}`);
    return parts.length ? parts.join(', ') : 'none';
  };
  // columns: the baseline (if measured), each hub (if several), then the hub or all hubs together
  const h = r.hub;
  const columns = [
    ...(r.baseline ? [['baseline', r.baseline]] : []),
    ...(h.perHub ? h.perHub.map((part, i) => [`hub ${i + 1}`, part]) : []),
    [h.perHub ? `${h.perHub.length} hubs` : 'hub', h],
  ];
  const row = (name, cell) => `  ${name.padEnd(28)}${columns.map(([, t]) => String(cell(t)).padStart(12)).join('')}`;
  const v = r.acceptToVisibleMs;
  const m0 = r.hubMetricsAtLoadEnd;
  const m1 = r.hubMetricsAtEnd;
  const hubsAre = h.perHub ? `${h.perHub.length} hubs sharing one Redis` : null;
  const lines = [
    '',
    (r.config.burst
      ? `ingest benchmark: ${r.config.bursts} bursts of ${r.config.burst} contacts at once per target after `
        + `${r.config.warmupSeconds} s warm-up${r.config.warmupBursts ? ` and ${r.config.warmupBursts} uncounted bursts` : ''}`
        + ` on ${r.config.connections} connections, ${r.config.customers} customers`
      : `ingest benchmark: ${r.config.durationSeconds} s per target after ${r.config.warmupSeconds} s warm-up`
        + `${r.config.warmupFiledSeconds ? ` and ${r.config.warmupFiledSeconds} s of the load filed, uncounted` : ''}, `
        + `${r.config.connections} connections, ${r.config.customers} customers`)
      + (hubsAre ? `; ${hubsAre}, connections${r.config.rate ? ' and rate' : ''} split evenly` : ''),
    `machine: ${r.machine.cpus} CPUs, node ${r.machine.node}, autocannon ${r.machine.autocannon}`,
    '',
    `  ${'POST /api/v1/inbound/contacts'.padEnd(28)}${columns.map(([name]) => name.padStart(12)).join('')}`,
    row('202 responses / s', (t) => t.requestsPerSecond.toFixed(0)),
    row('202 latency p50 (ms)', (t) => t.latencyMs.p50?.toFixed(2) ?? 'n/a'),
    row('202 latency p99 (ms)', (t) => t.latencyMs.p99?.toFixed(2) ?? 'n/a'),
    row('202 latency max (ms)', (t) => t.latencyMs.max?.toFixed(1) ?? 'n/a'),
    row('202 responses', (t) => int(t.accepted202)),
    row('non-2xx responses', (t) => int(t.non2xx)),
    row('connection errors (timeouts)', (t) => `${t.errors} (${t.timeouts})`),
    row('answered duplicate:true', (t) => int(t.duplicates)),
    `  statuses other than 202: ${columns.map(([name, t]) => `${name} ${other(t)}`).join('; ')}`,
    '',
    ...(r.baseline ? [
      `ratio hub/baseline (202 responses / s): ${r.ratioHubToBaseline === null ? 'n/a' : r.ratioHubToBaseline.toFixed(3)}`,
      '',
    ] : []),
    `${h.perHub ? 'hubs' : 'hub'} accept -> visible (202 received -> its message.created received over SSE`
      + `${h.perHub ? ' from hub 1' : ''}):`,
    `  p50 ${ms(v.p50)}   p99 ${ms(v.p99)}   max ${ms(v.max)}`,
    `  accepted ${v.accepted}, visible ${v.visible}, not visible ${v.missing}`
      + ` (waited ${v.waitedAfterLoadSeconds.toFixed(1)} s of at most ${v.waitLimitSeconds} s after the load)`,
    `  visible when the load stopped: ${v.visibleAtLoadEnd} of ${v.accepted};`
      + ` visible per second from load start to the last one seen: ${v.visiblePerSecond.toFixed(0)}`,
    `  hub /metrics backlog: ${m0.crmhub_ingest_backlog ?? 'n/a'} when the load stopped,`
      + ` ${m1.crmhub_ingest_backlog ?? 'n/a'} at the end; processed in total: ${m1.crmhub_contacts_processed_total ?? 'n/a'}`
      + ` of ${m1.crmhub_contacts_accepted_total ?? 'n/a'} accepted (warm-up included)`,
    ...(r.perHubMetricsAtEnd ? [
      `  processed by each hub (warm-up included): ${r.perHubMetricsAtEnd
        .map((m, i) => `hub ${i + 1} ${m.crmhub_contacts_processed_total ?? 'n/a'}`).join(', ')}`,
    ] : []),
    ...(v.sseClients > 1 ? [`  SSE streams open: ${v.sseClients} (frames read per extra stream: ${v.sseFramesPerExtraClient};`
      + ` extra streams that ended early: ${v.sseExtraClientsDropped})`] : []),
    `  seen before its 202 arrived: ${v.visibleBefore202}; SSE events read: ${v.sseEvents};`
      + ` SSE reconnects: ${v.sseReconnects}${v.sseFailure ? ` (last failure: ${v.sseFailure})` : ''}`,
    '',
  ];
  if (v.warmupPending > 0) {
    lines.splice(lines.length - 1, 0,
      `  note: ${v.warmupPending} warm-up contacts were still not visible when the measured run started`);
  }
  if (v.warmupFiledPending > 0) {
    lines.splice(lines.length - 1, 0,
      `  note: ${v.warmupFiledPending} filed warm-up contacts were still not visible when the measured run started`);
  }
  if (r.cpu) {
    const pct = (x) => (x === null ? 'n/a' : `${x.toFixed(0)}%`);
    lines.push(`CPU during the measured ${r.cpu.wallSeconds.toFixed(1)} s (100% = one core busy;`
      + ' run-queue wait = time its threads were ready but got no CPU):');
    for (const p of r.cpu.processes) {
      lines.push(`  ${p.name.padEnd(28)}${`${pct(p.cpuPercentOfOneCore)} CPU`.padStart(10)}`
        + `${`${pct(p.runQueueWaitPercent)} run-queue wait`.padStart(22)}`);
    }
    const perContact = (p) => (p.cpuPercentOfOneCore === null || v.accepted === 0 ? 'n/a'
      : `${((10 * p.cpuPercentOfOneCore * r.cpuUntilVisible.wallSeconds) / v.accepted).toFixed(2)} ms`);
    const m = r.cpu.machine;
    lines.push(m
      ? `  ${'whole machine'.padEnd(28)}${`${pct(m.busyPercentOfOneCore)} CPU`.padStart(10)}`
        + ` of ${m.cpus * 100}%, iowait ${pct(m.iowaitPercentOfOneCore)} (other processes included)`
      : '  whole machine: n/a (no /proc/stat)', '');
    for (const t of r.mainThreads ?? []) {
      lines.push(t.samples === 0 ? `main thread of ${t.name}: not sampled (needs Linux on x86-64 or arm64)`
        : `main thread of ${t.name} (${t.samples} samples): running or ready ${pct(t.runningPercent)},`
          + ` in fsync/fdatasync ${pct(t.fsyncPercent)}, waiting for requests (epoll) ${pct(t.waitingForRequestsPercent)},`
          + ` other system calls ${pct(t.otherSyscallPercent)}`);
    }
    lines.push(`CPU time per accepted contact, from the load's start until it was visible`
      + ` (${r.cpuUntilVisible.wallSeconds.toFixed(1)} s): `
      + r.cpuUntilVisible.processes.map((p) => `${p.name} ${perContact(p)}`).join(', '), '');
  }
  console.log(lines.join('\n'));
}

main().catch((err) => {
  console.error(`driver: ${err?.stack ?? err}`);
  process.exit(1);
});
