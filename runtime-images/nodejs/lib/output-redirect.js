'use strict';

// A pooled server was started before it knew its function, so its stdout and stderr went elsewhere; at
// specialization they must become the function's log, for the function's child processes too (descriptors 1
// and 2, not just process.stdout). Node has no dup2: a descriptor is moved by closing it and opening the file,
// which takes the lowest free descriptor; one is saved by opening it again through /proc/self/fd.

const fs = require('fs');

/** Points descriptors 1 and 2 at `logFile` (appending); returns a function that points them back. */
function redirectOutput(logFile) {
  fs.closeSync(fs.openSync(logFile, 'a')); // a bad path fails here, before anything moved
  const saved = [1, 2].map((fd) => fs.openSync(`/proc/self/fd/${fd}`, 'a'));
  try {
    moveTo(1, logFile);
    moveTo(2, logFile);
  } catch (error) {
    restore(saved);
    throw error;
  }
  return {
    keep: () => saved.forEach((fd) => fs.closeSync(fd)),
    undo: () => restore(saved),
  };
}

function restore(saved) {
  saved.forEach((fd, index) => {
    moveTo(index + 1, `/proc/self/fd/${fd}`);
    fs.closeSync(fd);
  });
}

function moveTo(fd, path) {
  fs.closeSync(fd);
  const opened = fs.openSync(path, 'a');
  if (opened !== fd) {
    fs.closeSync(opened);
    throw new Error(`cannot point descriptor ${fd} at ${path}: got descriptor ${opened}`);
  }
}

const NO_REDIRECT = { keep: () => {}, undo: () => {} };

module.exports = { redirectOutput, NO_REDIRECT };
