// Webhooks benchmark report: reads what bench/webhooks/run collected in its temporary folder and
// prints the human report, then the whole result as one line of JSON (the last line). See
// bench/README.md.
//
// node bench/webhooks/report.mjs --dir DIR
// DIR holds config.json, contacts.json, parked.json, replay-R.json and hub-stats-R.json for each
// hub round R, baseline.json, attempts.json and metrics.txt (a missing one counts as empty).
// Exit code 0 when the hub and the baseline delivered every event in every round, 1 otherwise.

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import path from 'node:path';
import os from 'node:os';
import { percentile } from '../lib/numbers.mjs';

const { values: opts } = parseArgs({ options: { dir: { type: 'string' } } });
if (!opts.dir) {
  console.error('report: --dir is required');
  process.exit(2);
}

function read(name, fallback) {
  try {
    const text = readFileSync(path.join(opts.dir, name), 'utf8');
    return name.endsWith('.json') ? JSON.parse(text) : text;
  } catch {
    return fallback;
  }
}

const config = read('config.json', {});
const contacts = read('contacts.json', {});
const parked = read('parked.json', {});
const baseline = read('baseline.json', {});
const attempts = read('attempts.json', {}).items ?? [];
const metricsText = read('metrics.txt', '');
const events = config.events;
const rounds = config.rounds;

/**
 * One measured delivery of all events, from the moment the sender was told to start (replay
 * request sent / the baseline's first request) to the receiver's last 2xx answer. A rate only
 * when every event arrived: a partial round has none.
 */
function delivery(stats = {}, startedAtMs = null) {
  const delivered = stats.okIds ?? 0;
  const complete = delivered >= events && stats.lastOkAtMs != null && startedAtMs != null;
  const ms = complete ? stats.lastOkAtMs - startedAtMs : null;
  return {
    complete,
    eventsPerSecond: complete && ms > 0 ? events / (ms / 1000) : null,
    elapsedMs: ms,
    // the delivery rate once it runs: without the time to the first 2xx
    firstToLastPerSecond: complete && stats.lastOkAtMs > stats.firstOkAtMs
      ? (events - 1) / ((stats.lastOkAtMs - stats.firstOkAtMs) / 1000) : null,
    delivered,
    requests2xx: stats.ok ?? 0,
    duplicates: stats.okDuplicates ?? 0,
    firstArrivalAfterMs: stats.firstOkAtMs != null && startedAtMs != null ? stats.firstOkAtMs - startedAtMs : null,
    connections: stats.hookConnections ?? null,
    idleGaps: stats.idleGaps ?? null,
    idleGapMs: stats.idleGapMs ?? null,
    idleGapThresholdMs: stats.idleGapThresholdMs ?? 50,
    receiverCpuMs: stats.cpuMsFirstToLastOk ?? null,
    okPer100ms: stats.okPer100ms ?? [],
  };
}

/** The median round by rate; incomplete rounds count as the slowest; the lower middle for an even count. */
function median(list) {
  const ranked = list.map((r, i) => ({ r, i })).sort((a, b) =>
    (a.r.eventsPerSecond ?? -Infinity) - (b.r.eventsPerSecond ?? -Infinity));
  const pick = ranked[Math.floor((ranked.length - 1) / 2)];
  return pick ? { ...pick.r, round: pick.i + 1 } : delivery();
}

/**
 * The hub's own log of its newest attempts (at most 100, from the last round): the time it
 * measured from sending a request to its answer.
 */
function attemptLog(items) {
  const ok = items.filter((a) => a.status >= 200 && a.status < 300);
  const latencies = ok.map((a) => a.latencyMs).filter(Number.isFinite).sort((a, b) => a - b);
  return {
    attempts: ok.length,
    latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? null },
  };
}

const metrics = {};
for (const line of metricsText.split('\n')) {
  const match = /^(crmhub_[a-z_]+)\s+(\S+)$/.exec(line);
  if (match) metrics[match[1]] = Number(match[2]);
}

function hubRound(r) {
  const replay = read(`replay-${r}.json`, {});
  return {
    ...delivery(read(`hub-stats-${r}.json`, {}), replay.sentAtMs ?? null),
    requeued: replay.requeued ?? null,
    replayAnsweredAfterMs: replay.answeredAtMs != null ? replay.answeredAtMs - replay.sentAtMs : null,
    // CPU from the replay request to the last 2xx (ms; 10 ms resolution; Linux only)
    cpuMs: replay.cpuMs ?? {},
  };
}
const hubWarmup = hubRound(0); // round 0 warms the hub up and is not counted
const hubRounds = [];
for (let r = 1; r <= rounds; r++) hubRounds.push(hubRound(r));
const baseRounds = [];
for (let r = 0; r < rounds; r++) {
  const pass = baseline.passes?.[r] ?? {};
  baseRounds.push({
    ...delivery(pass.receiver, pass.startedAtMs ?? null),
    clientElapsedMs: pass.elapsedMs ?? null,
    cpuMs: pass.cpuMs ?? null, // the baseline JVM's CPU during the pass
    statuses: pass.statuses ?? {},
    errors: pass.errors ?? null,
    firstError: pass.firstError ?? null,
  });
}
const hub = median(hubRounds);
const base = median(baseRounds);
const ratio = hub.eventsPerSecond && base.eventsPerSecond ? hub.eventsPerSecond / base.eventsPerSecond : null;
const complete = hubRounds.every((r) => r.complete) && baseRounds.every((r) => r.complete);
const strip = ({ okPer100ms, ...rest }) => rest;
const report = {
  benchmark: 'webhooks',
  config: {
    events,
    concurrency: config.concurrency,
    rounds,
    jar: config.jar,
    revision: config.revision,
    measureLimitSeconds: config.measureSeconds,
  },
  machine: { cpus: os.cpus().length, java: config.java, node: process.version },
  hub: {
    eventsPerSecond: hub.eventsPerSecond,
    medianRound: hub.round,
    rounds: hubRounds.map(strip),
    okPer100msInMedianRound: hub.okPer100ms,
    warmupRound: strip(hubWarmup),
    attemptLog: attemptLog(attempts),
  },
  baseline: {
    eventsPerSecond: base.eventsPerSecond,
    medianRound: base.round,
    rounds: baseRounds.map(strip),
    okPer100msInMedianRound: base.okPer100ms,
    warmupMs: baseline.warmup?.elapsedMs ?? null,
    warmupPasses: baseline.warmup?.passes ?? 0,
    client: baseline.client ?? null,
  },
  ratioHubToBaseline: ratio,
  complete,
  setup: {
    contactsAccepted: contacts.accepted ?? 0,
    contactsSeconds: contacts.seconds ?? null,
    firstAttemptsAnswered503: parked.rejected ?? 0,
    firstAttemptsDistinctIds: parked.rejectedIds ?? 0,
    firstAttemptsFirstToLastMs: parked.firstRejectedAtMs != null ? parked.lastRejectedAtMs - parked.firstRejectedAtMs : null,
    parkedAfterSeconds: config.parkedAfterSeconds ?? null,
  },
  hubMetricsAtEnd: metrics,
};

const num = (v, digits = 0) => (v === null || v === undefined ? 'n/a' : Number(v).toFixed(digits));
const perEvent = (ms) => (ms === null || ms === undefined ? 'n/a' : `${Math.round((ms * 1000) / events)} µs`);
const row = (name, b, h) => `  ${name.padEnd(40)}${String(b).padStart(18)}${String(h).padStart(18)}`;
const rates = (list) => list.map((r) => num(r.eventsPerSecond)).join(', ');
function timeline(buckets) {
  if (buckets.length <= 40) return `per 100 ms: ${buckets.join(' ')}`;
  const seconds = [];
  for (let i = 0; i < buckets.length; i += 10) seconds.push(buckets.slice(i, i + 10).reduce((a, b) => a + b, 0));
  return `per second: ${seconds.join(' ')}`;
}
const log = report.hub.attemptLog;
const s = report.setup;
const lines = [
  '',
  `webhooks benchmark: ${events} message.created deliveries to a loopback receiver that answers 204 at once,`
    + ` ${rounds} round${rounds === 1 ? '' : 's'} each; baseline with at most ${config.concurrency} in flight`,
  `measuring ${config.jar}, repo at ${config.revision}; ${config.java}; ${os.cpus().length} CPUs`,
  '',
  row('delivery (median round)', 'baseline', 'hub'),
  row('events / s', num(base.eventsPerSecond), num(hub.eventsPerSecond)),
  row('start -> last 2xx (ms)', num(base.elapsedMs), num(hub.elapsedMs)),
  row('events / s from first to last 2xx', num(base.firstToLastPerSecond), num(hub.firstToLastPerSecond)),
  row('start -> first 2xx (ms)', num(base.firstArrivalAfterMs), num(hub.firstArrivalAfterMs)),
  row('distinct webhook-ids answered 2xx', `${base.delivered}/${events}`, `${hub.delivered}/${events}`),
  row('2xx requests (repeats of an id)', `${base.requests2xx} (${base.duplicates})`, `${hub.requests2xx} (${hub.duplicates})`),
  row('connections used', num(base.connections), num(hub.connections)),
  row(`pauses > ${hub.idleGapThresholdMs} ms between 2xx (total ms)`,
    `${num(base.idleGaps)} (${num(base.idleGapMs)})`, `${num(hub.idleGaps)} (${num(hub.idleGapMs)})`),
  row('CPU per event: sender (+ its Redis)', perEvent(base.cpuMs),
    `${perEvent(hub.cpuMs?.hub)} (+${perEvent(hub.cpuMs?.redis)})`),
  row('CPU per event: receiver', perEvent(base.receiverCpuMs), perEvent(hub.receiverCpuMs)),
  '',
  `ratio hub/baseline (events / s, median rounds): ${ratio === null ? 'n/a' : ratio.toFixed(3)}`,
  `events / s in each round: hub ${rates(hubRounds)} (after a warm-up round: ${num(hubWarmup.eventsPerSecond)});`
    + ` baseline ${rates(baseRounds)}`,
  '',
  `hub: start = replay request sent; it answered {"requeued":${hub.requeued}} after ${num(hub.replayAnsweredAfterMs)} ms`,
  `  2xx from the first one, ${timeline(hub.okPer100ms)}`,
  `  request -> answer as the hub's attempt log has it (newest ${log.attempts}):`
    + ` p50 ${num(log.latencyMs.p50)} ms, p99 ${num(log.latencyMs.p99)} ms, max ${num(log.latencyMs.max)} ms`,
  `baseline: start = its first request; its warm-up (${num(report.baseline.warmupPasses)} passes over all`
    + ` payloads) took ${num(report.baseline.warmupMs)} ms and is not counted`,
  `  2xx from the first one, ${timeline(base.okPer100ms)}`,
  `set-up: ${s.contactsAccepted} contacts accepted in ${num(s.contactsSeconds, 1)} s; the hub's first attempts`
    + ` answered 503: ${s.firstAttemptsAnswered503} (${s.firstAttemptsDistinctIds} webhook-ids)`
    + ` over ${num(s.firstAttemptsFirstToLastMs)} ms; all parked ${num(s.parkedAfterSeconds, 1)} s after the first contact`,
  '',
];
for (const [name, list] of [['hub', hubRounds], ['baseline', baseRounds]]) {
  list.forEach((r, i) => {
    if (!r.complete) {
      const why = r.firstError ? ` (first error: ${r.firstError})` : '';
      lines.splice(lines.length - 1, 0,
        `${name} round ${i + 1} INCOMPLETE: ${r.delivered} of ${events} delivered within the limit${why}`);
    }
  });
}
console.log(lines.join('\n'));
console.log(JSON.stringify(report));
process.exitCode = complete ? 0 : 1;
