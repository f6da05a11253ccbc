// Scale-out report: puts the two phases of bench/scale/run side by side (one hub, then two hubs
// against the same Redis), as ratios two/one, with the CPU of each process and a reading of what
// limited the rate. Input: the JSON lines bench/ingest/driver.mjs printed for each phase and the
// fsync probe's. Prints a human report, then one line of JSON as the last line.
//
// node bench/scale/report.mjs --one FILE --two FILE --fsync FILE [--redis-version V]
//                             [--load-before "1 5 15"] [--load-after "1 5 15"]

import fs from 'node:fs';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    one: { type: 'string' },
    two: { type: 'string' },
    fsync: { type: 'string' },
    'redis-version': { type: 'string', default: '' },
    'load-before': { type: 'string', default: '' },
    'load-after': { type: 'string', default: '' },
  },
});
for (const name of ['one', 'two', 'fsync']) {
  if (!opts[name]) {
    console.error(`report: --${name} is required`);
    process.exit(2);
  }
}
const read = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));
const one = read(opts.one);
const two = read(opts.two);
const fsync = read(opts.fsync);

// A share of the machine at or above this counts as "all of the CPU" (100% = one core).
const SATURATED = 0.85;
// Redis runs commands on one thread; at or above this share of one core it is the bottleneck.
const REDIS_THREAD_BUSY = 80;
// Redis's main thread fsyncs the AOF itself (appendfsync always); in fsync this often, the disk is.
const REDIS_IN_FSYNC = 50;

/** CPU ms per accepted contact from the load's start until the last was visible: accept + process. */
function cpuPerContact(r) {
  const u = r.cpuUntilVisible;
  const n = r.acceptToVisibleMs.accepted;
  const ms = (name) => {
    const p = u?.processes.find((x) => x.name === name);
    return p && p.cpuPercentOfOneCore !== null && n > 0 ? (10 * p.cpuPercentOfOneCore * u.wallSeconds) / n : null;
  };
  const h1 = ms('hub 1');
  const h2 = ms('hub 2');
  return {
    seconds: u?.wallSeconds ?? null,
    hubs: h1 === null ? null : h1 + (h2 ?? 0),
    redis: ms('redis-server'),
    loadGenerator: ms('load generator (node)'),
  };
}

function phase(r) {
  const v = r.acceptToVisibleMs;
  const cpu = r.cpu ?? { processes: [], machine: null };
  const byName = Object.fromEntries(cpu.processes.map((p) => [p.name, p]));
  const ours = cpu.processes.reduce((sum, p) => sum + (p.cpuPercentOfOneCore ?? 0), 0);
  const machine = cpu.machine;
  return {
    hubs: r.hub.perHub ? r.hub.perHub.length : 1,
    acceptedPerSecond: r.hub.requestsPerSecond,
    accepted: r.hub.accepted202,
    otherResponses: r.hub.responses - r.hub.accepted202,
    connectionErrors: r.hub.errors,
    acceptLatencyMs: { p50: r.hub.latencyMs.p50, p99: r.hub.latencyMs.p99 },
    acceptToVisibleMs: { p50: v.p50, p99: v.p99, max: v.max },
    visiblePerSecond: v.visiblePerSecond,
    visibleAtLoadEndShare: v.accepted > 0 ? v.visibleAtLoadEnd / v.accepted : null,
    notVisible: v.missing,
    processedTotalPerHub: r.perHubMetricsAtEnd
      ? r.perHubMetricsAtEnd.map((m) => m.crmhub_contacts_processed_total ?? null)
      : [r.hubMetricsAtEnd.crmhub_contacts_processed_total ?? null],
    cpuMsPerContact: cpuPerContact(r),
    cpuPercentOfOneCore: {
      hub1: byName['hub 1']?.cpuPercentOfOneCore ?? null,
      hub2: byName['hub 2']?.cpuPercentOfOneCore ?? null,
      redis: byName['redis-server']?.cpuPercentOfOneCore ?? null,
      loadGenerator: byName['load generator (node)']?.cpuPercentOfOneCore ?? null,
      machine: machine?.busyPercentOfOneCore ?? null,
      otherProcesses: machine ? Math.max(0, machine.busyPercentOfOneCore - ours) : null,
      iowait: machine?.iowaitPercentOfOneCore ?? null,
    },
    runQueueWaitPercent: {
      hub1: byName['hub 1']?.runQueueWaitPercent ?? null,
      hub2: byName['hub 2']?.runQueueWaitPercent ?? null,
      redis: byName['redis-server']?.runQueueWaitPercent ?? null,
      loadGenerator: byName['load generator (node)']?.runQueueWaitPercent ?? null,
    },
    cores: machine?.cpus ?? null,
    redisMainThread: r.mainThreads?.find((t) => t.name === 'redis-server' && t.samples > 0) ?? null,
  };
}

/** What most likely held the rate down in one phase, from its CPU figures; a reading, not a proof. */
function limit(p) {
  const c = p.cpuPercentOfOneCore;
  if (c.machine === null) return { limit: 'unknown', why: 'no CPU figures (they need Linux /proc)' };
  const capacity = 100 * p.cores;
  if (c.redis !== null && c.redis >= REDIS_THREAD_BUSY) {
    return {
      limit: 'redis-cpu',
      why: `redis-server used ${c.redis.toFixed(0)}% of one core, and it runs commands on one thread`,
    };
  }
  const t = p.redisMainThread;
  if (t && t.fsyncPercent >= REDIS_IN_FSYNC) {
    return {
      limit: 'fsync',
      why: `redis-server's main thread was in fsync/fdatasync ${t.fsyncPercent.toFixed(0)}% of the samples`
        + ' (appendfsync always: every write waits for the disk)',
    };
  }
  if (c.machine >= SATURATED * capacity) {
    const hubs = (c.hub1 ?? 0) + (c.hub2 ?? 0);
    return {
      limit: 'cpu',
      why: `the machine was busy ${c.machine.toFixed(0)}% of ${capacity}%: hubs ${hubs.toFixed(0)}%, `
        + `redis-server ${(c.redis ?? 0).toFixed(0)}%, load generator ${(c.loadGenerator ?? 0).toFixed(0)}%, `
        + `other processes ${(c.otherProcesses ?? 0).toFixed(0)}%`,
    };
  }
  if (c.loadGenerator !== null && c.loadGenerator >= REDIS_THREAD_BUSY) {
    return {
      limit: 'load-generator',
      why: `the load generator (one Node thread) used ${c.loadGenerator.toFixed(0)}% of one core`,
    };
  }
  return {
    limit: 'waiting',
    why: `CPU to spare (machine ${c.machine.toFixed(0)}% of ${capacity}%, redis-server `
      + `${(c.redis ?? 0).toFixed(0)}%${t ? `, its main thread in fsync ${t.fsyncPercent.toFixed(0)}%` : ''}): `
      + 'the time goes to waiting: round trips to Redis for each contact, timers, the fsyncs',
  };
}

const p1 = phase(one);
const p2 = phase(two);
// the hubs' counters run on from phase 1 (hub 1) and include the warm-up contacts
p1.processedPerHub = p1.processedTotalPerHub;
p2.processedPerHub = p2.processedTotalPerHub.map((n, i) => (i === 0 && n !== null && p1.processedTotalPerHub[0] !== null
  ? n - p1.processedTotalPerHub[0] : n));
const ratio = (a, b) => (a === null || b === null || a === 0 ? null : b / a);
const ratios = {
  acceptedPerSecond: ratio(p1.acceptedPerSecond, p2.acceptedPerSecond),
  visiblePerSecond: ratio(p1.visiblePerSecond, p2.visiblePerSecond),
  acceptToVisibleP50: ratio(p1.acceptToVisibleMs.p50, p2.acceptToVisibleMs.p50),
  acceptToVisibleP99: ratio(p1.acceptToVisibleMs.p99, p2.acceptToVisibleMs.p99),
  acceptLatencyP50: ratio(p1.acceptLatencyMs.p50, p2.acceptLatencyMs.p50),
  acceptLatencyP99: ratio(p1.acceptLatencyMs.p99, p2.acceptLatencyMs.p99),
  hubCpuPerContact: ratio(p1.cpuMsPerContact.hubs, p2.cpuMsPerContact.hubs),
};
const limits = { one: limit(p1), two: limit(p2) };
const config = one.config;

const result = {
  benchmark: 'scale',
  config: {
    durationSeconds: config.durationSeconds,
    connections: config.connections,
    warmupSecondsPerHub: config.warmupSeconds,
    customers: config.customers,
    rate: config.rate,
    redis: { version: opts['redis-version'] || null, appendonly: true, appendfsync: 'always', save: '' },
  },
  machine: { ...one.machine, loadAverageBefore: opts['load-before'] || null, loadAverageAfter: opts['load-after'] || null },
  fsync,
  oneHub: p1,
  twoHubs: p2,
  ratioTwoToOne: ratios,
  limits,
};

const num = (v, digits = 0) => (v === null || v === undefined ? 'n/a' : v.toFixed(digits));
const ms = (v) => (v === null || v === undefined ? 'not visible' : v.toFixed(v < 10 ? 2 : 0));
const pct = (v) => (v === null || v === undefined ? '-' : `${v.toFixed(0)}%`);
const row = (name, a, b, r = '') => `  ${name.padEnd(34)}${String(a).padStart(13)}${String(b).padStart(13)}${String(r).padStart(10)}`.trimEnd();
const rate = config.rate > 0 ? `${config.rate} contacts/s offered in all` : 'as fast as answered (closed loop)';
const lines = [
  '',
  `scale benchmark: one hub, then two hubs, sharing one redis-server ${opts['redis-version']}`
    + ' (AOF, appendfsync always, no RDB snapshots)',
  `${config.durationSeconds} s per phase after ${config.warmupSeconds} s warm-up per hub, `
    + `${config.connections} connections in all, ${config.customers} customers, load: ${rate}`,
  `machine: ${one.machine.cpus} CPUs, node ${one.machine.node}, autocannon ${one.machine.autocannon}; `
    + `load average (1, 5, 15 min) ${opts['load-before'] || 'n/a'} before, ${opts['load-after'] || 'n/a'} after`,
  `fsync in the Redis data folder (${fsync.syncs} appends of 128 bytes + fdatasync, before the hubs started): `
    + `p50 ${num(fsync.p50Ms, 2)} ms, p99 ${num(fsync.p99Ms, 2)} ms, max ${num(fsync.maxMs, 1)} ms`,
  '',
  row('', 'one hub', 'two hubs', 'two/one'),
  row('202 responses / s', num(p1.acceptedPerSecond), num(p2.acceptedPerSecond), num(ratios.acceptedPerSecond, 2)),
  row('202 latency p50 (ms)', num(p1.acceptLatencyMs.p50, 1), num(p2.acceptLatencyMs.p50, 1), num(ratios.acceptLatencyP50, 2)),
  row('202 latency p99 (ms)', num(p1.acceptLatencyMs.p99, 1), num(p2.acceptLatencyMs.p99, 1), num(ratios.acceptLatencyP99, 2)),
  row('accept -> visible p50 (ms)', ms(p1.acceptToVisibleMs.p50), ms(p2.acceptToVisibleMs.p50), num(ratios.acceptToVisibleP50, 2)),
  row('accept -> visible p99 (ms)', ms(p1.acceptToVisibleMs.p99), ms(p2.acceptToVisibleMs.p99), num(ratios.acceptToVisibleP99, 2)),
  row('visible / s', num(p1.visiblePerSecond), num(p2.visiblePerSecond), num(ratios.visiblePerSecond, 2)),
  row('visible when the load stopped', pct(100 * p1.visibleAtLoadEndShare), pct(100 * p2.visibleAtLoadEndShare)),
  row('not visible after the wait', p1.notVisible, p2.notVisible),
  row('other statuses, connection errors', `${p1.otherResponses}, ${p1.connectionErrors}`, `${p2.otherResponses}, ${p2.connectionErrors}`),
  row('processed by hub 1 / hub 2 (a)', p1.processedPerHub.join(' / '), p2.processedPerHub.join(' / ')),
  '',
  '  CPU time per accepted contact (b)',
  row('  hubs (ms)', num(p1.cpuMsPerContact.hubs, 2), num(p2.cpuMsPerContact.hubs, 2), num(ratios.hubCpuPerContact, 2)),
  row('  redis-server (ms)', num(p1.cpuMsPerContact.redis, 2), num(p2.cpuMsPerContact.redis, 2)),
  row('  load generator (ms)', num(p1.cpuMsPerContact.loadGenerator, 2), num(p2.cpuMsPerContact.loadGenerator, 2)),
  '',
  '  CPU in the measured phase, 100% = one core',
  row('  hub 1', pct(p1.cpuPercentOfOneCore.hub1), pct(p2.cpuPercentOfOneCore.hub1)),
  row('  hub 2', pct(p1.cpuPercentOfOneCore.hub2), pct(p2.cpuPercentOfOneCore.hub2)),
  row('  redis-server', pct(p1.cpuPercentOfOneCore.redis), pct(p2.cpuPercentOfOneCore.redis)),
  row('  load generator (node)', pct(p1.cpuPercentOfOneCore.loadGenerator), pct(p2.cpuPercentOfOneCore.loadGenerator)),
  row('  other processes', pct(p1.cpuPercentOfOneCore.otherProcesses), pct(p2.cpuPercentOfOneCore.otherProcesses)),
  row(`  whole machine (of ${100 * (p1.cores ?? 0)}%)`, pct(p1.cpuPercentOfOneCore.machine), pct(p2.cpuPercentOfOneCore.machine)),
  row('  iowait', pct(p1.cpuPercentOfOneCore.iowait), pct(p2.cpuPercentOfOneCore.iowait)),
  '  run-queue wait (threads ready to run, no CPU free)',
  row('  hub 1', pct(p1.runQueueWaitPercent.hub1), pct(p2.runQueueWaitPercent.hub1)),
  row('  hub 2', pct(p1.runQueueWaitPercent.hub2), pct(p2.runQueueWaitPercent.hub2)),
  row('  redis-server', pct(p1.runQueueWaitPercent.redis), pct(p2.runQueueWaitPercent.redis)),
  row('  load generator (node)', pct(p1.runQueueWaitPercent.loadGenerator), pct(p2.runQueueWaitPercent.loadGenerator)),
  '  redis-server main thread, share of samples (c)',
  row('  running or ready to run', pct(p1.redisMainThread?.runningPercent), pct(p2.redisMainThread?.runningPercent)),
  row('  in fsync / fdatasync', pct(p1.redisMainThread?.fsyncPercent), pct(p2.redisMainThread?.fsyncPercent)),
  row('  waiting for requests (epoll)', pct(p1.redisMainThread?.waitingForRequestsPercent),
    pct(p2.redisMainThread?.waitingForRequestsPercent)),
  row('  other system calls', pct(p1.redisMainThread?.otherSyscallPercent), pct(p2.redisMainThread?.otherSyscallPercent)),
  '',
  'what limited the rate (read from the CPU and fsync figures):',
  `  one hub:  ${limits.one.limit}: ${limits.one.why}`,
  `  two hubs: ${limits.two.limit}: ${limits.two.why}`,
  '',
  '(a) in the phase, its warm-up included',
  '(b) CPU of the process from the start of the measured load until its last contact was visible,'
    + ' divided by the contacts accepted: accepting and processing one contact',
  '(c) /proc/PID/syscall of redis-server, read about every 3 ms during the measured load; Redis fsyncs the AOF on'
    + ' this thread, once per event-loop turn, for all the writes of that turn',
  '',
];
console.log(lines.join('\n'));
console.log(JSON.stringify(result));
