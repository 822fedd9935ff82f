// A real learning record store for the tests: Learning Locker's xAPI statements service with its in-memory
// models store (nothing survives a restart), behind real Basic authentication. Learning Locker asks a "client
// info" endpoint who the credentials belong to (AUTH_REPO=fetch); this file serves that endpoint itself,
// accepting only LRS_USER:LRS_PASSWORD, so a wrong password is refused as by a real deployment.
// Usage: node lrs_server.js PORT  (the LRS listens on 127.0.0.1:PORT; the auth endpoint on a free port)
'use strict';
const http = require('http');
const path = require('path');

const port = process.argv[2];
const user = process.env.LRS_USER || 'counterpart';
const password = process.env.LRS_PASSWORD || 'test-secret';
const expected = 'Basic ' + Buffer.from(user + ':' + password).toString('base64');
const lrsRoot = path.join(process.env.LRS_CACHE, 'node_modules', '@learninglocker', 'xapi-statements');

const auth = http.createServer((req, res) => {
  if (req.headers.authorization !== expected) {
    res.writeHead(404, { 'Content-Type': 'application/json' });  // Learning Locker reads 404 as "no such client"
    res.end('{}');
    return;
  }
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({
    _id: '5988f0f00000000000000123', title: 'counterpart tests', isTrusted: true,
    authority: { objectType: 'Agent', name: 'counterpart tests', mbox: 'mailto:lrs-tests@counterpart.invalid' },
    lrs_id: '5988f0f00000000000000000', organisation: '5988f0f00000000000000001', scopes: ['all'],
  }));
});
auth.listen(0, '127.0.0.1', () => {
  Object.assign(process.env, {
    EXPRESS_PORT: port,
    AUTH_REPO: 'fetch',
    LL_CLIENT_INFO_ENDPOINT: 'http://127.0.0.1:' + auth.address().port + '/',
    EVENTS_REPO: 'test',     // no Redis: events go nowhere
    MODELS_REPO: 'memory',   // statements kept in memory only
    STORAGE_REPO: 'local',   // attachments (none are sent) in the state folder
    WINSTON_CONSOLE_LEVEL: process.env.WINSTON_CONSOLE_LEVEL || 'warn',
  });
  process.chdir(process.env.LRS_STATE);  // its storage/ and access logs go there, not into the cache
  require(path.join(lrsRoot, 'dist', 'index.js'));
});
