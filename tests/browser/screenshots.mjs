// Screenshots of every kind of page of a built site, for a reviewer to
// look at: each width in WIDTHS, light and dark, full page, as
// OUT/<kind>-<width>-<scheme>.png. Builds nothing itself.
//
//   node tests/browser/screenshots.mjs SITE_FOLDER OUT_FOLDER
//
// Exits 0 after writing them, 1 with a message otherwise.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { WIDTHS, pageKinds, routeBaseUrl } from './kinds.mjs';
import { launch, serveFolder } from './static-server.mjs';

const [folder, out] = process.argv.slice(2);
if (!folder || !out) {
  console.error('usage: node screenshots.mjs SITE_FOLDER OUT_FOLDER');
  process.exit(2);
}
mkdirSync(out, { recursive: true });
let browser;
let server;
let code = 0;
try {
  server = await serveFolder(folder);
  browser = await launch(chromium);
  const kinds = pageKinds(folder);
  let written = 0;
  for (const scheme of ['light', 'dark']) {
    for (const width of WIDTHS) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.emulateMedia({ colorScheme: scheme });
      await routeBaseUrl(page, folder);
      for (const { kind, path } of kinds) {
        await page.goto(`${server.address}${path}`, { waitUntil: 'load' });
        await page.screenshot({ path: join(out, `${kind}-${width}-${scheme}.png`), fullPage: true });
        written += 1;
      }
      await page.close();
    }
  }
  console.log(`wrote ${written} screenshots of ${kinds.length} kinds of page to ${out}`);
} catch (error) {
  code = 1;
  console.error(`screenshots failed: ${error.stack}`);
} finally {
  await browser?.close().catch(() => {});
  server?.close();
}
process.exit(code);
