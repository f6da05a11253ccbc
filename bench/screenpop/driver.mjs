// Measures webhook-to-screen-pop latency: a signed Twilio voice webhook goes in, and the clock
// stops when the matching `screen-pop` event arrives on the hub's SSE stream. Same-run baseline:
// a plain GET /health/live round trip to the same hub. Usage: node driver.mjs URL API_KEY TOKEN CALLS
import { createHmac, randomBytes } from 'node:crypto';

const [base, apiKey, authToken, callsArg] = process.argv.slice(2);
const calls = Math.min(Math.max(parseInt(callsArg || '50', 10), 1), 1000);
const pending = new Map();
const popMs = [];
const answerMs = [];
const healthMs = [];

function sign(url, params) {
  const data = url + Object.keys(params).sort().map((k) => k + params[k]).join('');
  return createHmac('sha1', authToken).update(data).digest('base64');
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

async function listen() {
  const response = await fetch(base + '/api/v1/events', { headers: { authorization: 'Bearer ' + apiKey } });
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (!block.includes('event: screen-pop')) continue;
        const data = JSON.parse(block.slice(block.indexOf('data: ') + 6));
        const sid = data.data.call.callSid;
        const started = pending.get(sid);
        if (started !== undefined) {
          popMs.push(performance.now() - started.at);
          started.resolve();
          pending.delete(sid);
        }
      }
    }
  })();
}

async function call(i) {
  const sid = 'CA' + randomBytes(16).toString('hex');
  const params = { CallSid: sid, From: '+4930' + (5000000 + i), To: '+4930111222', CallStatus: 'ringing' };
  const url = base + '/webhooks/twilio/voice';
  const popped = new Promise((resolve) => pending.set(sid, { at: performance.now(), resolve }));
  const started = performance.now();
  const answer = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sign(url, params) },
    body: new URLSearchParams(params).toString(),
  });
  await answer.text();
  if (answer.status !== 200) throw new Error('webhook answered ' + answer.status);
  answerMs.push(performance.now() - started);
  await Promise.race([popped, new Promise((_, reject) => setTimeout(() => reject(new Error('no screen pop in 10 s')), 10_000))]);
}

async function health() {
  const started = performance.now();
  await (await fetch(base + '/health/live')).text();
  healthMs.push(performance.now() - started);
}

await listen();
await new Promise((resolve) => setTimeout(resolve, 300));
for (let i = 0; i < 5; i++) await call(i); // warm-up, not counted
popMs.length = 0; answerMs.length = 0;
for (let i = 0; i < 50; i++) await health();
healthMs.length = 0;
for (let i = 0; i < calls; i++) {
  await health();
  await call(1000 + i);
}
const report = {
  calls,
  screenPopMs: { p50: percentile(popMs, 50), p95: percentile(popMs, 95), max: Math.max(...popMs) },
  twimlAnswerMs: { p50: percentile(answerMs, 50), p95: percentile(answerMs, 95) },
  baselineHealthRoundTripMs: { p50: percentile(healthMs, 50), p95: percentile(healthMs, 95) },
};
report.ratioPopToBaselineP50 = report.screenPopMs.p50 / report.baselineHealthRoundTripMs.p50;
const f = (x) => x.toFixed(1);
console.log(`screen pop after a signed Twilio voice webhook, ${calls} calls one at a time (after 5 warm-up calls)`);
console.log(`  webhook sent -> screen-pop on SSE   p50 ${f(report.screenPopMs.p50)} ms   p95 ${f(report.screenPopMs.p95)} ms   max ${f(report.screenPopMs.max)} ms`);
console.log(`  webhook sent -> TwiML answer        p50 ${f(report.twimlAnswerMs.p50)} ms   p95 ${f(report.twimlAnswerMs.p95)} ms`);
console.log(`  baseline GET /health/live           p50 ${f(report.baselineHealthRoundTripMs.p50)} ms   p95 ${f(report.baselineHealthRoundTripMs.p95)} ms`);
console.log(`  ratio screen pop / baseline (p50)   ${f(report.ratioPopToBaselineP50)}`);
console.log(JSON.stringify(report));
process.exit(0);
