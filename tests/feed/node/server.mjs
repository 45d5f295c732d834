#!/usr/bin/env node
// A protocol v1 test server on Node's `ws` package (a WebSocket stack
// citywall did not write). Sends --count cases (every other one dispatched,
// GCJ-02 coordinates) in batches of 10, then closes normally.
//   node server.mjs [--count 500] [--cert cert.pem --key key.pem]
import fs from 'node:fs';
import https from 'node:https';
import {WebSocketServer} from 'ws';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const count = Number(args.count ?? 500);
let server;
let wss;
if (args.cert) {
  server = https.createServer({cert: fs.readFileSync(args.cert), key: fs.readFileSync(args.key)});
  wss = new WebSocketServer({server});
} else {
  wss = new WebSocketServer({host: '127.0.0.1', port: 0});
}
wss.on('connection', ws => {
  let seq = 0;
  for (let i = 0; i < count; i += 10) {
    const events = [];
    for (let j = i; j < Math.min(count, i + 10); j++) {
      events.push({type: 'case', seq: ++seq, id: `node-${j}`, time: 1763770530000 + j, status: j % 2 ? 'reported' : 'dispatched',
                   category: 'city.road.pothole', lon: 121.4737, lat: 31.2304, crs: 'GCJ02', title: '路面坑洼'});
    }
    ws.send(JSON.stringify({type: 'batch', events}));
  }
  ws.close(1000, 'end of stream');
});
const report = port => console.log(JSON.stringify({listening: port}));
if (server) server.listen(0, '127.0.0.1', () => report(server.address().port));
else wss.on('listening', () => report(wss.address().port));
process.on('SIGTERM', () => process.exit(0));
