// What a reader does on the built shipped dossier, served by a plain static
// file server: search and filter, follow graph nodes, see link previews on
// hover and on keyboard focus, follow links from disk (file://) without an
// error, and find every brief in the briefing pack.
//
//   node tests/browser/reader.mjs SITE_FOLDER
//
// SITE_FOLDER is the built shipped dossier (tests/browser.rs builds one).
// Exits 0 on success, 1 with a message on stderr otherwise.

import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fail, runOnSite } from './static-server.mjs';

const WAIT_MS = 15_000;
const [folder] = process.argv.slice(2);
if (!folder) {
  console.error('usage: node reader.mjs SITE_FOLDER');
  process.exit(2);
}

const results = (page) => page.locator('#search-results li a');

async function search(page, address) {
  // The search box on a brief leads to the search page with the query.
  await page.goto(`${address}briefs/gas-trade/`);
  await page.fill('#site-search-q', 'Shahed');
  await page.press('#site-search-q', 'Enter');
  await page.waitForURL(/search\/index\.html\?q=Shahed/, { timeout: WAIT_MS });
  await results(page).first().waitFor({ timeout: WAIT_MS });
  const first = await results(page).first().textContent();
  if (!first.includes('Shahed drones')) fail(`searching "Shahed" put first: ${first}`);
  const excerpt = await page.locator('#search-results li p mark').first().textContent();
  if (!/shahed/i.test(excerpt)) fail(`the snippet does not mark the match: ${excerpt}`);
  const date = await page.locator('#search-results li .date').first().textContent();
  if (!/\d{4}/.test(date)) fail(`the first result has no date: ${date}`);

  // Typing a new query on the search page itself.
  await page.fill('#search-q', 'Zangezur');
  await page.waitForFunction(
    () => document.querySelector('#search-results li a')?.textContent.includes('Zangezur'),
    null,
    { timeout: WAIT_MS },
  );

  // A filter narrows the results to briefs naming that topic.
  await page.fill('#search-q', 'Russia');
  await page.waitForFunction(() => document.querySelectorAll('#search-results li').length > 3, null, { timeout: WAIT_MS });
  const before = await page.locator('#search-status').textContent();
  await page.selectOption('select[name=topic]', 'Syria');
  await page.waitForFunction((old) => document.getElementById('search-status').textContent !== old, before, { timeout: WAIT_MS });
  const titles = await results(page).allTextContents();
  if (titles.length === 0) fail('the Syria filter left no results');
  for (const href of await results(page).evaluateAll((links) => links.map((a) => a.href))) {
    const target = await (await page.request.get(href)).text();
    if (!/>Syria</.test(target)) fail(`filtered by topic Syria, yet ${href} does not name Syria`);
  }
  // Following a result opens its page.
  await results(page).first().click();
  await page.waitForURL(/\/(briefs|topics|actors)\//, { timeout: WAIT_MS });
}

async function graph(page, address) {
  await page.goto(`${address}graph/`);
  const node = page.locator('svg.graph a.node.topic', { hasText: 'Drones' });
  await node.click();
  await page.waitForURL(/topics\/drones\/index\.html$/, { timeout: WAIT_MS });
  // The local graph leads on, to a brief one hop away.
  const brief = page.locator('.local-graph svg a.node.brief').first();
  const href = await brief.getAttribute('href');
  await brief.focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(new RegExp(href.replace(/^(\.\.\/)+/, '').replace(/\./g, '\\.') + '$'), { timeout: WAIT_MS });
}

async function previews(page, address) {
  await page.goto(`${address}briefs/treaty-signed-2025/`);
  const link = page.locator('.prose a.internal.actor', { hasText: 'Vladimir Putin' }).first();
  const box = await page.locator('main').boundingBox();
  await link.hover();
  const popover = page.locator('#link-preview');
  await popover.waitFor({ state: 'visible', timeout: WAIT_MS });
  const text = await popover.textContent();
  if (!text.includes('Vladimir Putin') || !/actor/i.test(text)) fail(`hover preview shows: ${text}`);
  const after = await page.locator('main').boundingBox();
  if (JSON.stringify(box) !== JSON.stringify(after)) fail('showing a preview moved the page');
  await page.mouse.move(0, 0);
  await popover.waitFor({ state: 'hidden', timeout: WAIT_MS });

  // Keyboard: tab until a brief link has focus; its preview shows, with a date.
  const briefLink = page.locator('.prose a.internal.brief').first();
  const title = await briefLink.evaluate((a) => a.getAttribute('href'));
  await page.locator('main h1').click();
  for (let i = 0; i < 80; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((href) => document.activeElement?.closest('.prose') && document.activeElement.getAttribute('href') === href, title)) break;
  }
  if (!(await page.evaluate((href) => document.activeElement?.closest('.prose') && document.activeElement.getAttribute('href') === href, title))) {
    fail(`tabbing never reached the brief link ${title}`);
  }
  await popover.waitFor({ state: 'visible', timeout: WAIT_MS });
  const described = await page.evaluate(() => document.activeElement.getAttribute('aria-describedby'));
  if (described !== 'link-preview') fail(`the focused link is not described by its preview: ${described}`);
  if (!/\d{4}/.test(await popover.textContent())) fail('the brief preview has no date');
  await page.keyboard.press('Escape');
  await popover.waitFor({ state: 'hidden', timeout: WAIT_MS });
}

/// Opened from disk (file://), the site is read by following its links,
/// and no page raises or logs an error on the way: the previews script
/// does not ask for its previews, which a browser refuses over file://.
async function fromDisk(page) {
  const local = await page.context().browser().newPage();
  const errors = [];
  local.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  local.on('pageerror', (error) => errors.push(error.message));
  await local.goto(pathToFileURL(resolve(folder, 'index.html')).href);
  await local.locator('a[href*="briefs/"]').first().click();
  await local.locator('.prose a.internal').first().click();
  await local.locator('h1').first().waitFor();
  await local.close();
  if (errors.length > 0) fail(`opened from disk, following links logged: ${errors.join('; ')}`);
}

function briefSlugs(site) {
  return readdirSync(join(site, 'briefs'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
}

async function pack(page, address) {
  await page.goto(`${address}print/`);
  await page.emulateMedia({ media: 'print' });
  const sections = await page.locator('section.pack-brief').evaluateAll((s) => s.map((e) => e.id));
  for (const slug of briefSlugs(folder)) {
    if (!sections.includes(`brief-${slug}`)) fail(`the briefing pack lacks brief ${slug}`);
  }
  const breaks = await page.locator('section.pack-brief').first().evaluate((e) => getComputedStyle(e).breakBefore);
  if (breaks !== 'page') fail(`briefs in the pack do not start a new page in print: ${breaks}`);
  const pdf = await page.pdf();
  if (pdf.length < 10_000) fail('printing the pack gave an empty PDF');
}

await runOnSite(folder, async (page, address) => {
  for (const [name, step] of Object.entries({ search, graph, previews, fromDisk, pack })) {
    try {
      await step(page, address);
    } catch (error) {
      fail(`${name}: ${error.expected ? error.message : error.stack}`);
    }
  }
  return 'search, filters, graph, previews on hover and focus, links from disk, and the briefing pack';
});
