'use strict';

// Not a test: measures process start → first /healthz 200 (median of 10) and hello calls per second
// with wrk, each also as CPU time of the server process (steadier than wall time on a shared machine).
// Usage: node tests/benchmark.js [runtimeDir]  (wrk must be on PATH; ports 18250-18259)

const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const RUNTIME_DIR = path.resolve(process.argv[2] || path.join(__dirname, '..'));
const FIXTURE_DIR = path.resolve(__dirname, '../../conformance/src/test/resources/functions/nodejs');
const PORT = 18250;

function start(port) {
  const log = fs.openSync(path.join(os.tmpdir(), `nubo-node-bench-${port}.log`), 'w');
  const child = spawn(process.execPath, [path.join(RUNTIME_DIR, 'server.js')], {
    cwd: FIXTURE_DIR,
    env: {
      PATH: '/usr/local/bin:/usr/bin:/bin',
      LANG: 'C.UTF-8',
      MOD_NAME: 'conformance',
      FUNC_HANDLER: 'handler',
      FUNC_PORT: String(port),
      FUNC_HOST: '127.0.0.1',
      KUBELESS_INSTALL_VOLUME: FIXTURE_DIR,
    },
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  return child;
}

function healthy(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
  });
}

/** CPU time (user + system) the process has used, in ms. */
function cpuMs(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

async function startup(port) {
  const started = process.hrtime.bigint();
  const child = start(port);
  const deadline = Date.now() + 10_000;
  while (!(await healthy(port))) {
    if (Date.now() > deadline) {
      throw new Error('no /healthz 200 within 10 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const cpu = cpuMs(child.pid);
  await stop(child);
  return { wallMs, cpuMs: cpu };
}

function stop(child) {
  return new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main() {
  const startups = [];
  for (let i = 0; i < 10; i++) {
    startups.push(await startup(PORT + i));
  }
  const walls = startups.map((s) => s.wallMs);
  console.log(`start → first /healthz 200: median ${median(walls).toFixed(1)} ms (${walls.map((ms) => ms.toFixed(0)).join(', ')}); `
    + `CPU used by then: median ${median(startups.map((s) => s.cpuMs))} ms`);

  const child = start(PORT);
  while (!(await healthy(PORT))) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  execFileSync('wrk', ['-t1', '-c32', '-d2s', `http://127.0.0.1:${PORT}/hello`]); // warm-up
  const cpuBefore = cpuMs(child.pid);
  const output = execFileSync('wrk', ['-t1', '-c32', '-d5s', '--latency', `http://127.0.0.1:${PORT}/hello`], { encoding: 'utf8' });
  const cpuPerCallUs = ((cpuMs(child.pid) - cpuBefore) * 1000) / Number(output.match(/(\d+) requests in/)[1]);
  const rss = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1];
  await stop(child);
  console.log(`hello, wrk -t1 -c32 -d5s: ${output.match(/Requests\/sec:\s+([\d.]+)/)[1]} req/s, `
    + `p50 ${output.match(/50%\s+(\S+)/)[1]}, p99 ${output.match(/99%\s+(\S+)/)[1]}, `
    + `server CPU ${cpuPerCallUs.toFixed(1)} µs per call, RSS ${Math.round(rss / 1024)} MB`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
