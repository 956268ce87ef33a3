'use strict';

// A pooled server was started before it knew its function, so its stdout and stderr went elsewhere; at
// specialization they must become the function's log, for the function's child processes too (descriptors 1
// and 2, not just process.stdout). Node has no dup2: a descriptor is moved by closing it and opening the file,
// which takes the lowest free descriptor; one is saved by opening it again through /proc/self/fd — which a
// sandboxed server may not be allowed to (its output file belongs to the platform): then a failed load leaves the
// output on the log (the platform stops such a server anyway).

const fs = require('fs');

/** Points descriptors 1 and 2 at `logFile` (appending); returns a function that points them back. */
function redirectOutput(logFile) {
  fs.closeSync(fs.openSync(logFile, 'a')); // a bad path fails here, before anything moved
  const saved = reopened([1, 2]);
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

/** The descriptors opened again through /proc (to put back later), or [] when that is not allowed. */
function reopened(fds) {
  const saved = [];
  try {
    fds.forEach((fd) => saved.push(fs.openSync(`/proc/self/fd/${fd}`, 'a')));
    return saved;
  } catch {
    saved.forEach((fd) => fs.closeSync(fd));
    return [];
  }
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
