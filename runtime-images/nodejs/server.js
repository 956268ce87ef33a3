'use strict';

// Nubo's Node.js runtime server: serves one function over HTTP as docs/function-contract.md says.

const { serverSettings, functionSettings } = require('./lib/config');
const { FunctionServer } = require('./lib/function-server');

// A function's stray callback or unhandled promise must not take the other calls down with it.
process.on('uncaughtException', (error) => console.error('nubo: uncaught exception:', error));
process.on('unhandledRejection', (reason) => console.error('nubo: unhandled promise rejection:', reason));

async function main() {
  const server = new FunctionServer(serverSettings(process.env));
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => server.stop());
  }
  const settings = functionSettings(process.env);
  if (settings !== null) {
    await server.loadAtStart(settings);
  }
  const address = await server.listen();
  console.log(`nubo nodejs runtime listening on ${address.address}:${address.port} (${server.describe()})`);
}

main().catch((error) => {
  console.error('nubo: cannot start:', error);
  process.exit(1);
});
