'use strict';

// Stops JavaScript that blocks the event loop past the call timeout (a handler stuck in
// `while (true) {}`): nothing on the main thread can run then, not even the timer that answers 408.
//
// The main thread keeps two things in shared memory: a heartbeat, stamped every BEAT_MS, and the
// deadline of the handler whose synchronous part is running. A worker thread reads them. When the
// running handler is past its deadline, or the loop has not beaten for longer than a call may run
// (a loop after an `await`, where no handler is marked), it asks V8, through an inspector session on
// the main thread, to terminate the running JavaScript (Runtime.terminateExecution). The loop then
// resumes, the call's own timer answers 408 and the other calls go on. Running every call through
// vm with a timeout instead starts a thread per call (~4x the CPU of a hello call here); this costs
// a call two stores to shared memory. See README.md for what it cannot stop.

const path = require('node:path');
const { Worker } = require('node:worker_threads');

const BEAT_MS = 100;
// Without a marked handler, blocking shorter than this is never a runaway: one busy turn of the
// loop may run the synchronous parts of many short calls back to back.
const MIN_BLOCKED_MS = 1000;

// Slots of the shared BigInt64Array; times are monotonic milliseconds.
const SLOTS = {
  HEARTBEAT: 0, // the last beat
  LIMIT: 1, // blocking longer than this is a runaway; 0 = disarmed (code is loading)
  DEADLINE: 2, // deadline of the handler running synchronously; 0 = none
};

class Watchdog {
  #shared = new BigInt64Array(new SharedArrayBuffer(3 * BigInt64Array.BYTES_PER_ELEMENT));
  #beatTimer = null;
  #worker = null;

  /** Starts the worker (once). */
  start() {
    if (this.#worker !== null) {
      return;
    }
    this.#beat();
    this.#beatTimer = setInterval(() => this.#beat(), BEAT_MS).unref();
    this.#worker = new Worker(path.join(__dirname, 'watchdog-worker.js'), {
      workerData: { shared: this.#shared.buffer, slots: SLOTS, beatMs: BEAT_MS },
    });
    this.#worker.on('error', (error) => console.error('nubo: watchdog stopped:', error));
    this.#worker.unref();
  }

  /** Ends the worker: Node would otherwise wait at exit for its inspector session to disconnect. */
  async stop() {
    clearInterval(this.#beatTimer);
    await this.#worker?.terminate();
  }

  /**
   * Guards calls that may run `timeoutMs` each. Beats first: the thread may already run (a warm-pool server), and
   * code that blocked the loop while it loaded, disarmed, must not count as a blocked loop once armed.
   */
  arm(timeoutMs) {
    this.#beat();
    const limit = Math.max(timeoutMs, MIN_BLOCKED_MS) + BEAT_MS;
    Atomics.store(this.#shared, SLOTS.LIMIT, BigInt(Math.ceil(limit)));
  }

  /** Lets code load without a limit (loading is not a call). */
  disarm() {
    Atomics.store(this.#shared, SLOTS.LIMIT, 0n);
  }

  /** Runs `handlerCall` (the synchronous part of a call), marked as due within `timeoutMs`. */
  watch(timeoutMs, handlerCall) {
    Atomics.store(this.#shared, SLOTS.DEADLINE, nowMs() + BigInt(Math.ceil(timeoutMs)));
    try {
      return handlerCall();
    } finally {
      Atomics.store(this.#shared, SLOTS.DEADLINE, 0n); // not reached when terminated: the worker clears it
    }
  }

  #beat() {
    Atomics.store(this.#shared, SLOTS.HEARTBEAT, nowMs());
  }
}

function nowMs() {
  return process.hrtime.bigint() / 1_000_000n;
}

module.exports = { Watchdog };
