#!/usr/bin/env node
'use strict';
const path = require('node:path');
let cli;
try {
  cli = require(path.join(__dirname, '..', 'dist', 'cli.js'));
} catch {
  process.stderr.write('clinical-check: not built yet; run "npm install" (or "npm run build") in the repository first\n');
  process.exit(2);
}
cli.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
