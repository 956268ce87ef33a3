'use strict';

// Handlers for the runtime's tests, one per behaviour (FUNC_HANDLER picks one; default `route`
// dispatches on the first path segment so one server covers many cases).

const handlers = {
  hello: () => 'hello world',
  echo: (event) => event.data,
  event: (event, context) => {
    const { extensions, ...fields } = event;
    return { ...fields, context, dataType: typeOf(event.data), method: extensions.request.method };
  },
  request: (event) => {
    const req = event.extensions.request;
    return {
      method: req.method,
      url: req.url,
      path: req.path,
      query: req.query,
      header: req.get('X-Test'),
      bodyIsBuffer: Buffer.isBuffer(req.body),
      bodyHex: req.body.toString('hex'),
    };
  },
  json: () => ({ a: 1, b: [true, null, 'x'] }),
  array: () => [1, 'two'],
  number: () => 42,
  boolean: () => false,
  bytes: () => Buffer.from([0, 1, 2]),
  none: () => undefined,
  null: () => null,
  promise: async () => ({ later: true }),
  fail: () => {
    throw new Error('boom');
  },
  'fail-async': async () => {
    throw new Error('async boom');
  },
  'throw-string': () => {
    throw 'plain string'; // not an Error: the message is the value itself
  },
  circular: () => {
    const value = {};
    value.self = value;
    return value;
  },
  hang: () => {
    console.log('hang: started'); // tests wait for this line
    while (true) {}
  },
  'hang-after-await': async () => {
    await new Promise((resolve) => setTimeout(resolve, 10));
    while (true) {}
  },
  'hang-in-timer': () => {
    setTimeout(() => {
      while (true) {}
    }, 0);
    return 'timer armed';
  },
  // opening a FIFO that no one writes to blocks in native code, out of JavaScript's reach
  'block-in-native': (event) => require('node:fs').readFileSync(event.data, 'utf8'),
  busy: (event) => {
    const until = Date.now() + Number(event.data);
    while (Date.now() < until) {}
    return 'busy done';
  },
  never: () => {
    console.log('never: started');
    return new Promise(() => {});
  },
  slow: (event) => {
    console.log('slow: started');
    return new Promise((resolve) => setTimeout(() => resolve('slow done'), Number(event.data) || 300));
  },
  size: (event) => String(event.data.length),
  stream: (event) => {
    const res = event.extensions.response;
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.write('part one, ');
    setTimeout(() => res.end('part two'), 20);
    return 'ignored';
  },
  'stream-sync-end': (event) => {
    event.extensions.response.end('ended by the handler');
    return 'ignored';
  },
  express: (event) => {
    event.extensions.response.status(201).set('X-Made-By', 'express-style').json({ created: true });
  },
  'custom-header': (event) => {
    event.extensions.response.setHeader('X-Extra', 'yes');
    event.extensions.response.statusCode = 202;
    return 'with header';
  },
  env: () => process.env.TEST_GREETING || '',
  cwd: () => process.cwd(),
};

function typeOf(value) {
  if (value === null) {
    return 'null';
  }
  return Array.isArray(value) ? 'array' : typeof value;
}

function route(event, context) {
  const segment = event.extensions.request.path.split('/')[1];
  const handler = handlers[segment] || (() => 'unknown path');
  return handler(event, context);
}

module.exports = { route, ...handlers };
