'use strict';

// Requires a package installed by the runtime's install command into the deps dir.
const isNumber = require('is-number');

module.exports = { handler: (event) => ({ input: event.data, isNumber: isNumber(event.data) }) };
