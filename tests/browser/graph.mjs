// The graph as a reader sees it at a phone's and a desktop's width: every
// label in view is at least 12 px on screen and no two overlap; on a phone
// the global graph is a list; a local graph with one neighbour is small.
//
//   node tests/browser/graph.mjs SHIPPED_SITE SPARSE_SITE
//
// SHIPPED_SITE is the built shipped dossier; SPARSE_SITE a built dossier
// whose actor `lone` is named by one brief only (tests/browser.rs builds
// both). Exits 0 on success, 1 with a message on stderr otherwise.

import { chromium } from 'playwright-core';
import { fail, launch, serveFolder } from './static-server.mjs';

const [shipped, sparse] = process.argv.slice(2);
if (!shipped || !sparse) {
  console.error('usage: node graph.mjs SHIPPED_SITE SPARSE_SITE');
  process.exit(2);
}

const WIDTHS = [360, 1280];
const MIN_FONT = 12;
const MAX_SPARSE_HEIGHT = 160;
/// Pages of the shipped dossier with a graph: the global one, a topic
/// with many neighbours and an actor with a few.
const PAGES = ['graph/', 'topics/military-cooperation/', 'actors/armenia/'];

/// The graph labels a reader sees on the page: displayed, not transparent.
async function visibleLabels(page) {
  return page.evaluate(() => {
    const seen = [];
    for (const text of document.querySelectorAll('svg.graph text')) {
      const box = text.getBoundingClientRect();
      if (text.getClientRects().length === 0 || box.width === 0) continue;
      let hidden = false;
      for (let e = text; e && e !== document.body; e = e.parentElement) {
        const style = getComputedStyle(e);
        if (style.opacity === '0' || style.visibility === 'hidden' || style.display === 'none') hidden = true;
      }
      if (hidden) continue;
      const scale = text.getScreenCTM()?.a ?? 1;
      const font = parseFloat(getComputedStyle(text).fontSize) * scale;
      seen.push({ text: text.textContent, font, box: { l: box.left, t: box.top, r: box.right, b: box.bottom } });
    }
    return seen;
  });
}

function checkLabels(labels, where) {
  for (const label of labels) {
    if (label.font < MIN_FONT) fail(`${where}: label "${label.text}" is ${label.font.toFixed(1)} px on screen`);
  }
  const meet = (a, b) => a.l < b.r - 0.5 && b.l < a.r - 0.5 && a.t < b.b - 0.5 && b.t < a.b - 0.5;
  for (let i = 0; i < labels.length; i += 1) {
    for (let j = i + 1; j < labels.length; j += 1) {
      if (meet(labels[i].box, labels[j].box)) {
        fail(`${where}: labels "${labels[i].text}" and "${labels[j].text}" overlap`);
      }
    }
  }
}

async function shippedGraphs(browser, address) {
  const counts = [];
  for (const width of WIDTHS) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    for (const path of PAGES) {
      await page.goto(address + path);
      const labels = await visibleLabels(page);
      checkLabels(labels, `${path} at ${width} px`);
      counts.push(`${path}@${width}: ${labels.length}`);
      if (path !== 'graph/' && labels.length === 0) fail(`${path} at ${width} px shows no graph label`);
    }
    await page.goto(`${address}graph/`);
    const list = page.locator('.graph-list');
    if (width < 700) {
      if (!(await list.isVisible())) fail(`at ${width} px the graph page shows no list`);
      const links = await list.locator('a').evaluateAll((all) => all.map((a) => parseFloat(getComputedStyle(a).fontSize)));
      if (links.length < 20) fail(`the graph's list holds only ${links.length} links`);
      if (Math.min(...links) < MIN_FONT) fail(`the graph's list has ${Math.min(...links)} px links`);
    } else {
      if (await list.isVisible()) fail(`at ${width} px the graph page shows the list, not the picture`);
      const shown = (await visibleLabels(page)).length;
      if (shown < 10) fail(`at ${width} px the graph shows only ${shown} labels`);
    }
    await page.close();
  }
  return counts.join(', ');
}

async function sparseGraph(browser, address) {
  const heights = [];
  for (const width of WIDTHS) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(`${address}actors/lone/`);
    const svg = page.locator('.local-graph svg.graph');
    const box = await svg.boundingBox();
    if (!box) fail(`at ${width} px the lone actor has no local graph`);
    if (box.height > MAX_SPARSE_HEIGHT) fail(`at ${width} px a local graph with one neighbour is ${box.height} px tall`);
    const labels = await visibleLabels(page);
    checkLabels(labels, `actors/lone/ at ${width} px`);
    if (labels.length === 0) fail(`at ${width} px the lone actor's graph shows no label`);
    heights.push(`${Math.round(box.width)}×${Math.round(box.height)} at ${width}`);
    await page.close();
  }
  return heights.join(', ');
}

let code = 0;
const servers = [];
let browser;
try {
  const [one, two] = [await serveFolder(shipped), await serveFolder(sparse)];
  servers.push(one, two);
  browser = await launch(chromium);
  const labels = await shippedGraphs(browser, one.address);
  const sparseSize = await sparseGraph(browser, two.address);
  console.log(`ok: visible labels ${labels}; one-neighbour graph ${sparseSize}`);
} catch (error) {
  code = 1;
  console.error(`browser test failed: ${error.expected ? error.message : error.stack}`);
} finally {
  await browser?.close().catch(() => {});
  for (const server of servers) server.close();
}
process.exit(code);
