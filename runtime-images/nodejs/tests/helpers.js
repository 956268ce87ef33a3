'use strict';

// Starts the real runtime server as a child process, the way the platform does, and talks HTTP to it.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const RUNTIME_DIR = path.resolve(__dirname, '..');
const FUNCTIONS_DIR = path.join(__dirname, 'functions');
const DESCRIPTOR = JSON.parse(fs.readFileSync(path.join(RUNTIME_DIR, 'runtime.json'), 'utf8'));
const NO_DEPS_DIR = path.join(os.tmpdir(), 'nubo-node-tests-no-deps');

/** Replaces {placeholders} like the platform's Placeholders class; an unknown one is an error. */
function expand(template, values) {
  return template.replace(/\{([a-zA-Z]+)\}/g, (_, name) => {
    if (!(name in values)) {
      throw new Error(`unknown placeholder {${name}} in ${template}`);
    }
    return values[name];
  });
}

/** A free TCP port on the loopback interface. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts the server as the platform does: runtime.json's start command and env in a clean
 * environment, plus `env` (FUNC_PORT is chosen here); waits until /healthz answers at all.
 * The returned handle collects stdout and stderr; call its kill() when the test ends.
 */
async function startServer(env = {}) {
  const port = await freePort();
  const values = {
    interpreter: process.execPath,
    runtimeDir: RUNTIME_DIR,
    codeDir: env.KUBELESS_INSTALL_VOLUME ?? FUNCTIONS_DIR,
    depsDir: env.NUBO_DEPS_DIR ?? NO_DEPS_DIR,
  };
  const environment = {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    HOME: os.tmpdir(),
    LANG: 'C.UTF-8',
    ...Object.fromEntries(Object.entries(DESCRIPTOR.env).map(([name, value]) => [name, expand(value, values)])),
    KUBELESS_INSTALL_VOLUME: values.codeDir,
    FUNC_HOST: '127.0.0.1',
    FUNC_PORT: String(port),
    ...env,
  };
  const [command, ...args] = DESCRIPTOR.start.map((part) => expand(part, values));
  const child = spawn(command, args, {
    cwd: values.codeDir,
    env: environment,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const server = {
    port,
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))),
    request: (options) => request(port, options),
    /** SIGTERM, then the exit status. */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
      }
      return server.exited;
    },
    /** Waits until the server's stdout or stderr ('stdout' | 'stderr') matches `pattern`. */
    async waitForOutput(stream, pattern, timeoutMs = 5000) {
      await waitFor(() => pattern.test(server[stream]), timeoutMs, () => `${stream}: ${server[stream]}`);
    },
    /** Waits until `text` has been printed on stdout `count` times in all. */
    async waitForPrinted(text, count = 1, timeoutMs = 5000) {
      await waitFor(() => server.stdout.split(text).length - 1 >= count, timeoutMs, () => `stdout: ${server.stdout}`);
    },
    /** SIGKILL unless it has exited already. */
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
      }
      return server.exited;
    },
  };
  child.stdout.setEncoding('utf8').on('data', (text) => (server.stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text) => (server.stderr += text));
  const answers = async () => {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the server exited at start: ${server.stderr}`);
    }
    return (await server.request({ path: '/healthz' }).catch(() => null)) !== null;
  };
  try {
    await waitFor(answers, 10_000, () => server.stderr);
  } catch (error) {
    await server.kill();
    throw error;
  }
  return server;
}

/**
 * One HTTP request on a fresh connection. `body` may be a string, a Buffer or an array of chunks
 * (sent with Transfer-Encoding: chunked). Resolves to {status, headers, body (Buffer), text}.
 */
function request(port, { method = 'GET', path: urlPath = '/', headers = {}, body, agent = false, timeoutMs = 20_000 } = {}) {
  return new Promise((resolve, reject) => {
    const outgoing = http.request({ host: '127.0.0.1', port, method, path: urlPath, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => {
        const buffer = Buffer.concat(chunks);
        resolve({ status: res.statusCode, headers: res.headers, body: buffer, text: buffer.toString('utf8') });
      });
      res.on('error', reject);
    });
    outgoing.setTimeout(timeoutMs, () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    outgoing.on('error', reject);
    if (Array.isArray(body)) {
      for (const chunk of body) {
        outgoing.write(chunk);
      }
    } else if (body !== undefined) {
      outgoing.setHeader('Content-Length', Buffer.byteLength(body));
      outgoing.write(body);
    }
    outgoing.end();
  });
}

/** Polls `check` every 20 ms until it returns true; fails after `timeoutMs`. */
async function waitFor(check, timeoutMs, describe = () => '') {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`condition not met within ${timeoutMs} ms ${describe()}`);
}

/** Parses Prometheus text into {'name{labels}': value}. */
function parseMetrics(text) {
  const samples = {};
  for (const line of text.split('\n')) {
    if (line && !line.startsWith('#')) {
      const space = line.lastIndexOf(' ');
      samples[line.slice(0, space)] = Number(line.slice(space + 1));
    }
  }
  return samples;
}

/** A temporary directory removed when the test ends. */
function tempDir(t, prefix = 'nubo-node-test-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

module.exports = { RUNTIME_DIR, FUNCTIONS_DIR, DESCRIPTOR, expand, startServer, request, waitFor, parseMetrics, tempDir };
