// Search by the names a page goes by, served by a plain static file server:
// each query, typed into the search page's box, must put the expected page
// first. tests/browser.rs builds the dossiers: one whose pages are found by
// an alias in Cyrillic, an event title and a source title; one whose
// Persian brief has an index of its own, merged into the English one.
//
//   node tests/browser/names.mjs SITE_FOLDER QUERY TITLE [QUERY TITLE]...
//
// Exits 0 on success, 1 with a message on stderr otherwise.

import { fail, runOnSite } from './static-server.mjs';

const WAIT_MS = 20_000;
const [folder, ...pairs] = process.argv.slice(2);
if (!folder || pairs.length === 0 || pairs.length % 2 !== 0) {
  console.error('usage: node names.mjs SITE_FOLDER QUERY TITLE [QUERY TITLE]...');
  process.exit(2);
}

await runOnSite(folder, async (page, address) => {
  await page.goto(`${address}search/`);
  const found = [];
  for (let i = 0; i < pairs.length; i += 2) {
    const [query, title] = [pairs[i], pairs[i + 1]];
    await page.fill('#search-q', query);
    const first = await page
      .waitForFunction(
        (title) => document.querySelector('#search-results li a')?.textContent === title,
        title,
        { timeout: WAIT_MS },
      )
      .then(() => title, async () => {
        const status = await page.locator('#search-status').textContent();
        const link = await page.locator('#search-results li a').first().textContent().catch(() => 'nothing');
        return `${link} (${status})`;
      });
    if (first !== title) fail(`searching for "${query}" should put "${title}" first, not ${first}`);
    found.push(`"${query}" -> ${title}`);
  }
  return found.join('; ');
});
