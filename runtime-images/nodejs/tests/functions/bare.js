'use strict';

// Kubeless allowed a module to export the function itself.
module.exports = (event) => `bare function got ${event.data}`;
