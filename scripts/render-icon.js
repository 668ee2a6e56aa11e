#!/usr/bin/env node
// Renders media/clinical-writer.svg (the activity-bar glyph) into the 128×128 marketplace icon
// media/icon.png: the glyph in white on a rounded square in the gallery-banner colour.
// Uses Debian's Chromium through playwright-core (no network):  node scripts/render-icon.js
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromiumPath } = require('./code-server');

const ROOT = path.resolve(__dirname, '..');
const SVG = path.join(ROOT, 'media', 'clinical-writer.svg');
const OUT = path.join(ROOT, 'media', 'icon.png');
const BACKGROUND = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).galleryBanner?.color || '#1f4e79';
const SIZE = 128;

async function main() {
  const { chromium } = require(require.resolve('playwright-core', { paths: [ROOT] }));
  const svg = fs.readFileSync(SVG, 'utf8').replace(/<!--[\s\S]*?-->/g, '');
  const html = `<!doctype html><html><body style="margin:0;background:transparent">
    <div id="icon" style="width:${SIZE}px;height:${SIZE}px;border-radius:24px;background:${BACKGROUND};
      display:flex;align-items:center;justify-content:center;color:#fff">
      <div style="width:96px;height:96px">${svg.replace('width="24" height="24"', 'width="96" height="96"')}</div>
    </div></body></html>`;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-icon-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    viewport: { width: SIZE, height: SIZE },
  });
  try {
    const page = context.pages()[0] || (await context.newPage());
    await page.setContent(html);
    await page.locator('#icon').screenshot({ path: OUT, omitBackground: true });
    process.stderr.write(`wrote ${path.relative(process.cwd(), OUT)} (${SIZE}×${SIZE}, ${fs.statSync(OUT).size} bytes)\n`);
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
