#!/usr/bin/env node
// Thin launcher so `npx codex-memory` works after `npm install && npm run build`.
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('codex-memory: not built yet. Run `npm run build` in ' + path.dirname(__dirname) + '\n');
  process.exit(1);
}
require(cli);
