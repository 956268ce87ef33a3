'use strict';

// Finds the function's module in the code directory and picks its handler.

const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { pathToFileURL } = require('node:url');

const EXTENSIONS = ['.js', '.cjs', '.mjs'];

/** Makes require() in function code find the packages installed in `<depsDir>/node_modules`. */
function useDependencies(depsDir) {
  const dir = path.resolve(depsDir, 'node_modules');
  const paths = (process.env.NODE_PATH || '').split(path.delimiter).filter(Boolean);
  if (paths.includes(dir)) {
    return;
  }
  process.env.NODE_PATH = [dir, ...paths].join(path.delimiter);
  Module._initPaths(); // re-reads NODE_PATH; Node has no public API to add a global module path
}

/**
 * Loads `<codeDir>/<moduleName>.js` (CommonJS or ES module) and returns the handler it exports. Like
 * Kubeless, a module that exports a function serves that function whatever its name.
 */
async function loadHandler({ codeDir, moduleName, functionName }) {
  const file = moduleFile(codeDir, moduleName);
  const exported = await importFile(file);
  const handler = pickHandler(exported, functionName);
  if (handler === null) {
    throw new Error(`module ${moduleName} exports no function ${functionName}`);
  }
  return handler;
}

function moduleFile(codeDir, moduleName) {
  const base = path.resolve(codeDir, moduleName);
  const file = EXTENSIONS.map((ext) => base + ext).find(isFile);
  if (file === undefined) {
    const names = EXTENSIONS.map((ext) => moduleName + ext).join(', ');
    throw new Error(`cannot find module ${moduleName} (${names}) in ${codeDir}`);
  }
  return file;
}

function isFile(file) {
  return fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}

/** module.exports of a CommonJS file, the namespace of an ES module. */
async function importFile(file) {
  try {
    return require(file);
  } catch (error) {
    if (error.code !== 'ERR_REQUIRE_ESM') {
      throw error;
    }
    return import(pathToFileURL(file).href);
  }
}

function pickHandler(exported, functionName) {
  if (typeof exported === 'function') {
    return exported;
  }
  const named = exported?.[functionName];
  if (typeof named === 'function') {
    return named.bind(exported);
  }
  const isEsModule = exported?.[Symbol.toStringTag] === 'Module';
  return isEsModule && exported.default !== undefined ? pickHandler(exported.default, functionName) : null;
}

module.exports = { loadHandler, useDependencies };
