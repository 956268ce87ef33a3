'use strict';

const { spawnSync } = require('child_process');

// The Node.js fixture of the runtime conformance suite (runtime-images/conformance/README.md).
// Handler: conformance.handler. It dispatches on the first segment of the request path.

const routes = {
  hello: () => 'hello world',
  echo: (event) => event.data,
  describe: (event, context) => ({
    eventId: event['event-id'],
    eventType: event['event-type'],
    eventTime: event['event-time'],
    eventNamespace: event['event-namespace'],
    functionName: context['function-name'],
    timeout: context.timeout,
    runtime: context.runtime,
    memoryLimit: context['memory-limit'],
    method: event.extensions.request.method,
    path: event.extensions.request.path,
    dataType: dataType(event.data),
  }),
  json: () => ({ a: 1, b: [true, null, 'x'] }),
  bytes: () => Buffer.from([0x00, 0x01, 0x02]),
  none: () => undefined,
  fail: () => {
    throw new Error('boom');
  },
  hang: () => {
    while (true) {}
  },
  size: (event) => String(codePoints(event.data)),
  env: () => process.env.CONFORMANCE_GREETING || '',
  // the body as a marker on stdout, stderr and from a child process: all of it is the function's log
  print: (event) => {
    console.log(`stdout ${event.data}`);
    console.error(`stderr ${event.data}`);
    spawnSync('sh', ['-c', 'echo "child $1"', 'sh', event.data], { stdio: 'inherit' });
    return 'printed';
  },
};

function handler(event, context) {
  const segment = event.extensions.request.path.split('/')[1];
  const route = routes[segment] || (() => 'unknown path');
  return route(event, context);
}

function dataType(value) {
  if (value === null) {
    return 'null';
  }
  return Array.isArray(value) ? 'array' : typeof value;
}

// Characters as the other languages count them: a character outside the BMP is one, not two.
function codePoints(text) {
  let count = 0;
  for (const _ of text) {
    count++;
  }
  return count;
}

module.exports = { handler };
