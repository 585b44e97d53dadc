// The layout budgets of issue 19, on a built site (the shipped dossier's,
// from tests/browser.rs), served by a plain static file server. For every
// kind of page (kinds.mjs) at each width in WIDTHS:
// - no horizontal scroll (the page is no wider than the window);
// - no layout shift over the load and a scroll to the end and back (CLS 0);
// - the current section's nav link, and only it, has aria-current="page".
// And:
// - at 1280 px the right rail of a brief, topic, actor and plain page sits
//   beside the text (its box right of the text's), its contents stay in view
//   (sticky) after a scroll and mark the section read (aria-current), and the
//   text column holds 60-76 characters a line;
// - at 768 px the rail is folded into the column: nothing of it beside the
//   text, its contents above the text and its sources below;
// - at 1000 and 1280 px the site title, nav and search box share one line;
// - every brief's own HTML, stylesheets and scripts weigh under 60 kB
//   (read from the files; images and pagefind's lazy files do not count).
//
//   node tests/browser/design.mjs SITE_FOLDER
//
// Exits 0 printing the brief byte figure, 1 listing every problem.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { WIDTHS, pageKinds, routeBaseUrl } from './kinds.mjs';
import { launch, serveFolder, watchedPage } from './static-server.mjs';

const BRIEF_BUDGET = 60_000;
const [folder] = process.argv.slice(2);
if (!folder) {
  console.error('usage: node design.mjs SITE_FOLDER');
  process.exit(2);
}

/// The nav link each kind of page marks current ("About this dossier" is
/// the plain page's title); the others mark none.
const CURRENT = {
  topic: 'Topics', topics: 'Topics', actor: 'Actors', actors: 'Actors', timeline: 'Timeline',
  sources: 'Sources', graph: 'Graph', changes: 'Changes',
};
const RAILED = new Set(['brief', 'topic', 'actor', 'page']);

// Sums layout shifts from the first paint on, as the Core Web Vitals do
// (shifts right after input do not count; a scroll is no input).
const watchShifts = () => {
  window.__shift = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
};

const box = (page, selector) =>
  page.evaluate((s) => {
    const e = document.querySelector(s);
    if (!e) return null;
    const r = e.getBoundingClientRect();
    return { left: r.left, right: r.right, top: r.top + scrollY, bottom: r.bottom + scrollY, width: r.width, height: r.height };
  }, selector);

async function measure(page, address, { kind, path }, width, problems) {
  const at = `/${path} at ${width} px`;
  await page.setViewportSize({ width, height: 900 });
  await page.goto(`${address}${path}`, { waitUntil: 'load' });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const scroll = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  if (scroll[0] > scroll[1]) problems.push(`${at}: scrolls sideways (${scroll[0]} px wide in ${scroll[1]})`);
  await page.evaluate(async () => {
    const frame = () => new Promise((r) => requestAnimationFrame(r));
    for (const y of [document.documentElement.scrollHeight / 2, document.documentElement.scrollHeight, 0]) {
      window.scrollTo(0, y);
      await frame();
      await frame();
    }
    await new Promise((r) => setTimeout(r, 100));
  });
  const shift = await page.evaluate(() => window.__shift);
  if (shift > 0) problems.push(`${at}: layout shift ${shift.toFixed(4)} (want 0)`);
  const current = await page.locator('nav[aria-label="Main"] a[aria-current="page"]').allTextContents();
  const want = kind === 'page' ? [await page.locator('h1').first().textContent()] : CURRENT[kind] ? [CURRENT[kind]] : [];
  if (JSON.stringify(current.map((t) => t.trim())) !== JSON.stringify(want.map((t) => t.trim()))) {
    problems.push(`${at}: nav links marked current: ${JSON.stringify(current)}, want ${JSON.stringify(want)}`);
  }
  if (width >= 1000) await oneLine(page, at, problems);
  const hasRail = (await page.locator('.rail').count()) > 0;
  if (RAILED.has(kind) && kind !== 'page' && !hasRail) problems.push(`${at}: no right rail`);
  if (hasRail && width === 1280) await railBeside(page, at, problems);
  if (hasRail && width === 768) await railFolded(page, at, problems);
}

/// Title, nav and search box on one line: their middles within a few px.
async function oneLine(page, at, problems) {
  const brand = await box(page, '.masthead .brand');
  const nav = await box(page, '.masthead nav ul');
  const search = await box(page, '.site-search input');
  if (!brand || !nav || !search) return problems.push(`${at}: header lacks a title, nav or search box`);
  const middle = (b) => (b.top + b.bottom) / 2;
  const spread = Math.max(...[brand, nav, search].map(middle)) - Math.min(...[brand, nav, search].map(middle));
  if (spread > 6 || nav.height > 40) {
    problems.push(`${at}: title, nav and search box are not on one line (middles ${spread.toFixed(1)} px apart, nav ${nav.height} px high)`);
  }
  // One line, and nothing on it overlaps: title, then each link, then the box.
  const first = await box(page, '.masthead nav li:first-child');
  const last = await box(page, '.masthead nav li:last-child');
  if (first.left < brand.right || last.right > search.left) {
    problems.push(`${at}: the header's title, nav and search box overlap`);
  }
}

/// At 1280 px: the rail right of the text, sticky contents, a measure of
/// 60-76 characters, and the contents marking the section scrolled to.
async function railBeside(page, at, problems) {
  const rail = await box(page, '.rail');
  const text = await box(page, '.doc > .page-head');
  if (!rail || rail.width === 0) return problems.push(`${at}: the rail has no box`);
  if (rail.left < text.right) problems.push(`${at}: the rail (left ${rail.left}) is not beside the text (right ${text.right})`);
  if (rail.top > text.top + 50) problems.push(`${at}: the rail starts ${rail.top - text.top} px below the text's top`);
  const chars = await page.evaluate(() => {
    const prose = document.querySelector('.doc > .prose, .doc > .page-head');
    const probe = document.createElement('span');
    probe.textContent = '0'.repeat(100);
    probe.style.position = 'absolute';
    prose.append(probe);
    const ch = probe.getBoundingClientRect().width / 100;
    probe.remove();
    return prose.getBoundingClientRect().width / ch;
  });
  if (chars < 60 || chars > 76) problems.push(`${at}: the text column is ${chars.toFixed(1)}ch wide (want 60-76)`);
  if ((await page.locator('.rail .toc').count()) === 0) return;
  const marked = await page.evaluate(async () => {
    const links = [...document.querySelectorAll('.rail .toc a')];
    const target = links[Math.min(2, links.length - 1)];
    document.getElementById(decodeURIComponent(target.hash.slice(1))).scrollIntoView();
    window.scrollBy(0, 10);
    for (let i = 0; i < 20 && !target.hasAttribute('aria-current'); i++) await new Promise((r) => setTimeout(r, 50));
    const toc = document.querySelector('.rail .toc').getBoundingClientRect();
    return {
      current: document.querySelectorAll('.rail .toc a[aria-current]').length,
      target: target.getAttribute('aria-current'),
      inView: toc.top >= 0 && toc.top < innerHeight && scrollY > 0,
    };
  });
  if (!['true', 'location'].includes(marked.target) || marked.current !== 1) {
    problems.push(`${at}: scrolled to a section, its contents link is not the one marked (aria-current=${marked.target}, ${marked.current} marked)`);
  }
  if (!marked.inView) problems.push(`${at}: the contents scrolled out of view (not sticky)`);
}

/// At 768 px: nothing of the rail beside the text; contents above the text,
/// the rest below it.
async function railFolded(page, at, problems) {
  const text = await box(page, '.doc > .prose') ?? (await box(page, '.doc > .page-head'));
  const parts = await page.evaluate(() =>
    [...document.querySelectorAll('.rail > *')]
      .filter((e) => e.getClientRects().length > 0)
      .map((e) => {
        const r = e.getBoundingClientRect();
        return { toc: e.matches('.toc'), left: r.left, top: r.top + scrollY, bottom: r.bottom + scrollY };
      }),
  );
  for (const part of parts) {
    if (part.left >= text.right - 1) problems.push(`${at}: part of the rail is still beside the text`);
    if (part.toc && part.bottom > text.top + 1) problems.push(`${at}: the folded contents are not above the text`);
    if (!part.toc && part.top < text.bottom - 1) problems.push(`${at}: the folded sources or graph are not after the text`);
  }
}

/// The largest brief's own bytes: its HTML and the stylesheets and scripts
/// it links (not images, not pagefind's lazily loaded files).
function briefBytes() {
  let largest = { bytes: 0, name: '' };
  for (const name of readdirSync(join(folder, 'briefs'))) {
    const file = join(folder, 'briefs', name, 'index.html');
    let html;
    try {
      html = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const linked = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"|<script src="([^"]+)"/g)].map((m) => m[1] ?? m[2]);
    const own = linked.filter((href) => !href.includes('pagefind/')).map((href) => join(folder, 'briefs', name, href));
    const bytes = statSync(file).size + own.reduce((sum, f) => sum + statSync(f).size, 0);
    if (bytes > largest.bytes) largest = { bytes, name };
  }
  return largest;
}

const problems = [];
let browser;
let server;
const kinds = pageKinds(folder);
try {
  server = await serveFolder(folder);
  browser = await launch(chromium);
  const page = await watchedPage(browser, server.address);
  await page.addInitScript(watchShifts);
  await routeBaseUrl(page, folder);
  for (const kind of kinds) {
    for (const width of [...WIDTHS, 1000].sort((a, b) => a - b)) await measure(page, server.address, kind, width, problems);
  }
  problems.push(...page.external.map((r) => `external request: ${r}`), ...page.problems);
} catch (error) {
  problems.push(error.stack);
} finally {
  await browser?.close().catch(() => {});
  server?.close();
}
const brief = briefBytes();
console.log(`the largest brief page (briefs/${brief.name}/) with its stylesheets and scripts: ${brief.bytes} bytes (budget ${BRIEF_BUDGET})`);
if (brief.bytes >= BRIEF_BUDGET) problems.push(`briefs/${brief.name}/ weighs ${brief.bytes} bytes with its CSS and JS (budget ${BRIEF_BUDGET})`);
if (problems.length > 0) {
  console.error(`design budgets failed:\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(`ok: ${kinds.map((k) => k.kind).join(', ')} at ${WIDTHS.join(', ')} and 1000 px: no sideways scroll, CLS 0, nav marked, rail beside at 1280 and folded at 768, header on one line from 1000 px`);
