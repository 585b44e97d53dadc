// Search over a sharded index, served by a plain static file server: a
// dossier large enough to be split (tests/browser.rs builds one of 2,600
// briefs, brief i saying the word `marker<iiii>x` and linking to brief
// i + 1) is searched as one. Each marker finds its own brief first,
// whichever shard holds it, and a word every brief has finds all of them,
// more than any one shard holds. Hovering a brief's link shows the next
// brief's preview, whichever bucket of the previews holds it.
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
  // Each brief links to the next: its preview comes from the bucket its
  // key hashes to (a dossier this large has dozens), as dossier put it.
  const { buckets } = JSON.parse(readFileSync(join(folder, 'previews/index.json'), 'utf8'));
  if (!(buckets > 1)) fail(`the previews are not split: ${buckets} bucket(s)`);
  for (const i of [0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987, 1597, 2584]) {
    await page.goto(`${address}briefs/b${String(i).padStart(4, '0')}/`);
    const next = `Brief ${(i + 1) % Number(count)}`;
    await page.locator('.prose a.internal', { hasText: next }).first().hover();
    const shown = await page
      .waitForFunction(
        (next) => {
          const popover = document.getElementById('link-preview');
          return popover && !popover.hidden && popover.textContent.includes(next);
        },
        next,
        { timeout: WAIT_MS },
      )
      .then(() => true, () => false);
    if (!shown) {
      const text = await page.locator('#link-preview').textContent().catch(() => 'nothing');
      fail(`hovering brief ${i}'s link to ${next} shows: ${text}`);
    }
  }
  return `${shards.length} shards searched as one, previews from ${buckets} buckets`;
});
