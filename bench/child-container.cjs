// One warm "Lambda container" of the scan function for the fleet bench: loads the esbuild bundle of
// src/handlers/scan.ts once (the cold start), then runs the events the parent sends over IPC one at
// a time, as Lambda runs async events in a warm execution environment. Reports each invocation's
// duration and the container's peak RSS so far (Lambda's memory limit is per environment).
const t0 = performance.now();
const { handler } = require(process.env.KT_SCAN_BUNDLE);
const coldMs = performance.now() - t0;
const rssMB = () => process.resourceUsage().maxRSS / 1024;
process.send({ ready: true, coldMs, maxRssMB: rssMB() });
process.on('message', async (m) => {
  const t = performance.now();
  let outcome = 'error';
  try {
    outcome = (await handler(m.event, {})).outcome;
  } catch (e) {
    outcome = `error: ${e.message}`;
  }
  process.send({ id: m.id, outcome, ms: performance.now() - t, endedAt: Date.now(), maxRssMB: rssMB() });
});
