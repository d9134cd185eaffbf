// SPDX-License-Identifier: MIT
// Oracle for the URL host tests: reads hex-encoded URLs, one per line, and prints for each
// "ok <hex of URL.hostname>" or "err", using the WHATWG URL parser built into Node.js.
'use strict';
const lines = require('fs').readFileSync(0, 'utf8').split('\n');
const out = [];
for (const line of lines) {
  if (line === '') continue;
  const text = Buffer.from(line, 'hex').toString('latin1');
  // The test sends bytes; URLs here are ASCII, so latin1 keeps them byte for byte.
  try {
    const u = new URL(text);
    out.push('ok ' + Buffer.from(u.hostname, 'utf8').toString('hex'));
  } catch (e) {
    out.push('err');
  }
}
process.stdout.write(out.join('\n') + '\n');
