'use strict';

// One call of the handler: read the body, build event and context, call, answer (or time out).

const { randomUUID } = require('node:crypto');
const { sendResult, sendText } = require('./responses');

const EMPTY = Buffer.alloc(0);

/**
 * Serves one call of `fn` ({handler, settings}). `call` is the server's record of the exchange:
 * this sets `call.counted` once the handler is called (a 413 or 400 answered before is no call),
 * `call.timer`, and `call.status` when the status the client saw is not res.statusCode.
 * The watchdog watches the handler's synchronous part.
 */
function serveCall(fn, call, req, res, { maxBodyBytes, watchdog }) {
  readBody(req, maxBodyBytes, (body) => {
    if (body === null) {
      // the rest of the body is not read: close the connection rather than drain it
      sendText(res, 413, `Error: request body larger than ${maxBodyBytes} bytes`, { Connection: 'close' });
      return;
    }
    req.body = body;
    let data;
    try {
      data = parseData(req.headers['content-type'], body);
    } catch {
      sendText(res, 400, 'Error: invalid JSON body');
      return;
    }
    callHandler(fn, call, req, res, data, watchdog);
  });
}

/** Calls back with the body as a Buffer, or with null as soon as it exceeds `limit` bytes. */
function readBody(req, limit, done) {
  if (Number(req.headers['content-length']) > limit) {
    done(null);
    return;
  }
  const chunks = [];
  let size = 0;
  let tooLarge = false;
  req.on('data', (chunk) => {
    if (tooLarge) {
      return;
    }
    size += chunk.length;
    if (size > limit) {
      tooLarge = true;
      chunks.length = 0;
      done(null);
    } else {
      chunks.push(chunk);
    }
  });
  req.on('end', () => {
    if (!tooLarge) {
      done(chunks.length === 0 ? EMPTY : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    }
  });
  req.on('error', () => {}); // the client went away; the response's 'close' does the bookkeeping
}

/** Parsed JSON for a JSON media type (`null` when the body is empty), else the body as UTF-8 text. */
function parseData(contentType, body) {
  if (isJson(contentType)) {
    return body.length === 0 ? null : JSON.parse(body.toString('utf8'));
  }
  return body.length === 0 ? '' : body.toString('utf8');
}

/** `application/json` or any `…+json` media type, parameters ignored. */
function isJson(contentType) {
  if (!contentType) {
    return false;
  }
  const semicolon = contentType.indexOf(';');
  const mediaType = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

function callHandler(fn, call, req, res, data, watchdog) {
  const event = buildEvent(req, res, data, call.arrivalMs);
  const { timeoutMs, context } = fn.settings;
  call.counted = true;
  call.timer = setTimeout(timeOut, timeoutMs, call, res);
  let result;
  try {
    result = watchdog.watch(timeoutMs, () => fn.handler(event, { ...context }));
  } catch (error) {
    fail(call, req, res, error);
    return;
  }
  if (typeof result?.then === 'function') {
    Promise.resolve(result).then((value) => succeed(call, req, res, value), (error) => fail(call, req, res, error));
  } else {
    succeed(call, req, res, result);
  }
}

function buildEvent(req, res, data, arrivalMs) {
  const headers = req.headers;
  return {
    data,
    'event-id': headers['event-id'] || headers['ce-id'] || randomUUID(),
    'event-type': headers['event-type'] || headers['ce-type'] || headers['content-type'] || '',
    'event-time': headers['event-time'] || headers['ce-time'] || new Date(arrivalMs).toISOString(),
    'event-namespace': headers['event-namespace'] || headers['ce-source'] || '',
    extensions: { request: req, response: res },
  };
}

function succeed(call, req, res, value) {
  // Nothing more to send when the handler wrote the response itself (Kubeless streaming) or the
  // call already timed out.
  if (call.timedOut || res.headersSent || res.destroyed) {
    return;
  }
  try {
    sendResult(res, value);
  } catch (error) {
    fail(call, req, res, error); // e.g. a value JSON cannot encode
  }
}

function fail(call, req, res, error) {
  console.error(`${req.method} ${req.path} failed:`, error);
  if (call.timedOut || res.destroyed || res.writableEnded) {
    return;
  }
  if (res.headersSent) {
    call.status = 500;
    res.destroy(); // the handler was streaming: cut the response so the client sees it incomplete
    return;
  }
  sendText(res, 500, `Error: ${messageOf(error)}`);
}

function timeOut(call, res) {
  if (res.destroyed || res.writableEnded) {
    return;
  }
  call.timedOut = true;
  call.status = 408;
  if (res.headersSent) {
    res.destroy();
  } else {
    sendText(res, 408, 'Timeout exceeded');
  }
}

function messageOf(error) {
  return typeof error?.message === 'string' ? error.message : String(error);
}

module.exports = { serveCall };
