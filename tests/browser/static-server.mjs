// What the browser tests share: a plain static file server that serves one
// folder as any static host would (a folder means its index.html), on a
// free port of 127.0.0.1, with no dossier code in it; Chromium's launch; a
// page that records requests leaving the site; and `fail`.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { chromium } from 'playwright-core';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

/// Serves `folder`; resolves to `{ address, close }`.
export async function serveFolder(folder) {
  const server = createServer(async (request, response) => {
    try {
      const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
      let file = normalize(join(folder, path));
      if (!file.startsWith(normalize(folder + sep)) && file !== normalize(folder)) throw new Error('outside');
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { address: `http://127.0.0.1:${port}/`, close: () => server.close() };
}

/// Launches Debian's Chromium headless through playwright-core.
export async function launch(chromium) {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/// A page that records every request leaving `address`, and page errors.
export async function watchedPage(browser, address) {
  const page = await browser.newPage();
  page.external = [];
  page.problems = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(address) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    page.external.push(`${route.request().resourceType()} ${url}`);
    return route.abort();
  });
  page.on('pageerror', (error) => page.problems.push(`page error: ${error.message}`));
  return page;
}

/// Fails a browser test with `message`, which is printed alone (no stack):
/// the test found something wrong, it did not crash.
export function fail(message) {
  const error = new Error(message);
  error.expected = true;
  throw error;
}

/// Runs a reader's browser test on the site in `folder`, served by the
/// static file server: `test(page, address)` returns what it showed, and
/// no request may leave the site nor the page raise an error. Exits the
/// process with 0, or 1 after printing the failure.
export async function runOnSite(folder, test) {
  let code = 0;
  let browser;
  let server;
  try {
    server = await serveFolder(folder);
    browser = await launch(chromium);
    const page = await watchedPage(browser, server.address);
    const shown = await test(page, server.address);
    if (page.external.length > 0) fail(`requests left the site: ${page.external.join(', ')}`);
    if (page.problems.length > 0) fail(page.problems.join('\n'));
    console.log(`ok: ${shown}`);
  } catch (error) {
    code = 1;
    console.error(`browser test failed: ${error.expected ? error.message : error.stack}`);
  } finally {
    await browser?.close().catch(() => {});
    server?.close();
  }
  process.exit(code);
}
