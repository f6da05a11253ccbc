// How long one small append + fdatasync takes in a folder: what every Redis write costs with
// appendonly yes and appendfsync always (Redis appends to the AOF, then fdatasyncs it, once per
// event-loop turn). Started by bench/scale/run before the hubs start; see bench/README.md.
//
// node bench/scale/fsync-probe.mjs DIR [--count N] [--seconds S]
// At most N syncs (default 200) and at most S seconds (default 3); prints one line of JSON:
// {"syncs":N,"seconds":S,"p50Ms":..,"p99Ms":..,"maxMs":..}. The probe file is deleted again.

import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    count: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '3' },
  },
});
const count = Number(opts.count);
const seconds = Number(opts.seconds);
if (positionals.length !== 1 || !(count >= 1 && count <= 10_000) || !(seconds > 0 && seconds <= 30)) {
  console.error('usage: node bench/scale/fsync-probe.mjs DIR [--count 1..10000] [--seconds 0..30]');
  process.exit(2);
}

const file = path.join(positionals[0], `fsync-probe-${process.pid}`);
const record = Buffer.from('*3\r\n$4\r\nXADD\r\n$16\r\ncrm:{in:0}:stream\r\n$48\r\n'.padEnd(128, 'x'));
const times = [];
const fd = fs.openSync(file, 'a');
try {
  const start = performance.now();
  while (times.length < count && performance.now() - start < seconds * 1000) {
    fs.writeSync(fd, record);
    const before = performance.now();
    fs.fdatasyncSync(fd);
    times.push(performance.now() - before);
  }
} finally {
  fs.closeSync(fd);
  fs.rmSync(file, { force: true });
}
times.sort((a, b) => a - b);
const at = (p) => times[Math.min(times.length - 1, Math.max(0, Math.ceil((p / 100) * times.length) - 1))];
console.log(JSON.stringify({
  syncs: times.length,
  seconds: times.reduce((a, b) => a + b, 0) / 1000,
  p50Ms: at(50),
  p99Ms: at(99),
  maxMs: times[times.length - 1],
}));
