// timeline.json in TimelineJS 3 itself: a page that loads TimelineJS's
// own dist JS and CSS (the npm package @knight-lab/timelinejs) and the
// site's exports/timeline.json, served by the plain static file server,
// renders the timeline in Chromium; every event's headline must be in the
// DOM, and the page must raise no error nor load anything from outside
// (so no web font: `font: false` keeps TimelineJS on the local fonts).
//
//   node tests/browser/timeline.mjs SITE_FOLDER
//
// Exits 0 on success, 1 with a message on stderr otherwise.

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail, runOnSite } from './static-server.mjs';

const WAIT_MS = 20_000;
const [site] = process.argv.slice(2);
if (!site) {
  console.error('usage: node timeline.mjs SITE_FOLDER');
  process.exit(2);
}

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'node_modules/@knight-lab/timelinejs/dist');
const folder = mkdtempSync(join(tmpdir(), 'dossier-timelinejs-'));
cpSync(dist, join(folder, 'timelinejs'), { recursive: true });
cpSync(join(site, 'exports/timeline.json'), join(folder, 'timeline.json'));
writeFileSync(join(folder, 'index.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>TimelineJS</title>
<link rel="stylesheet" href="timelinejs/css/timeline.css">
<script src="timelinejs/js/timeline.js"></script></head>
<body><div id="timeline" style="width: 1000px; height: 700px"></div>
<script>
fetch('timeline.json').then((r) => r.json()).then((data) => {
  window.timeline = new TL.Timeline('timeline', data, { script_path: new URL('timelinejs/js/', location.href).href, hash_bookmark: false, font: false });
});
</script></body></html>
`);

const data = JSON.parse(readFileSync(join(folder, 'timeline.json'), 'utf8'));
// TimelineJS shows headlines as HTML: compare with the text a reader sees.
const text = (html) => html.replace(/<[^>]*>/g, '').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const headlines = data.events.map((event) => text(event.text.headline));
if (headlines.length === 0) fail('timeline.json has no events');

// runOnSite ends the process: remove the folder on the way out.
process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
await runOnSite(folder, async (page, address) => {
  await page.goto(address);
  // Given its data, TimelineJS builds the timeline in its constructor.
  await page.waitForFunction(() => document.querySelectorAll('.tl-timemarker').length > 0, null, { timeout: WAIT_MS })
    .catch(() => fail('TimelineJS never loaded timeline.json'));
  const shown = await page.$$eval('.tl-headline', (nodes) => nodes.map((n) => n.textContent.trim()));
  const missing = headlines.filter((headline) => !shown.includes(headline));
  if (missing.length > 0) fail(`headlines TimelineJS does not show: ${JSON.stringify(missing.slice(0, 5))}; it shows ${JSON.stringify(shown.slice(0, 5))}`);
  const markers = await page.locator('.tl-timemarker').count();
  if (markers !== headlines.length) fail(`${markers} time markers for ${headlines.length} events`);
  return `TimelineJS shows all ${headlines.length} events of timeline.json`;
});
