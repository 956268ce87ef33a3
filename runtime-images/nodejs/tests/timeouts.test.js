'use strict';

// FUNC_TIMEOUT: 408 within timeout + 1 s, whatever the handler does, and service goes on.

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { describe, it, before, after } = require('node:test');
const { startServer, parseMetrics, tempDir } = require('./helpers');

const TIMEOUT_S = 1;
const ANSWER_WITHIN_MS = TIMEOUT_S * 1000 + 1000;

async function timed(promise) {
  const start = Date.now();
  const res = await promise;
  return { res, ms: Date.now() - start };
}

async function assertHealthyAndServing(server) {
  assert.equal((await server.request({ path: '/healthz' })).status, 200);
  const res = await server.request({ path: '/hello' });
  assert.equal(res.status, 200);
  assert.equal(res.text, 'hello world');
}

describe('timeouts', () => {
  let server;
  after(() => server?.kill());
  before(async () => {
    server = await startServer({ MOD_NAME: 'calls', FUNC_HANDLER: 'route', FUNC_TIMEOUT: String(TIMEOUT_S) });
  });

  it('a synchronous endless loop gets 408, then the server serves again', async () => {
    const { res, ms } = await timed(server.request({ path: '/hang' }));
    assert.equal(res.status, 408);
    assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
    assert.equal(res.text, 'Timeout exceeded');
    assert.ok(ms >= TIMEOUT_S * 1000 - 50, `answered after ${ms} ms`);
    assert.ok(ms < ANSWER_WITHIN_MS, `answered after ${ms} ms`);
    await assertHealthyAndServing(server);
  });

  it('an endless loop after an await gets 408, then the server serves again', async () => {
    const { res, ms } = await timed(server.request({ path: '/hang-after-await' }));
    assert.equal(res.status, 408);
    assert.ok(ms < ANSWER_WITHIN_MS, `answered after ${ms} ms`);
    await assertHealthyAndServing(server);
  });

  it('a promise that never settles gets 408 on time, then the server serves again', async () => {
    const { res, ms } = await timed(server.request({ path: '/never' }));
    assert.equal(res.status, 408);
    assert.equal(res.text, 'Timeout exceeded');
    assert.ok(ms >= TIMEOUT_S * 1000 - 50 && ms < TIMEOUT_S * 1000 + 500, `answered after ${ms} ms`);
    await assertHealthyAndServing(server);
  });

  it('calls that arrive while a loop blocks are answered once it is stopped', async () => {
    const started = server.stdout.split('hang: started').length - 1;
    const hang = server.request({ path: '/hang' });
    await server.waitForPrinted('hang: started', started + 1); // /hang blocks the loop from here on
    const others = await Promise.all(Array.from({ length: 5 }, () => server.request({ path: '/hello' })));
    assert.deepEqual(others.map((res) => res.status), [200, 200, 200, 200, 200]);
    assert.equal((await hang).status, 408);
  });

  it('two loops at once both get 408 and the server survives', async () => {
    const answers = await Promise.all([server.request({ path: '/hang' }), server.request({ path: '/hang' })]);
    assert.deepEqual(answers.map((res) => res.status), [408, 408]);
    await assertHealthyAndServing(server);
  });

  it('a call that keeps the loop busy for less than its timeout is not stopped', async () => {
    const res = await server.request({ method: 'POST', path: '/busy', body: String(TIMEOUT_S * 1000 * 0.7) });
    assert.equal(res.status, 200);
    assert.equal(res.text, 'busy done');
  });

  it('timeouts count as failures in the metrics', async () => {
    const before = parseMetrics((await server.request({ path: '/metrics' })).text);
    await server.request({ method: 'PUT', path: '/never' });
    const metrics = parseMetrics((await server.request({ path: '/metrics' })).text);
    const failures = 'function_failures_total{method="PUT"}';
    assert.equal(metrics[failures], (before[failures] ?? 0) + 1);
    assert.equal(metrics['function_duration_seconds_bucket{method="PUT",le="0.5"}'], before['function_duration_seconds_bucket{method="PUT",le="0.5"}'] ?? 0);
  });
});

describe('a short timeout', () => {
  it('an endless loop is stopped soon after the timeout, not after a fixed minimum', async (t) => {
    const server = await startServer({ MOD_NAME: 'calls', FUNC_HANDLER: 'route', FUNC_TIMEOUT: '0.2' });
    t.after(() => server.kill());
    const { res, ms } = await timed(server.request({ path: '/hang' }));
    assert.equal(res.status, 408);
    assert.ok(ms >= 150 && ms < 700, `answered after ${ms} ms`);
    await assertHealthyAndServing(server);
  });
});

describe('runaways that cannot be stopped in place end the process (the platform replaces it)', () => {
  it('an endless loop in a timer callback', async (t) => {
    const server = await startServer({ MOD_NAME: 'calls', FUNC_HANDLER: 'route', FUNC_TIMEOUT: String(TIMEOUT_S) });
    t.after(() => server.kill());
    assert.equal((await server.request({ path: '/hang-in-timer' })).text, 'timer armed');
    const exit = await Promise.race([server.exited, new Promise((resolve) => setTimeout(resolve, 6000, 'still running'))]);
    assert.notEqual(exit, 'still running');
    assert.match(server.stderr, /event loop blocked/);
  });

  it('a call blocked in native code', async (t) => {
    const fifo = path.join(tempDir(t), 'fifo');
    execFileSync('mkfifo', [fifo]);
    const server = await startServer({ MOD_NAME: 'calls', FUNC_HANDLER: 'route', FUNC_TIMEOUT: String(TIMEOUT_S) });
    t.after(() => server.kill());
    const call = server.request({ method: 'POST', path: '/block-in-native', body: fifo }).catch((error) => error);
    const exit = await Promise.race([server.exited, new Promise((resolve) => setTimeout(resolve, 6000, 'still running'))]);
    assert.deepEqual(exit, { code: null, signal: 'SIGKILL' });
    assert.match(server.stderr, /still blocked/);
    assert.ok((await call) instanceof Error, 'the blocked call gets no answer');
  });
});
