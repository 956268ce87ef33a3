export const handler = (event) => ({ esm: true, data: event.data });
