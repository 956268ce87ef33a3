'use strict';

// The watchdog's thread (see watchdog.js): terminates JavaScript that blocks the main thread's event
// loop past a call's timeout; kills the process when that does not free the loop.

const fs = require('node:fs');
const { workerData } = require('node:worker_threads');

const CHECK_MS = 50;
// Termination takes effect at the next JavaScript instruction; if the loop is still blocked after
// this long, the main thread is stuck in native code (execSync, a blocking read) that nothing stops.
const KILL_AFTER_MS = 2000;

const shared = new BigInt64Array(workerData.shared);
const { HEARTBEAT, LIMIT, DEADLINE } = workerData.slots;
// A marked handler past its deadline is stopped only once the loop has visibly stalled, so that one
// that returns just now is not mistaken for a runaway.
const STALLED_MS = BigInt(2 * workerData.beatMs);
const terminate = connectTerminator();

let pendingSince = null; // when the termination in progress was requested
let lastProgress = 0n; // the later of the last heartbeat and the last completed termination

setInterval(check, CHECK_MS);

function check() {
  const now = nowMs();
  const beat = Atomics.load(shared, HEARTBEAT);
  if (beat > lastProgress) {
    lastProgress = beat;
  }
  const blocked = now - lastProgress;
  const runaway = overdueHandler(now, blocked) ?? stuckLoop(blocked);
  if (runaway === null) {
    pendingSince = null;
  } else if (pendingSince === null) {
    pendingSince = now;
    report(`${runaway}; terminating the running JavaScript`);
    const deadline = Atomics.load(shared, DEADLINE);
    terminate(() => {
      // a second runaway may start right after this one, before any heartbeat: give it its own time
      lastProgress = nowMs();
      Atomics.compareExchange(shared, DEADLINE, deadline, 0n);
      pendingSince = null;
    });
  } else if (now - pendingSince >= KILL_AFTER_MS) {
    report(`event loop still blocked ${now - pendingSince} ms after termination (native code?); exiting`);
    process.kill(process.pid, 'SIGKILL');
  }
}

function overdueHandler(now, blocked) {
  const deadline = Atomics.load(shared, DEADLINE);
  const overdue = deadline !== 0n && now > deadline && blocked >= STALLED_MS;
  return overdue ? `a handler ran ${now - deadline} ms past its timeout` : null;
}

function stuckLoop(blocked) {
  const limit = Atomics.load(shared, LIMIT);
  return limit !== 0n && blocked >= limit ? `event loop blocked for ${blocked} ms by a call past its timeout` : null;
}

/** A function that terminates the main thread's JavaScript and calls back once that happened. */
function connectTerminator() {
  try {
    const inspector = require('node:inspector');
    const session = new inspector.Session();
    session.connectToMainThread();
    return (done) => session.post('Runtime.terminateExecution', () => done());
  } catch (error) {
    report(`cannot stop runaway calls (${error.message}); the process will exit instead`);
    return () => {};
  }
}

function nowMs() {
  return process.hrtime.bigint() / 1_000_000n;
}

// The main thread may be blocked: write to stderr directly rather than through it.
function report(message) {
  fs.writeSync(2, `nubo watchdog: ${message}\n`);
}
