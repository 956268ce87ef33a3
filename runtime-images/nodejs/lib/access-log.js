'use strict';

// One line per call on stdout: `<RFC 3339 time> <METHOD> <path> <status> <milliseconds>ms`.
// Lines are gathered and written once per turn of the event loop: writes to a pipe are synchronous
// system calls in Node, one per call would cost a noticeable share of a fast call.

class AccessLog {
  #pending = [];
  #scheduled = false;

  write(arrivalMs, method, path, status, durationMs) {
    const time = new Date(arrivalMs).toISOString();
    this.#pending.push(`${time} ${method} ${path} ${status} ${Math.round(durationMs)}ms\n`);
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  flush() {
    this.#scheduled = false;
    if (this.#pending.length > 0) {
      process.stdout.write(this.#pending.join(''));
      this.#pending = [];
    }
  }
}

module.exports = { AccessLog };
