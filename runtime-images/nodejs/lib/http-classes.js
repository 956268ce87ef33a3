'use strict';

// The request and response objects a handler sees in event.extensions. They are Node's own
// IncomingMessage and ServerResponse plus the few Express helpers that Kubeless functions used
// (Kubeless ran handlers behind Express).

const http = require('node:http');
const { sendResult, JSON_TYPE } = require('./responses');

class FunctionRequest extends http.IncomingMessage {
  /** The raw request body (a Buffer), set before the handler is called. */
  body = undefined;

  /** The URL path without the query string. */
  get path() {
    const query = this.url.indexOf('?');
    return query === -1 ? this.url : this.url.slice(0, query);
  }

  /** The query parameters; a repeated name gives an array. */
  get query() {
    const query = this.url.indexOf('?');
    const params = {};
    if (query === -1) {
      return params;
    }
    for (const [name, value] of new URLSearchParams(this.url.slice(query + 1))) {
      const previous = params[name];
      params[name] = previous === undefined ? value : [].concat(previous, value);
    }
    return params;
  }

  /** A header by case-insensitive name (Express `req.get`). */
  get(name) {
    return this.headers[name.toLowerCase()];
  }

  header(name) {
    return this.get(name);
  }
}

class FunctionResponse extends http.ServerResponse {
  /**
   * The server's record of this exchange. Its `beforeEnd(res, exchange)` runs just before the response
   * is completed, whoever ends it (the runtime, or a handler that streams): the server counts the call
   * then, so that it shows in /metrics before its client can have the answer. (One function shared by
   * all exchanges: a new closure per response stored on the response cost ~20% of hello calls/s.)
   */
  exchange = null;

  end(chunk, encoding, callback) {
    const exchange = this.exchange;
    if (exchange !== null) {
      exchange.beforeEnd(this, exchange);
    }
    return super.end(chunk, encoding, callback);
  }

  status(code) {
    this.statusCode = code;
    return this;
  }

  set(name, value) {
    if (typeof name === 'object') {
      for (const [key, each] of Object.entries(name)) {
        this.setHeader(key, each);
      }
    } else {
      this.setHeader(name, value);
    }
    return this;
  }

  /** Sends a value the way a handler's return value is sent. */
  send(value) {
    sendResult(this, value);
    return this;
  }

  json(value) {
    this.setHeader('Content-Type', JSON_TYPE);
    sendResult(this, JSON.stringify(value) ?? null);
    return this;
  }
}

module.exports = { FunctionRequest, FunctionResponse };
