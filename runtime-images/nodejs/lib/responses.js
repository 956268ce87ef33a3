'use strict';

// How a handler's return value (or an error) becomes an HTTP response.

const TEXT = 'text/plain; charset=utf-8';
const JSON_TYPE = 'application/json';
const BYTES = 'application/octet-stream';
const EMPTY = Buffer.alloc(0);

/**
 * Sends a handler's return value: string → text, Buffer/typed array → bytes, nothing → empty body,
 * anything else → JSON. Status and headers the handler set on the response are kept, a Content-Type
 * it set included.
 */
function sendResult(res, value) {
  const { body, type } = encode(value);
  if (type !== null && !res.hasHeader('content-type')) {
    res.setHeader('Content-Type', type);
  }
  res.setHeader('Content-Length', byteLength(body));
  res.end(body);
}

function encode(value) {
  if (value === undefined || value === null) {
    return { body: EMPTY, type: null };
  }
  if (typeof value === 'string') {
    return { body: value, type: TEXT };
  }
  if (ArrayBuffer.isView(value)) {
    return { body: Buffer.from(value.buffer, value.byteOffset, value.byteLength), type: BYTES };
  }
  if (value instanceof ArrayBuffer) {
    return { body: Buffer.from(value), type: BYTES };
  }
  const json = JSON.stringify(value);
  return json === undefined ? { body: EMPTY, type: null } : { body: json, type: JSON_TYPE };
}

function byteLength(body) {
  return typeof body === 'string' ? Buffer.byteLength(body) : body.length;
}

/** Sends a runtime-made text answer (errors, 408, 503): its status and type win over the handler's. */
function sendText(res, status, text, headers = {}) {
  res.writeHead(status, { ...headers, 'Content-Type': TEXT, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function sendJson(res, status, value) {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': JSON_TYPE, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

module.exports = { sendResult, sendText, sendJson, JSON_TYPE };
