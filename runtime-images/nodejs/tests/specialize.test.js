'use strict';

// Warm start: a server started without a function, specialized by POST /_nubo/specialize.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { describe, it } = require('node:test');
const { FUNCTIONS_DIR, startServer, tempDir } = require('./helpers');

const TOKEN = 's3cret-token';

function specialize(server, body, token = TOKEN) {
  return server.request({
    method: 'POST',
    path: '/_nubo/specialize',
    headers: { 'Content-Type': 'application/json', 'Nubo-Specialize-Token': token },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function unspecializedServer(t, env = {}) {
  const server = await startServer({ NUBO_SPECIALIZE_TOKEN: TOKEN, KUBELESS_INSTALL_VOLUME: tempDir(t), ...env });
  t.after(() => server.kill());
  return server;
}

describe('specialize', () => {
  it('an unspecialized server is healthy, answers calls 503, and counts none', async (t) => {
    const server = await unspecializedServer(t, { NUBO_INSTANCE_ID: 'pool-1' });
    const health = await server.request({ path: '/healthz' });
    assert.equal(health.status, 200);
    assert.equal(health.headers['nubo-instance'], 'pool-1');
    const call = await server.request({ path: '/hello' });
    assert.equal(call.status, 503);
    assert.equal(call.text, 'Error: not specialized');
    assert.doesNotMatch((await server.request({ path: '/metrics' })).text, /method=/);
  });

  it('loads the function with its settings and env; a second specialize gets 409', async (t) => {
    const server = await unspecializedServer(t);
    const res = await specialize(server, {
      codeDir: FUNCTIONS_DIR,
      depsDir: tempDir(t),
      buildDir: tempDir(t),
      handler: 'calls.route',
      functionName: 'warm-fn',
      timeout: 7,
      runtime: 'nodejs20',
      memoryLimit: '256Mi',
      env: { TEST_GREETING: 'from specialize' },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(res.text), { specialized: true });

    assert.equal((await server.request({ path: '/hello' })).text, 'hello world');
    assert.equal((await server.request({ path: '/env' })).text, 'from specialize');
    assert.equal((await server.request({ path: '/cwd' })).text, FUNCTIONS_DIR);
    const { context } = JSON.parse((await server.request({ path: '/event' })).text);
    assert.deepEqual(context, { 'function-name': 'warm-fn', timeout: '7', runtime: 'nodejs20', 'memory-limit': '256Mi' });

    const again = await specialize(server, { codeDir: FUNCTIONS_DIR, handler: 'bare.handler' });
    assert.equal(again.status, 409);
    assert.equal((await server.request({ path: '/hello' })).text, 'hello world', 'still the first function');
  });

  it('sets env before the code loads; timeout defaults to FUNC_TIMEOUT, name to the module', async (t) => {
    const server = await unspecializedServer(t, { FUNC_TIMEOUT: '12' });
    const res = await specialize(server, { codeDir: FUNCTIONS_DIR, handler: 'load-env.handler', env: { TEST_GREETING: 'early' } });
    assert.equal(res.status, 200);
    assert.equal((await server.request({ path: '/' })).text, 'greeting at load: early');
  });

  it('the context of a warm function without optional fields', async (t) => {
    const server = await unspecializedServer(t, { FUNC_TIMEOUT: '12' });
    assert.equal((await specialize(server, { codeDir: FUNCTIONS_DIR, handler: 'calls.route' })).status, 200);
    const { context } = JSON.parse((await server.request({ path: '/event' })).text);
    assert.deepEqual(context, { 'function-name': 'calls', timeout: '12', runtime: '', 'memory-limit': '' });
  });

  it('a specialized server answers an endless loop with 408 and serves on', async (t) => {
    const server = await unspecializedServer(t);
    assert.equal((await specialize(server, { codeDir: FUNCTIONS_DIR, handler: 'calls.route', timeout: 1 })).status, 200);
    const res = await server.request({ path: '/hang' });
    assert.equal(res.status, 408);
    assert.equal((await server.request({ path: '/hello' })).text, 'hello world');
  });

  it('a wrong or missing token gets 403 and changes nothing', async (t) => {
    const server = await unspecializedServer(t);
    const wrong = await specialize(server, { codeDir: FUNCTIONS_DIR, handler: 'calls.route' }, 'not-the-token');
    assert.equal(wrong.status, 403);
    const missing = await server.request({ method: 'POST', path: '/_nubo/specialize', body: JSON.stringify({ codeDir: FUNCTIONS_DIR, handler: 'calls.route' }) });
    assert.equal(missing.status, 403);
    assert.equal((await server.request({ path: '/hello' })).status, 503);
  });

  it('no token is needed when NUBO_SPECIALIZE_TOKEN is unset', async (t) => {
    const server = await unspecializedServer(t, { NUBO_SPECIALIZE_TOKEN: '' });
    const res = await server.request({ method: 'POST', path: '/_nubo/specialize', body: JSON.stringify({ codeDir: FUNCTIONS_DIR, handler: 'calls.route' }) });
    assert.equal(res.status, 200);
  });

  const malformed = [
    ['not JSON', '{"codeDir":'],
    ['not an object', '[1, 2]'],
    ['no codeDir', { handler: 'calls.route' }],
    ['a handler without a dot', { codeDir: FUNCTIONS_DIR, handler: 'calls' }],
    ['a handler ending in a dot', { codeDir: FUNCTIONS_DIR, handler: 'calls.' }],
    ['a negative timeout', { codeDir: FUNCTIONS_DIR, handler: 'calls.route', timeout: -1 }],
    ['env that is not an object of strings', { codeDir: FUNCTIONS_DIR, handler: 'calls.route', env: { A: 1 } }],
  ];
  for (const [what, body] of malformed) {
    it(`400 for ${what}, and the server stays unspecialized`, async (t) => {
      const server = await unspecializedServer(t);
      const res = await specialize(server, body);
      assert.equal(res.status, 400);
      assert.equal(typeof JSON.parse(res.text).error, 'string');
      assert.equal((await server.request({ path: '/hello' })).status, 503);
    });
  }

  it('500 with the error when the code cannot load; the server stays unspecialized and can be specialized after', async (t) => {
    const server = await unspecializedServer(t);
    const broken = await specialize(server, { codeDir: FUNCTIONS_DIR, handler: 'broken.handler', env: { TEST_GREETING: 'leaks?' } });
    assert.equal(broken.status, 500);
    assert.match(JSON.parse(broken.text).error, /this module cannot load/);
    assert.equal((await server.request({ path: '/healthz' })).status, 200, 'still ready to be specialized');
    assert.equal((await server.request({ path: '/hello' })).status, 503);

    const missing = await specialize(server, { codeDir: FUNCTIONS_DIR, handler: 'no-such-module.handler' });
    assert.equal(missing.status, 500);
    assert.match(JSON.parse(missing.text).error, /cannot find module no-such-module/);

    assert.equal((await specialize(server, { codeDir: FUNCTIONS_DIR, handler: 'calls.route' })).status, 200);
    assert.equal((await server.request({ path: '/env' })).text, '', 'env of the failed attempt was rolled back');
  });

  it('a missing codeDir is a load failure (500)', async (t) => {
    const server = await unspecializedServer(t);
    const res = await specialize(server, { codeDir: path.join(tempDir(t), 'absent'), handler: 'calls.route' });
    assert.equal(res.status, 500);
    assert.equal((await server.request({ path: '/hello' })).status, 503);
  });

  it('the specialize request is neither logged (the log is the function\'s) nor counted as a call', async (t) => {
    const server = await unspecializedServer(t);
    await specialize(server, { codeDir: FUNCTIONS_DIR, handler: 'calls.route' });
    await server.request({ path: '/hello' });
    await server.waitForOutput('stdout', /GET \/hello \d{3} \d+ms/);
    assert.doesNotMatch(server.stdout, /_nubo\/specialize/);
    assert.doesNotMatch((await server.request({ path: '/metrics' })).text, /method="POST"/);
  });

  it('a function in another folder with its own relative files', async (t) => {
    const codeDir = tempDir(t);
    fs.writeFileSync(path.join(codeDir, 'data.txt'), 'read relative to the code dir');
    fs.writeFileSync(path.join(codeDir, 'reader.js'), "module.exports.handler = () => require('fs').readFileSync('data.txt', 'utf8');");
    const server = await unspecializedServer(t);
    assert.equal((await specialize(server, { codeDir, handler: 'reader.handler' })).status, 200);
    assert.equal((await server.request({ path: '/' })).text, 'read relative to the code dir');
  });
});
