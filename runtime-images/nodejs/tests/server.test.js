'use strict';

// The server around the handler: /healthz, /metrics, the request log, body limits, shutdown.

const assert = require('node:assert/strict');
const net = require('node:net');
const { describe, it, before, after } = require('node:test');
const { startServer, parseMetrics, waitFor } = require('./helpers');

const BUCKETS = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf'];

describe('health', () => {
  it('/healthz is 200 "ok" with the instance id', async (t) => {
    const server = await startServer({ MOD_NAME: 'calls', FUNC_HANDLER: 'route', NUBO_INSTANCE_ID: 'replica-42' });
    t.after(() => server.kill());
    const res = await server.request({ path: '/healthz' });
    assert.equal(res.status, 200);
    assert.equal(res.text, 'ok');
    assert.equal(res.headers['nubo-instance'], 'replica-42');
  });

  it('without NUBO_INSTANCE_ID there is no Nubo-Instance header', async (t) => {
    const server = await startServer({ MOD_NAME: 'calls', FUNC_HANDLER: 'route' });
    t.after(() => server.kill());
    const res = await server.request({ path: '/healthz?probe=1' });
    assert.equal(res.status, 200);
    assert.equal(res.headers['nubo-instance'], undefined);
  });
});

describe('metrics and request log', () => {
  let server;
  after(() => server?.kill());
  before(async () => {
    server = await startServer({ MOD_NAME: 'calls', FUNC_HANDLER: 'route' });
  });

  it('count calls, failures and durations per method, and only handler calls', async () => {
    const empty = await server.request({ path: '/metrics' });
    assert.equal(empty.headers['content-type'], 'text/plain; version=0.0.4');
    assert.doesNotMatch(empty.text, /method=/, 'no method before any call');

    await server.request({ path: '/hello' });
    await server.request({ path: '/fail' });
    await server.request({ method: 'POST', path: '/slow', body: '30' });
    await server.request({ path: '/healthz' });
    await server.request({ method: 'POST', path: '/_nubo/specialize', body: '{}' });

    const text = (await server.request({ path: '/metrics' })).text;
    const metrics = parseMetrics(text);
    assert.equal(metrics['function_calls_total{method="GET"}'], 2);
    assert.equal(metrics['function_failures_total{method="GET"}'], 1);
    assert.equal(metrics['function_calls_total{method="POST"}'], 1);
    assert.equal(metrics['function_failures_total{method="POST"}'], 0);
    assert.equal(metrics['function_duration_seconds_count{method="GET"}'], 2);
    assert.equal(metrics['function_duration_seconds_bucket{method="GET",le="+Inf"}'], 2);
    assert.equal(metrics['function_duration_seconds_bucket{method="POST",le="0.025"}'], 0, 'the 30 ms call is not under 25 ms');
    assert.equal(metrics['function_duration_seconds_bucket{method="POST",le="0.05"}'], 1);
    assert.ok(metrics['function_duration_seconds_sum{method="POST"}'] >= 0.03);
    const postBuckets = BUCKETS.map((le) => metrics[`function_duration_seconds_bucket{method="POST",le="${le}"}`]);
    assert.deepEqual(postBuckets, [0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    assert.ok(!Object.keys(metrics).some((name) => name.includes('method="HEAD"')));
  });

  it('exposes exactly the three families of the contract', async () => {
    const text = (await server.request({ path: '/metrics' })).text;
    const families = text.split('\n').filter((line) => line.startsWith('# TYPE'));
    assert.deepEqual(families, [
      '# TYPE function_calls_total counter',
      '# TYPE function_failures_total counter',
      '# TYPE function_duration_seconds histogram',
    ]);
    assert.match(text, /^# HELP function_calls_total Number of calls to the function\.$/m);
    assert.match(text, /^# HELP function_failures_total Number of calls that failed \(status 500 or 408\)\.$/m);
    assert.match(text, /^# HELP function_duration_seconds Duration of calls to the function\.$/m);
  });

  it('does not count a request answered 400 (invalid JSON) before the handler runs', async () => {
    const before = (await server.request({ path: '/metrics' })).text;
    const res = await server.request({ method: 'POST', path: '/hello', headers: { 'Content-Type': 'application/json' }, body: '{oops' });
    assert.equal(res.status, 400);
    assert.equal((await server.request({ path: '/metrics' })).text, before);
  });

  it('counts a call before its answer: /metrics read right after each answer includes it', async () => {
    const calls = [
      ['GET', '/hello', 200],
      ['POST', '/fail', 500],
      ['PUT', '/stream', 200], // the handler ends the response itself, later
      ['PATCH', '/stream-sync-end', 200],
      ['DELETE', '/express', 201],
      ['OPTIONS', '/slow', 200],
    ];
    for (let round = 0; round < 5; round++) {
      for (const [method, path, status] of calls) {
        const key = `function_calls_total{method="${method}"}`;
        const before = parseMetrics((await server.request({ path: '/metrics' })).text)[key] ?? 0;
        assert.equal((await server.request({ method, path, body: method === 'OPTIONS' ? '5' : undefined })).status, status);
        const after = parseMetrics((await server.request({ path: '/metrics' })).text);
        assert.equal(after[key], before + 1, `${method} ${path}, round ${round}`);
        assert.equal(after[`function_duration_seconds_count{method="${method}"}`], before + 1);
      }
    }
  });

  it('HEAD is answered like GET without a body and counts as HEAD', async () => {
    const get = await server.request({ path: '/hello' });
    const res = await server.request({ method: 'HEAD', path: '/hello' });
    assert.equal(res.status, 200);
    assert.equal(res.text, '');
    assert.equal(res.headers['content-length'], get.headers['content-length']);
    assert.equal(res.headers['content-type'], get.headers['content-type']);
    const metrics = parseMetrics((await server.request({ path: '/metrics' })).text);
    assert.equal(metrics['function_calls_total{method="HEAD"}'], 1);
    assert.equal(metrics['function_duration_seconds_bucket{method="HEAD",le="+Inf"}'], 1);
  });

  it('writes one line per call to stdout, none for /healthz or /metrics', async () => {
    await server.request({ method: 'DELETE', path: '/none?secret=1' });
    await server.waitForOutput('stdout', /DELETE \/none 200/);
    const lines = server.stdout.split('\n').filter((line) => / (GET|POST|PUT|PATCH|DELETE|OPTIONS|HEAD) /.test(line));
    for (const line of lines) {
      assert.match(line, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z [A-Z]+ \/\S* \d{3} \d+ms$/);
    }
    assert.ok(lines.some((line) => / GET \/fail 500 \d+ms$/.test(line)));
    assert.ok(!lines.some((line) => /\/healthz|\/metrics/.test(line)));
    assert.ok(!lines.some((line) => line.includes('secret')), 'the query string is not logged');
  });
});

describe('body size limit', () => {
  let server;
  after(() => server?.kill());
  before(async () => {
    server = await startServer({ MOD_NAME: 'calls', FUNC_HANDLER: 'route', NUBO_MAX_BODY_BYTES: '1000' });
  });

  it('a body at the limit is accepted', async () => {
    const res = await server.request({ method: 'POST', path: '/size', body: 'a'.repeat(1000) });
    assert.equal(res.status, 200);
    assert.equal(res.text, '1000');
  });

  it('a declared body over the limit gets 413', async () => {
    const res = await server.request({ method: 'POST', path: '/size', body: 'a'.repeat(1001) });
    assert.equal(res.status, 413);
    assert.match(res.text, /^Error: request body larger than 1000 bytes/);
  });

  it('a chunked body over the limit gets 413', async () => {
    const res = await server.request({ method: 'POST', path: '/size', body: ['a'.repeat(600), 'b'.repeat(600)] });
    assert.equal(res.status, 413);
  });

  it('a 413 is not counted as a call', async () => {
    const before = (await server.request({ path: '/metrics' })).text;
    assert.equal((await server.request({ method: 'POST', path: '/size', body: 'a'.repeat(1001) })).status, 413);
    assert.equal((await server.request({ method: 'POST', path: '/size', body: ['a'.repeat(600), 'b'.repeat(600)] })).status, 413);
    assert.equal((await server.request({ path: '/metrics' })).text, before);
  });

  it('the server serves on after a 413', async () => {
    assert.equal((await server.request({ path: '/hello' })).status, 200);
  });
});

describe('shutdown on SIGTERM', () => {
  it('exits 0 at once when idle', async (t) => {
    const server = await startServer({ MOD_NAME: 'calls', FUNC_HANDLER: 'route' });
    t.after(() => server.kill());
    const start = Date.now();
    assert.deepEqual(await server.stop(), { code: 0, signal: null });
    assert.ok(Date.now() - start < 2000);
    assert.doesNotMatch(server.stderr, /debugger/i);
  });

  it('finishes the calls in flight, refuses new connections, then exits 0', async (t) => {
    const server = await startServer({ MOD_NAME: 'calls', FUNC_HANDLER: 'route' });
    t.after(() => server.kill());
    const inFlight = server.request({ method: 'POST', path: '/slow', body: '800' });
    await server.waitForPrinted('slow: started');
    server.child.kill('SIGTERM');
    await waitFor(() => connectionRefused(server.port), 5000);
    const res = await inFlight;
    assert.equal(res.status, 200);
    assert.equal(res.text, 'slow done');
    assert.deepEqual(await server.exited, { code: 0, signal: null });
  });

  it('gives up on calls after 10 s and still exits 0', async (t) => {
    const server = await startServer({ MOD_NAME: 'calls', FUNC_HANDLER: 'route', FUNC_TIMEOUT: '60' });
    t.after(() => server.kill());
    server.request({ path: '/never' }).catch(() => {});
    await server.waitForPrinted('never: started');
    const start = Date.now();
    assert.deepEqual(await server.stop(), { code: 0, signal: null });
    const took = Date.now() - start;
    assert.ok(took >= 9500 && took < 13_000, `exited after ${took} ms`);
  });
});

function connectionRefused(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}
