'use strict';

// What a handler receives and how its return value becomes the response.

const assert = require('node:assert/strict');
const { describe, it, before, after } = require('node:test');
const { startServer } = require('./helpers');

const TEXT = 'text/plain; charset=utf-8';

describe('calls', () => {
  let server;
  after(() => server?.kill());
  before(async () => {
    server = await startServer({
      MOD_NAME: 'calls',
      FUNC_HANDLER: 'route',
      FUNC_TIMEOUT: '5',
      FUNC_NAME: 'my-function',
      FUNC_RUNTIME: 'nodejs20',
      FUNC_MEMORY_LIMIT: '128Mi',
      TEST_GREETING: 'hi there',
    });
  });

  describe('return values', () => {
    const cases = [
      ['/hello', 200, TEXT, 'hello world'],
      ['/json', 200, 'application/json', '{"a":1,"b":[true,null,"x"]}'],
      ['/array', 200, 'application/json', '[1,"two"]'],
      ['/number', 200, 'application/json', '42'],
      ['/boolean', 200, 'application/json', 'false'],
      ['/none', 200, undefined, ''],
      ['/null', 200, undefined, ''],
      ['/promise', 200, 'application/json', '{"later":true}'],
      ['/unknown', 200, TEXT, 'unknown path'],
    ];
    for (const [path, status, type, body] of cases) {
      it(`${path} → ${status} ${type ?? 'no type'} ${JSON.stringify(body)}`, async () => {
        const res = await server.request({ path });
        assert.equal(res.status, status);
        assert.equal(res.headers['content-type'], type);
        assert.equal(res.text, body);
        assert.equal(res.headers['content-length'], String(Buffer.byteLength(body)));
      });
    }

    it('a Buffer is sent as bytes', async () => {
      const res = await server.request({ path: '/bytes' });
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-type'], 'application/octet-stream');
      assert.deepEqual([...res.body], [0, 1, 2]);
    });
  });

  describe('errors', () => {
    it('a thrown error gives 500 "Error: <message>", the stack goes to stderr only', async () => {
      const res = await server.request({ path: '/fail' });
      assert.equal(res.status, 500);
      assert.equal(res.headers['content-type'], TEXT);
      assert.equal(res.text, 'Error: boom');
      await server.waitForOutput('stderr', /Error: boom\n\s+at /);
    });

    it('a rejected promise gives 500', async () => {
      const res = await server.request({ path: '/fail-async' });
      assert.equal(res.status, 500);
      assert.equal(res.text, 'Error: async boom');
    });

    it('a thrown non-error value gives 500 with its text', async () => {
      const res = await server.request({ path: '/throw-string' });
      assert.equal(res.status, 500);
      assert.equal(res.text, 'Error: plain string');
    });

    it('a value JSON cannot encode gives 500', async () => {
      const res = await server.request({ path: '/circular' });
      assert.equal(res.status, 500);
      assert.match(res.text, /^Error: .*circular/i);
    });

    it('the next call after an exception works', async () => {
      await server.request({ path: '/fail' });
      const res = await server.request({ path: '/hello' });
      assert.equal(res.status, 200);
      assert.equal(res.text, 'hello world');
    });
  });

  describe('request body → event.data', () => {
    it('application/json is parsed', async () => {
      const res = await server.request({
        method: 'POST',
        path: '/event',
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
        body: '{"x":[1,2]}',
      });
      const event = JSON.parse(res.text);
      assert.deepEqual(event.data, { x: [1, 2] });
      assert.equal(event.dataType, 'object');
    });

    it('a +json media type is parsed', async () => {
      const res = await server.request({
        method: 'POST',
        path: '/echo',
        headers: { 'Content-Type': 'application/cloudevents+json' },
        body: '[true, 3]',
      });
      assert.equal(res.headers['content-type'], 'application/json');
      assert.equal(res.text, '[true,3]');
    });

    it('a JSON number stays a number', async () => {
      const res = await server.request({ method: 'PUT', path: '/event', headers: { 'Content-Type': 'application/json' }, body: '7' });
      assert.equal(JSON.parse(res.text).dataType, 'number');
    });

    it('invalid JSON gives 400 without calling the handler', async () => {
      const res = await server.request({ method: 'POST', path: '/fail', headers: { 'Content-Type': 'application/json' }, body: '{not json' });
      assert.equal(res.status, 400);
      assert.equal(res.text, 'Error: invalid JSON body');
      assert.doesNotMatch(server.stderr, /POST \/fail failed/);
    });

    it('any other type is UTF-8 text', async () => {
      const res = await server.request({ method: 'POST', path: '/event', headers: { 'Content-Type': 'text/plain' }, body: 'grüße {"a":1}' });
      const event = JSON.parse(res.text);
      assert.equal(event.data, 'grüße {"a":1}');
      assert.equal(event.dataType, 'string');
    });

    it('no body is the empty string', async () => {
      const event = JSON.parse((await server.request({ path: '/event' })).text);
      assert.equal(event.data, '');
      assert.equal(event.dataType, 'string');
    });

    it('an empty application/json body is null', async () => {
      for (const type of ['application/json', 'application/cloudevents+json; charset=utf-8']) {
        const res = await server.request({ method: 'POST', path: '/event', headers: { 'Content-Type': type }, body: '' });
        assert.equal(res.status, 200, type);
        const event = JSON.parse(res.text);
        assert.equal(event.data, null, type);
        assert.equal(event.dataType, 'null', type);
      }
    });

    it('a chunked body is read whole', async () => {
      const res = await server.request({ method: 'POST', path: '/echo', headers: { 'Content-Type': 'text/plain' }, body: ['one ', 'two ', 'three'] });
      assert.equal(res.text, 'one two three');
    });

    it('a 5 MB body arrives whole', async () => {
      const body = 'x'.repeat(5 * 1024 * 1024);
      const res = await server.request({ method: 'POST', path: '/size', headers: { 'Content-Type': 'text/plain' }, body });
      assert.equal(res.status, 200);
      assert.equal(res.text, String(body.length));
    });
  });

  describe('every method calls the handler', () => {
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD']) {
      it(method, async () => {
        const res = await server.request({ method, path: '/event' });
        assert.equal(res.status, 200);
        if (method === 'HEAD') {
          assert.equal(res.text, '');
          assert.ok(Number(res.headers['content-length']) > 0);
        } else {
          assert.equal(JSON.parse(res.text).method, method);
        }
      });
    }

    it('POST /healthz and GET /_nubo/specialize are calls too', async () => {
      assert.equal((await server.request({ method: 'POST', path: '/healthz' })).text, 'unknown path');
      assert.equal((await server.request({ path: '/_nubo/specialize' })).text, 'unknown path');
    });
  });

  describe('event and context', () => {
    it('event-* headers win over ce-* headers', async () => {
      const res = await server.request({
        method: 'POST',
        path: '/event',
        headers: {
          'Content-Type': 'text/plain',
          'Event-Id': 'id-1',
          'Event-Type': 'type-1',
          'Event-Time': '2026-01-02T03:04:05Z',
          'Event-Namespace': 'ns-1',
          'Ce-Id': 'ce-id',
          'Ce-Type': 'ce-type',
          'Ce-Time': '2020-01-01T00:00:00Z',
          'Ce-Source': 'ce-source',
        },
        body: 'x',
      });
      const event = JSON.parse(res.text);
      assert.equal(event['event-id'], 'id-1');
      assert.equal(event['event-type'], 'type-1');
      assert.equal(event['event-time'], '2026-01-02T03:04:05Z');
      assert.equal(event['event-namespace'], 'ns-1');
    });

    it('ce-* headers are used when event-* are absent', async () => {
      const res = await server.request({
        method: 'POST',
        path: '/event',
        headers: { 'ce-id': 'ce-id', 'ce-type': 'dev.nubo.test', 'ce-time': '2020-01-01T00:00:00Z', 'ce-source': 'kafka.nubo.dev' },
        body: 'x',
      });
      const event = JSON.parse(res.text);
      assert.equal(event['event-id'], 'ce-id');
      assert.equal(event['event-type'], 'dev.nubo.test');
      assert.equal(event['event-time'], '2020-01-01T00:00:00Z');
      assert.equal(event['event-namespace'], 'kafka.nubo.dev');
    });

    it('without headers: a fresh UUID, the content type, the arrival time, empty namespace', async () => {
      const before = Date.now();
      const first = JSON.parse((await server.request({ method: 'POST', path: '/event', headers: { 'Content-Type': 'text/csv' }, body: 'a,b' })).text);
      const second = JSON.parse((await server.request({ path: '/event' })).text);
      assert.match(first['event-id'], /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.notEqual(first['event-id'], second['event-id']);
      assert.equal(first['event-type'], 'text/csv');
      assert.equal(second['event-type'], '');
      assert.match(first['event-time'], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
      assert.ok(Math.abs(Date.parse(first['event-time']) - before) < 5000);
      assert.equal(first['event-namespace'], '');
    });

    it('context has function name, timeout (a string), runtime and memory limit', async () => {
      const { context } = JSON.parse((await server.request({ path: '/event' })).text);
      assert.deepEqual(context, { 'function-name': 'my-function', timeout: '5', runtime: 'nodejs20', 'memory-limit': '128Mi' });
    });

    it('the function sees its environment', async () => {
      assert.equal((await server.request({ path: '/env' })).text, 'hi there');
    });
  });

  describe('extensions', () => {
    it('request: method, path, query, headers and the raw body', async () => {
      const res = await server.request({
        method: 'PATCH',
        path: '/request/sub?a=1&b=2&a=3',
        headers: { 'X-Test': 'header value', 'Content-Type': 'application/json' },
        body: '{"k":"v"}',
      });
      assert.deepEqual(JSON.parse(res.text), {
        method: 'PATCH',
        url: '/request/sub?a=1&b=2&a=3',
        path: '/request/sub',
        query: { a: ['1', '3'], b: '2' },
        header: 'header value',
        bodyIsBuffer: true,
        bodyHex: Buffer.from('{"k":"v"}').toString('hex'),
      });
    });

    it('response: what the handler streams is sent and its return value ignored', async () => {
      const res = await server.request({ path: '/stream' });
      assert.equal(res.status, 200);
      assert.equal(res.text, 'part one, part two');
    });

    it('response: a response the handler ended is left alone', async () => {
      assert.equal((await server.request({ path: '/stream-sync-end' })).text, 'ended by the handler');
    });

    it('response: Express-style status/set/json work', async () => {
      const res = await server.request({ path: '/express' });
      assert.equal(res.status, 201);
      assert.equal(res.headers['x-made-by'], 'express-style');
      assert.equal(res.headers['content-type'], 'application/json');
      assert.deepEqual(JSON.parse(res.text), { created: true });
    });

    it('response: headers and status set by the handler are kept with its return value', async () => {
      const res = await server.request({ path: '/custom-header' });
      assert.equal(res.status, 202);
      assert.equal(res.headers['x-extra'], 'yes');
      assert.equal(res.text, 'with header');
    });
  });

  it('keeps connections alive with a long idle timeout', async () => {
    const res = await server.request({ path: '/hello', headers: { Connection: 'keep-alive' } });
    assert.equal(res.headers.connection, 'keep-alive');
    assert.equal(res.headers['keep-alive'], 'timeout=65');
  });

  it('50 parallel calls are all answered', async () => {
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => server.request({ method: 'POST', path: '/slow', body: '300', headers: { 'X-N': String(i) } })),
    );
    assert.deepEqual(answers.map((res) => `${res.status} ${res.text}`), Array(50).fill('200 slow done'));
  });
});

describe('module shapes', () => {
  it('a module that exports a bare function serves it whatever FUNC_HANDLER says', async (t) => {
    const server = await startServer({ MOD_NAME: 'bare', FUNC_HANDLER: 'anything' });
    t.after(() => server.kill());
    const res = await server.request({ method: 'POST', path: '/', body: 'data' });
    assert.equal(res.text, 'bare function got data');
  });

  it('an ES module (.mjs) is imported', async (t) => {
    const server = await startServer({ MOD_NAME: 'esm', FUNC_HANDLER: 'handler' });
    t.after(() => server.kill());
    const res = await server.request({ method: 'POST', path: '/', headers: { 'Content-Type': 'application/json' }, body: '[1]' });
    assert.deepEqual(JSON.parse(res.text), { esm: true, data: [1] });
  });

  it('a module that fails to load: /healthz 503 with the reason, calls 503', async (t) => {
    const server = await startServer({ MOD_NAME: 'broken', FUNC_HANDLER: 'handler', NUBO_INSTANCE_ID: 'i-7' });
    t.after(() => server.kill());
    const health = await server.request({ path: '/healthz' });
    assert.equal(health.status, 503);
    assert.match(health.text, /^unhealthy: .*this module cannot load/);
    assert.equal(health.headers['nubo-instance'], 'i-7');
    const call = await server.request({ path: '/' });
    assert.equal(call.status, 503);
    assert.match(call.text, /^Error: .*this module cannot load/);
  });

  it('a missing handler name is a load failure', async (t) => {
    const server = await startServer({ MOD_NAME: 'calls', FUNC_HANDLER: 'noSuchHandler' });
    t.after(() => server.kill());
    const health = await server.request({ path: '/healthz' });
    assert.equal(health.status, 503);
    assert.match(health.text, /noSuchHandler/);
  });
});
