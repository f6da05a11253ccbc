// Searchable-after-accept latency of a running hub, and its rebuild on demand (bench/search/run).
// usage: node latency.mjs --port N --key KEY --contacts N [--rebuild yes|no]
// For each contact, one at a time: POST it with a word of its own, then search for that word every
// POLL_MS until it is found; the latency runs from the 202 to the first answer that has it.
import { percentile } from '../lib/numbers.mjs';

const POLL_MS = 10;
const FOUND_WITHIN_MS = 30_000;
const REBUILD_WITHIN_MS = 3_600_000;

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, value, i, all) =>
  (i % 2 === 0 ? [...pairs, [value.replace(/^--/, ''), all[i + 1]]] : pairs), []));
const base = `http://127.0.0.1:${args.port}`;
const headers = { authorization: `Bearer ${args.key}`, 'content-type': 'application/json' };
const contacts = Number(args.contacts);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const run = Date.now().toString(36);

async function call(method, path, body) {
  const response = await fetch(base + path, { method, headers, body: body && JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function searchableAfterAccept(i) {
  const word = `lat${run}x${i}`;
  const accepted = await call('POST', '/api/v1/inbound/contacts', {
    channel: 'api', externalId: `bench-search-${run}-${i}`, from: { email: `latency${i}@example.com` },
    text: `Where is my parcel ${word}? It was due on Monday.`,
  });
  if (accepted.status !== 202) throw new Error(`contact ${i}: HTTP ${accepted.status} ${JSON.stringify(accepted.body)}`);
  const started = performance.now();
  for (;;) {
    const found = await call('GET', `/api/v1/search?limit=1&q=${word}`);
    if (found.status !== 200) throw new Error(`search ${i}: HTTP ${found.status}`);
    if (found.body.items.length > 0) return performance.now() - started;
    if (performance.now() - started > FOUND_WITHIN_MS) throw new Error(`contact ${i} not found in ${FOUND_WITHIN_MS} ms`);
    await sleep(POLL_MS);
  }
}

const latencies = [];
for (let i = 0; i < contacts; i++) latencies.push(await searchableAfterAccept(i));
latencies.sort((a, b) => a - b);
if (latencies.length > 0) {
  console.log(`searchable after accept, ${contacts} contacts one at a time, searched every ${POLL_MS} ms:`
    + ` p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms,`
    + ` max ${latencies[latencies.length - 1].toFixed(0)} ms`);
}

if (args.rebuild === 'yes') {
  const before = await call('GET', '/api/v1/search/index');
  const asked = await call('POST', '/api/v1/search/index/rebuild');
  if (asked.status !== 202) throw new Error(`rebuild: HTTP ${asked.status} ${JSON.stringify(asked.body)}`);
  const started = performance.now();
  let state;
  const searchTimes = [];
  for (;;) {
    state = (await call('GET', '/api/v1/search/index')).body;
    if (state.generation >= asked.body.requestedGeneration && !state.rebuilding) break;
    if (performance.now() - started > REBUILD_WITHIN_MS) throw new Error('the rebuild did not finish');
    // searches go on during the rebuild: time one a second
    const searchStarted = performance.now();
    const found = await call('GET', '/api/v1/search?limit=25&q=refund');
    if (found.status !== 200) throw new Error(`search during the rebuild: HTTP ${found.status}`);
    searchTimes.push(performance.now() - searchStarted);
    await sleep(1000);
  }
  searchTimes.sort((a, b) => a - b);
  console.log(`rebuild on demand in the running hub: ${state.documents} messages (${before.body.documents} before),`
    + ` ${(state.lastRebuild.durationMs / 1000).toFixed(1)} s by the hub's own count;`
    + ` ${searchTimes.length} searches during it: p50 ${percentile(searchTimes, 50)?.toFixed(0)} ms,`
    + ` max ${searchTimes[searchTimes.length - 1]?.toFixed(0)} ms`);
}
