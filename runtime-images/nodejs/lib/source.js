'use strict';

// Code handed over as a URL on POST /_nubo/specialize (a Kubernetes warm pool pod has none of its own): the
// server downloads it, checks its SHA-256 and writes it into the code directory before it loads the function.

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

// the whole download: the operator waits 10 s for the specialize answer
const DOWNLOAD_TIMEOUT_MS = 5000;
// Node's standard library has no zip or tar reader: a single file only (runtime.json "sourceFormats")
const SOURCE_FORMATS = ['file'];
const ALL_FORMATS = ['file', 'zip', 'tar.gz'];

/**
 * The source fields of a specialize body ({sourceUrl, sourceSha256, sourceFormat, codeFile}), or undefined when
 * there is no sourceUrl; returns an error message when they are malformed or ask for a format this runtime cannot
 * unpack.
 */
function sourceRequest({ sourceUrl, sourceSha256, sourceFormat, codeFile }) {
  if (sourceUrl === undefined || sourceUrl === null || sourceUrl === '') {
    return { source: undefined };
  }
  if (typeof sourceUrl !== 'string' || !/^https?:\/\//.test(sourceUrl)) {
    return { error: 'sourceUrl must be an http or https URL' };
  }
  if (typeof sourceSha256 !== 'string' || !/^[0-9a-fA-F]{64}$/.test(sourceSha256)) {
    return { error: "sourceSha256 must be the 64 hex digits of the source's SHA-256" };
  }
  const format = sourceFormat ?? 'file';
  if (!ALL_FORMATS.includes(format)) {
    return { error: `sourceFormat must be one of ${ALL_FORMATS.join(', ')}` };
  }
  if (!SOURCE_FORMATS.includes(format)) {
    return { error: `sourceFormat ${format} is not supported by the Node.js runtime (it has no archive reader): `
      + `supported: ${SOURCE_FORMATS.join(', ')}` };
  }
  if (!isPlainFileName(codeFile)) {
    return { error: "codeFile must be a plain file name (no '/' or '..') when sourceFormat is file" };
  }
  return { source: { url: sourceUrl, sha256: sourceSha256.toLowerCase(), format, codeFile } };
}

function isPlainFileName(name) {
  return typeof name === 'string' && name !== '' && !/[/\\\0]/.test(name) && !name.includes('..');
}

/** Downloads, checks and writes the code (throws a plain Error, a 500, when any of it fails). */
async function fetchSource(source, codeDir) {
  const data = await download(source.url);
  const actual = crypto.createHash('sha256').update(data).digest('hex');
  if (actual !== source.sha256) {
    throw new Error(`sourceUrl ${source.url}: its SHA-256 is ${actual}, not the expected sourceSha256 ${source.sha256}`);
  }
  try {
    fs.mkdirSync(codeDir, { recursive: true });
    const target = path.join(codeDir, source.codeFile);
    fs.writeFileSync(`${target}.part`, data);
    fs.renameSync(`${target}.part`, target);
  } catch (error) {
    throw new Error(`cannot write sourceUrl ${source.url} into ${codeDir}: ${error.message}`);
  }
}

async function download(url) {
  try {
    const answer = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
    if (!answer.ok) {
      throw new Error(`HTTP ${answer.status} ${answer.statusText}`);
    }
    return Buffer.from(await answer.arrayBuffer());
  } catch (error) {
    const reason = error.name === 'TimeoutError' ? `took longer than ${DOWNLOAD_TIMEOUT_MS / 1000} s`
      : error.cause?.message ?? error.message;
    throw new Error(`cannot download sourceUrl ${url}: ${reason}`);
  }
}

module.exports = { sourceRequest, fetchSource };
