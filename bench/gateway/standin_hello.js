// Stand-in for the Node runtime server when it cannot start: node:http hello.
const http = require('node:http');
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': 11 });
    res.end('hello world');
  });
});
server.keepAliveTimeout = 5000;
server.listen(Number(process.env.FUNC_PORT), process.env.FUNC_HOST || '127.0.0.1');
