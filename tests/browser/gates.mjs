// Quality gates on a built site, served by a plain static file server:
// axe-core finds no serious or critical violation on the front page, a
// brief, a topic, an actor, the timeline, the sources page, the graph and
// the search page, the exports page, and the first brief holding each
// kind of Markdown that writes its own markup (footnotes, callouts, math,
// right-to-left text), in light and dark colour schemes; and no page loads a
// script, style, font or image from anywhere but the site itself.
//
//   node tests/browser/gates.mjs SITE_FOLDER
//
// Exits 0 on success, 1 listing every problem otherwise.

import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { launch, serveFolder, watchedPage } from './static-server.mjs';

const [folder] = process.argv.slice(2);
if (!folder) {
  console.error('usage: node gates.mjs SITE_FOLDER');
  process.exit(2);
}
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/// The first page of a kind: `briefs`, `topics` or `actors`.
const first = (kind) => {
  const names = readdirSync(join(folder, kind), { withFileTypes: true }).filter((e) => e.isDirectory());
  return `${kind}/${names.map((e) => e.name).sort()[0]}/`;
};
/// The first brief whose page holds `marker`, so the gates see each kind of
/// markup the Markdown stage writes itself, wherever the dossier uses it.
const firstWith = (marker) => {
  const names = readdirSync(join(folder, 'briefs'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const name = names.find((n) => readFileSync(join(folder, 'briefs', n, 'index.html'), 'utf8').includes(marker));
  return name ? [`briefs/${name}/`] : [];
};
const markup = ['class="footnotes"', 'class="callout', '<math', 'dir="rtl"'].flatMap(firstWith);
const pages = [
  ...new Set(['', first('briefs'), first('topics'), first('actors'), 'timeline/', 'sources/', 'graph/', 'search/', 'print/', 'exports/', ...markup]),
];

const problems = [];
let browser;
let server;
try {
  server = await serveFolder(folder);
  browser = await launch(chromium);
  for (const scheme of ['light', 'dark']) {
    const page = await watchedPage(browser, server.address);
    await page.emulateMedia({ colorScheme: scheme });
    for (const path of pages) {
      await page.goto(`${server.address}${path}`, { waitUntil: 'load' });
      if (path === 'search/') {
        await page.fill('#search-q', 'treaty');
        await page.locator('#search-results li').first().waitFor({ timeout: 15_000 });
      }
      await page.evaluate(axeSource);
      const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      for (const v of result.violations.filter((v) => ['serious', 'critical'].includes(v.impact))) {
        const where = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ');
        problems.push(`/${path} (${scheme}): ${v.impact} ${v.id}: ${v.help} at ${where}`);
      }
    }
    problems.push(...page.external.map((r) => `external request: ${r}`), ...page.problems);
    await page.close();
  }
} catch (error) {
  problems.push(error.stack);
} finally {
  await browser?.close().catch(() => {});
  server?.close();
}
if (problems.length > 0) {
  console.error(`quality gates failed:\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(`ok: axe finds no serious or critical violation on ${pages.length} pages in light and dark; no external resources`);
