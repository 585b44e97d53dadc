// A benchmark, not a test: how long the search page of a built site takes
// to show its first results for `?q=QUERY`, from a plain static file server
// with LATENCY milliseconds added to every request (Chromium's network
// emulation, cache off), three times. The search page merges every shard
// of a sharded index before it can search, so this is what sharding costs
// a reader.
//
//   node tests/browser/load-time.mjs SITE_FOLDER LATENCY_MS QUERY
//
// Prints the folder, the latency and the three times in milliseconds.

import { chromium } from 'playwright-core';
import { launch, serveFolder } from './static-server.mjs';

const [folder, latency, query] = process.argv.slice(2);
if (!folder || !latency || !query) {
  console.error('usage: node load-time.mjs SITE_FOLDER LATENCY_MS QUERY');
  process.exit(2);
}
const { address, close } = await serveFolder(folder);
const browser = await launch(chromium);
const times = [];
for (let run = 0; run < 3; run++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: Number(latency),
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
  const start = Date.now();
  await page.goto(`${address}search/?q=${encodeURIComponent(query)}`);
  await page.waitForFunction(() => document.querySelector('#search-results li') !== null, null, {
    timeout: 120_000,
  });
  times.push(Date.now() - start);
  await context.close();
}
console.log(folder, latency, times.join(' '));
await browser.close();
await close();
