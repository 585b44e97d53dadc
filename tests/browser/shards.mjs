// Search over a sharded index, served by a plain static file server: a
// dossier large enough to be split (tests/browser.rs builds one of 2,600
// briefs, brief i saying the word `marker<iiii>x`) is searched as one. Each
// marker finds its own brief first, whichever shard holds it, and a word
// every brief has finds all of them, more than any one shard holds.
//
//   node tests/browser/shards.mjs SITE_FOLDER BRIEFS
//
// Exits 0 on success, 1 with a message on stderr otherwise.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fail, runOnSite } from './static-server.mjs';

const WAIT_MS = 20_000;
const [folder, count] = process.argv.slice(2);
if (!folder || !count) {
  console.error('usage: node shards.mjs SITE_FOLDER BRIEFS');
  process.exit(2);
}

/// Types `query` on the search page and waits for the status to settle.
async function search(page, query) {
  const before = await page.locator('#search-status').textContent();
  await page.fill('#search-q', query);
  await page.waitForFunction(
    (old) => {
      const text = document.getElementById('search-status').textContent;
      return text !== old && text !== '';
    },
    before,
    { timeout: WAIT_MS },
  );
  return page.locator('#search-status').textContent();
}

await runOnSite(folder, async (page, address) => {
  const { shards } = JSON.parse(readFileSync(join(folder, 'pagefind/shards.json'), 'utf8'));
  if (shards.length < 2) fail(`the index is not split: ${JSON.stringify(shards)}`);
  await page.goto(`${address}search/`);
  const total = await search(page, 'convoys');
  if (!total.startsWith(`${count} results`)) fail(`"convoys" should find all ${count} briefs: ${total}`);
  for (const i of [0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987, 1597, 2584]) {
    const title = `Brief ${i}`;
    await page.fill('#search-q', `marker${String(i).padStart(4, '0')}x`);
    const found = await page
      .waitForFunction(
        (title) => document.querySelector('#search-results li a')?.textContent === title,
        title,
        { timeout: WAIT_MS },
      )
      .then(() => true, () => false);
    if (!found) {
      const first = await page.locator('#search-results li a').first().textContent().catch(() => 'nothing');
      fail(`searching for brief ${i}'s marker put first: ${first}`);
    }
  }
  return `${shards.length} shards searched as one`;
});
