'use strict';

// The HTTP server of the function contract: routes, function loading and specialization, metrics,
// the request log and graceful shutdown.

const crypto = require('node:crypto');
const http = require('node:http');
const { AccessLog } = require('./access-log');
const { functionSettings } = require('./config');
const { FunctionRequest, FunctionResponse } = require('./http-classes');
const { serveCall } = require('./invocation');
const { loadHandler, useDependencies } = require('./loader');
const { Metrics } = require('./metrics');
const { sendJson, sendText } = require('./responses');
const { specializeRequest, applyEnvironment, BadRequest } = require('./specialize');
const { redirectOutput, NO_REDIRECT } = require('./output-redirect');
const { fetchSource } = require('./source');
const { Watchdog } = require('./watchdog');

// Longer than the idle timeout of the connection pool in front (the gateway), so that the pool,
// never this server, closes an idle connection: otherwise a request sent on it as it closes fails.
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
const HEADERS_TIMEOUT_MS = KEEP_ALIVE_TIMEOUT_MS + 1000;
const BACKLOG = 4096;
const SHUTDOWN_GRACE_MS = 10_000;
const SPECIALIZE_BODY_LIMIT = 1024 * 1024;
const METRICS_TYPE = 'text/plain; version=0.0.4';

class FunctionServer {
  #settings;
  #http;
  #metrics = new Metrics();
  #log = new AccessLog();
  #watchdog = new Watchdog();
  #fn = null; // {handler, settings} once loaded
  #loadError = null;
  #specializing = false;
  #inFlight = 0;
  #stopping = false;
  #exiting = false;
  #countCall = (res, exchange) => this.#count(res, exchange); // see FunctionResponse.exchange

  constructor(settings) {
    this.#settings = settings;
    this.#http = http.createServer(
      { IncomingMessage: FunctionRequest, ServerResponse: FunctionResponse, noDelay: true },
      (req, res) => this.#route(req, res),
    );
    this.#http.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
    this.#http.headersTimeout = HEADERS_TIMEOUT_MS;
  }

  /** Loads the function named by the environment at start; a failure leaves /healthz at 503. */
  async loadAtStart(settings) {
    try {
      await this.#load(settings);
    } catch (error) {
      this.#loadError = `cannot load function: ${error.message}`;
      console.error(`nubo: ${this.#loadError}`, error);
    }
  }

  listen() {
    const { port, host } = this.#settings;
    return new Promise((resolve, reject) => {
      this.#http.once('error', reject);
      this.#http.listen({ port, host, backlog: BACKLOG }, () => {
        this.#guardCalls();
        resolve(this.#http.address());
      });
    });
  }

  /** Stops accepting, lets calls in flight finish (at most SHUTDOWN_GRACE_MS), then exits 0. */
  stop() {
    if (this.#stopping) {
      return;
    }
    this.#stopping = true;
    this.#http.close();
    this.#http.closeIdleConnections();
    setTimeout(() => this.#exit(), SHUTDOWN_GRACE_MS);
    if (this.#inFlight === 0) {
      this.#exit();
    }
  }

  describe() {
    const fn = this.#fn?.settings;
    return fn ? `function ${fn.moduleName}.${fn.functionName}` : 'unspecialized';
  }

  async #load(settings) {
    this.#watchdog.disarm();
    if (settings.depsDir) {
      useDependencies(settings.depsDir);
    }
    const handler = await loadHandler(settings);
    this.#fn = { handler, settings };
    this.#loadError = null;
    this.#watchdog.arm(settings.timeoutMs);
    this.#guardCalls();
  }

  /**
   * Starts the watchdog once the server listens, a warm-pool server too (disarmed until it loads a function):
   * starting its thread costs ~20 ms of CPU, which a wake must not wait for.
   */
  #guardCalls() {
    if (this.#http.listening) {
      this.#watchdog.start();
    }
  }

  #route(req, res) {
    const exchange = newExchange(this.#countCall);
    this.#inFlight++;
    res.exchange = exchange;
    res.once('close', () => this.#finish(req, res, exchange));
    if (this.#stopping) {
      res.setHeader('Connection', 'close');
    }
    const path = req.path;
    if (req.method === 'GET' && path === '/healthz') {
      exchange.logged = false;
      this.#health(res);
    } else if (req.method === 'GET' && path === '/metrics') {
      exchange.logged = false;
      this.#sendMetrics(res);
    } else if (req.method === 'POST' && path === '/_nubo/specialize') {
      exchange.logged = false; // the platform's business, not a line for the function's log
      this.#specialize(req, res);
    } else {
      this.#call(req, res, exchange);
    }
  }

  /**
   * Counts a handler call in the metrics, once: just before its response is completed, or when the
   * response closes without being completed (a streaming response cut at an error or the timeout).
   */
  #count(res, exchange) {
    if (exchange.counted && !exchange.recorded) {
      exchange.recorded = true;
      const status = exchange.status ?? res.statusCode;
      const seconds = Number(process.hrtime.bigint() - exchange.started) / 1e9;
      this.#metrics.record(res.req.method, seconds, status === 500 || status === 408);
    }
  }

  #finish(req, res, exchange) {
    clearTimeout(exchange.timer);
    this.#count(res, exchange);
    if (exchange.logged) {
      const status = exchange.status ?? res.statusCode;
      const ms = Number(process.hrtime.bigint() - exchange.started) / 1e6;
      this.#log.write(exchange.arrivalMs, req.method, req.path, status, ms);
    }
    this.#inFlight--;
    if (this.#stopping && this.#inFlight === 0) {
      this.#exit();
    }
  }

  #health(res) {
    const headers = this.#settings.instanceId ? { 'Nubo-Instance': this.#settings.instanceId } : {};
    if (this.#loadError) {
      sendText(res, 503, `unhealthy: ${this.#loadError}`, headers);
    } else {
      sendText(res, 200, 'ok', headers);
    }
  }

  #sendMetrics(res) {
    const body = this.#metrics.render();
    res.writeHead(200, { 'Content-Type': METRICS_TYPE, 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  }

  #call(req, res, exchange) {
    const fn = this.#fn;
    if (fn === null) {
      sendText(res, 503, this.#loadError ? `Error: ${this.#loadError}` : 'Error: not specialized');
      return;
    }
    serveCall(fn, exchange, req, res, { maxBodyBytes: this.#settings.maxBodyBytes, watchdog: this.#watchdog });
  }

  async #specialize(req, res) {
    if (!this.#tokenAccepted(req)) {
      sendJson(res, 403, { error: 'missing or wrong Nubo-Specialize-Token' });
      return;
    }
    if (this.#fn !== null || this.#specializing) {
      const state = this.#specializing ? 'a specialization is in progress' : `serving ${this.describe()}`;
      sendJson(res, 409, { error: `already specialized: ${state}` });
      return;
    }
    this.#specializing = true;
    try {
      const request = specializeRequest(await readText(req, SPECIALIZE_BODY_LIMIT));
      await this.#specializeWith(request);
      sendJson(res, 200, { specialized: true });
    } catch (error) {
      const status = error instanceof BadRequest ? 400 : 500;
      if (status === 500) {
        console.error('nubo: specialization failed:', error);
      }
      sendJson(res, status, { error: error.message });
    } finally {
      this.#specializing = false;
    }
  }

  /**
   * Downloads the code when it comes as a URL, points the output at the function's log (first: what loading prints
   * is the function's too), applies the variables (function env first: the code may read it while loading) and
   * loads.
   */
  async #specializeWith({ variables, logFile, source }) {
    if (source) {
      await fetchSource(source, variables.KUBELESS_INSTALL_VOLUME);
    }
    const output = logFile ? redirectOutput(logFile) : NO_REDIRECT;
    const restoreEnvironment = applyEnvironment(variables);
    delete process.env.NUBO_SPECIALIZE_TOKEN; // the function sees the environment a cold start gives it
    const previousDir = process.cwd();
    try {
      const settings = functionSettings(process.env);
      process.chdir(settings.codeDir); // as if started there: the code may open files relative to it
      if (process.env.PWD !== undefined) {
        process.env.PWD = settings.codeDir; // set by whoever started the server in its first directory
      }
      await this.#load(settings);
      output.keep();
    } catch (error) {
      output.undo();
      restoreEnvironment();
      process.chdir(previousDir);
      throw error;
    }
  }

  #tokenAccepted(req) {
    const expected = Buffer.from(this.#settings.specializeToken);
    if (expected.length === 0) {
      return true;
    }
    const given = Buffer.from(String(req.headers['nubo-specialize-token'] ?? ''));
    return given.length === expected.length && crypto.timingSafeEqual(given, expected);
  }

  #exit() {
    if (this.#exiting) {
      return;
    }
    this.#exiting = true;
    this.#log.flush();
    this.#watchdog.stop().finally(() => process.exit(0));
  }
}

function readText(req, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
      }
    });
    req.on('end', () => {
      if (size > limit) {
        reject(new BadRequest(`the body is larger than ${limit} bytes`));
      } else {
        resolve(Buffer.concat(chunks).toString('utf8'));
      }
    });
    req.on('error', reject);
  });
}

/** The server's record of one request, completed when the response closes. */
function newExchange(beforeEnd) {
  return {
    beforeEnd, // counts the call (see FunctionResponse.exchange)
    arrivalMs: Date.now(),
    started: process.hrtime.bigint(),
    logged: true, // on the request log
    counted: false, // in the metrics: handler calls only (set when the handler is called)
    recorded: false, // counted already
    status: null, // the status the client saw when it differs from res.statusCode (a cut response)
    timer: null, // the call's timeout
    timedOut: false,
  };
}

module.exports = { FunctionServer };
