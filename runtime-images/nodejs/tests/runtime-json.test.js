'use strict';

// runtime.json as the platform uses it: version → runtime id, install (npm), start, env.

const assert = require('node:assert/strict');
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { describe, it, before, after } = require('node:test');
const { RUNTIME_DIR, FUNCTIONS_DIR, DESCRIPTOR, expand, startServer, tempDir } = require('./helpers');

const descriptor = DESCRIPTOR;

/** Runs the install command in depsDir; resolves to {code, output, ms}. */
function runInstall(depsDir, extraEnv = {}) {
  const values = { interpreter: process.execPath, runtimeDir: RUNTIME_DIR, depsDir };
  const [command, ...args] = descriptor.install.map((part) => expand(part, values));
  const env = { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: path.join(depsDir, '..', 'home'), LANG: 'C.UTF-8', ...descriptor.buildEnv, ...extraEnv };
  const start = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: depsDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => resolve({ code, output, ms: Date.now() - start }));
  });
}

function depsDirWith(baseDir, packageJson) {
  const depsDir = path.join(baseDir, 'deps');
  fs.mkdirSync(depsDir);
  fs.writeFileSync(path.join(depsDir, descriptor.depsFile), JSON.stringify(packageJson));
  return depsDir;
}

describe('runtime.json', () => {
  it('describes the nodejs language with the Kubeless ids', () => {
    assert.equal(descriptor.language, 'nodejs');
    assert.equal(descriptor.idPrefix, 'nodejs');
    assert.equal(descriptor.fileExtension, 'js');
    assert.equal(descriptor.depsFile, 'package.json');
    assert.deepEqual(descriptor.kubelessIds, ['nodejs6', 'nodejs8', 'nodejs10', 'nodejs12', 'nodejs14', 'nodejs_distroless8', 'nodejsCE8']);
  });

  it('the version command gives the id nodejs<major>', () => {
    const [command, ...args] = descriptor.interpreter.versionCommand.map((part) => expand(part, { interpreter: process.execPath }));
    const version = execFileSync(command, args, { encoding: 'utf8' }).match(/(\d+(?:\.\d+)*)/)[1];
    const id = descriptor.idPrefix + version.split('.').slice(0, descriptor.versionParts).join('.');
    assert.equal(id, `nodejs${process.versions.node.split('.')[0]}`);
  });

  it('the start command runs server.js with the interpreter (every test starts servers with it)', () => {
    const start = descriptor.start.map((part) => expand(part, { interpreter: process.execPath, runtimeDir: RUNTIME_DIR }));
    assert.deepEqual(start, [process.execPath, path.join(RUNTIME_DIR, 'server.js')]);
  });
});

describe('dependencies from the npm registry', () => {
  const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nubo-node-deps-'));
  const depsDir = depsDirWith(baseDir, { name: 'fn-deps', private: true, dependencies: { 'is-number': '^7.0.0' } });
  let install;
  before(async () => {
    install = await runInstall(depsDir);
  });
  after(() => fs.rmSync(baseDir, { recursive: true, force: true }));

  it('install puts the package into <depsDir>/node_modules', () => {
    assert.equal(install.code, 0, install.output);
    assert.ok(fs.existsSync(path.join(depsDir, 'node_modules', 'is-number', 'package.json')));
  });

  it('a function started with NODE_PATH from runtime.json requires it', async (t) => {
    const nodePath = expand(descriptor.env.NODE_PATH, { depsDir });
    const server = await startServer({ NODE_PATH: nodePath, MOD_NAME: 'uses-dependency', FUNC_HANDLER: 'handler' });
    t.after(() => server.kill());
    const res = await server.request({ method: 'POST', path: '/', headers: { 'Content-Type': 'application/json' }, body: '"42"' });
    assert.equal(res.status, 200, res.text + server.stderr);
    assert.deepEqual(JSON.parse(res.text), { input: '42', isNumber: true });
  });

  it('a function started with NUBO_DEPS_DIR alone requires it', async (t) => {
    const server = await startServer({ NUBO_DEPS_DIR: depsDir, NODE_PATH: '', MOD_NAME: 'uses-dependency', FUNC_HANDLER: 'handler' });
    t.after(() => server.kill());
    const res = await server.request({ method: 'POST', path: '/', headers: { 'Content-Type': 'application/json' }, body: '7' });
    assert.deepEqual(JSON.parse(res.text), { input: 7, isNumber: true });
  });

  it('a warm server finds them through the depsDir of the specialize request', async (t) => {
    const server = await startServer({ KUBELESS_INSTALL_VOLUME: tempDir(t) });
    t.after(() => server.kill());
    const body = JSON.stringify({ codeDir: FUNCTIONS_DIR, depsDir, handler: 'uses-dependency.handler' });
    const specialized = await server.request({ method: 'POST', path: '/_nubo/specialize', body });
    assert.equal(specialized.status, 200, specialized.text);
    const res = await server.request({ method: 'POST', path: '/', headers: { 'Content-Type': 'application/json' }, body: '"x"' });
    assert.deepEqual(JSON.parse(res.text), { input: 'x', isNumber: false });
  });

  it('without the deps the module cannot load', async (t) => {
    const server = await startServer({ MOD_NAME: 'uses-dependency', FUNC_HANDLER: 'handler' });
    t.after(() => server.kill());
    const health = await server.request({ path: '/healthz' });
    assert.equal(health.status, 503);
    assert.match(health.text, /Cannot find module 'is-number'/);
  });

  it('an unreachable registry fails fast with npm\'s error', async (t) => {
    const unreachable = depsDirWith(tempDir(t), { dependencies: { 'left-pad': '^1.3.0' } });
    const result = await runInstall(unreachable, { npm_config_registry: 'http://127.0.0.1:9/' });
    assert.notEqual(result.code, 0);
    assert.match(result.output, /npm error code ECONNREFUSED/);
    assert.ok(result.ms < 60_000, `took ${result.ms} ms`);
  });
});
