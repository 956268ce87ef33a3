'use strict';

// Reads its environment while loading: specialization must set `env` before requiring the module.
const greetingAtLoad = process.env.TEST_GREETING || 'unset';

module.exports = { handler: () => `greeting at load: ${greetingAtLoad}` };
