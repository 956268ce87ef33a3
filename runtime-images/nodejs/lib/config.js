'use strict';

// The environment variables of docs/function-contract.md, read in one place.

const DEFAULT_TIMEOUT = '180';
const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
const MAX_TIMER_MS = 2 ** 31 - 1; // longer delays make setTimeout fire at once

/** Settings of the server itself: fixed for the life of the process. */
function serverSettings(env) {
  return {
    port: integer(env.FUNC_PORT, 8080),
    host: env.FUNC_HOST || '0.0.0.0',
    instanceId: env.NUBO_INSTANCE_ID || '',
    specializeToken: env.NUBO_SPECIALIZE_TOKEN || '',
    maxBodyBytes: integer(env.NUBO_MAX_BODY_BYTES, DEFAULT_MAX_BODY_BYTES),
  };
}

/**
 * Settings of the function to serve; `null` when MOD_NAME or FUNC_HANDLER is missing, which means
 * the server waits unspecialized. Specialization writes the same variables, then reads them here.
 */
function functionSettings(env) {
  if (!env.MOD_NAME || !env.FUNC_HANDLER) {
    return null;
  }
  const timeout = isPositiveNumber(env.FUNC_TIMEOUT) ? env.FUNC_TIMEOUT.trim() : DEFAULT_TIMEOUT;
  return {
    moduleName: env.MOD_NAME,
    functionName: env.FUNC_HANDLER,
    codeDir: env.KUBELESS_INSTALL_VOLUME || '/kubeless',
    depsDir: env.NUBO_DEPS_DIR || '',
    timeoutMs: Math.min(Number(timeout) * 1000, MAX_TIMER_MS),
    context: Object.freeze({
      'function-name': env.FUNC_NAME || env.MOD_NAME,
      timeout,
      runtime: env.FUNC_RUNTIME || '',
      'memory-limit': env.FUNC_MEMORY_LIMIT || '',
    }),
  };
}

function isPositiveNumber(text) {
  const value = typeof text === 'string' && text.trim() !== '' ? Number(text) : NaN;
  return Number.isFinite(value) && value > 0;
}

function integer(text, fallback) {
  const value = Number.parseInt(text, 10);
  return Number.isSafeInteger(value) && value >= 0 ? value : fallback;
}

module.exports = { serverSettings, functionSettings };
