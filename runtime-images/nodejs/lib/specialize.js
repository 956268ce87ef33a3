'use strict';

// POST /_nubo/specialize: the request body turned into the environment variables a specialized
// server would have been started with, and a way to undo applying them.

const { sourceRequest } = require('./source');

class BadRequest extends Error {}

/**
 * A specialize request body (text): the variables to set, the log file to write to (or undefined) and the code to
 * download first (or undefined); throws BadRequest when malformed.
 */
function specializeRequest(text) {
  let request;
  try {
    request = JSON.parse(text);
  } catch {
    throw new BadRequest('the body is not JSON');
  }
  if (!isObject(request)) {
    throw new BadRequest('the body must be a JSON object');
  }
  const { codeDir, handler, depsDir, functionName, timeout, runtime, memoryLimit, logFile, env = {} } = request;
  if (typeof codeDir !== 'string' || codeDir === '') {
    throw new BadRequest('codeDir must be a non-empty string');
  }
  const dot = typeof handler === 'string' ? handler.lastIndexOf('.') : -1;
  if (dot <= 0 || dot === handler.length - 1) {
    throw new BadRequest('handler must look like module.function');
  }
  if (timeout !== undefined && !(Number(timeout) > 0 && Number.isFinite(Number(timeout)))) {
    throw new BadRequest('timeout must be a positive number of seconds');
  }
  for (const [name, value] of Object.entries({ depsDir, functionName, runtime, memoryLimit, logFile })) {
    if (value !== undefined && value !== null && typeof value !== 'string') {
      throw new BadRequest(`${name} must be a string`);
    }
  }
  if (!isObject(env) || Object.values(env).some((value) => typeof value !== 'string')) {
    throw new BadRequest('env must be an object of strings');
  }
  const { source, error } = sourceRequest(request);
  if (error) {
    throw new BadRequest(error);
  }
  // Fields left out keep what the server was started with (e.g. FUNC_TIMEOUT).
  const variables = omitUnset({
    ...env,
    KUBELESS_INSTALL_VOLUME: codeDir,
    MOD_NAME: handler.slice(0, dot),
    FUNC_HANDLER: handler.slice(dot + 1),
    FUNC_TIMEOUT: timeout === undefined ? undefined : String(timeout),
    NUBO_DEPS_DIR: depsDir,
    FUNC_NAME: functionName,
    FUNC_RUNTIME: runtime,
    FUNC_MEMORY_LIMIT: memoryLimit,
  });
  return { variables, logFile: logFile || undefined, source };
}

/** Sets the variables in process.env; returns a function that restores the previous values. */
function applyEnvironment(variables) {
  const previous = Object.keys(variables).map((name) => [name, process.env[name]]);
  Object.assign(process.env, variables);
  return () => {
    for (const [name, value] of previous) {
      if (value === undefined) {
        delete process.env[name];
      } else {
        process.env[name] = value;
      }
    }
  };
}

function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function omitUnset(variables) {
  return Object.fromEntries(Object.entries(variables).filter(([, value]) => value !== undefined && value !== null));
}

module.exports = { specializeRequest, applyEnvironment, BadRequest };
