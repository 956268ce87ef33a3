'use strict';

// runtime.json's install step: `npm install` of <depsDir>/package.json into <depsDir>/node_modules,
// with the npm that ships with this node (the platform's PATH may hold another one, or none).
// Usage: node npm-install.js <depsDir>

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const NPM_ARGS = [
  'install',
  '--omit=dev',
  '--no-audit',
  '--no-fund',
  '--no-update-notifier',
  // An unreachable registry must fail the install within a minute with npm's own error, rather than
  // after npm's default retries (2, with back-off) and its 5-minute fetch timeout.
  '--fetch-retries=0',
  '--fetch-timeout=30000',
];

function npmCli() {
  const nodeDir = path.dirname(process.execPath);
  const candidates = [
    path.join(nodeDir, 'npm'), // a symlink to npm-cli.js in Node's own layout
    path.join(nodeDir, '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
    ...(process.env.PATH || '').split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, 'npm')),
  ];
  for (const candidate of candidates) {
    const real = realFile(candidate);
    if (real !== null && real.endsWith('.js')) {
      return real;
    }
  }
  return null;
}

function realFile(file) {
  try {
    return fs.realpathSync(file);
  } catch {
    return null;
  }
}

function main() {
  const depsDir = path.resolve(process.argv[2] || '.');
  const cli = npmCli();
  if (cli === null) {
    console.error(`npm-install: no npm found next to ${process.execPath} or on PATH`);
    process.exit(1);
  }
  // Install scripts that call `node` get this one.
  const env = { ...process.env, PATH: [path.dirname(process.execPath), process.env.PATH].filter(Boolean).join(path.delimiter) };
  // No --prefix: it would also move npm's global config (<prefix>/etc/npmrc, e.g. a registry or a CA
  // file set there). npm installs into the working directory, which holds package.json.
  const npm = spawn(process.execPath, [cli, ...NPM_ARGS], { cwd: depsDir, env, stdio: 'inherit' });
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => npm.kill(signal));
  }
  npm.on('error', (error) => {
    console.error(`npm-install: cannot run npm: ${error.message}`);
    process.exit(1);
  });
  npm.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main();
