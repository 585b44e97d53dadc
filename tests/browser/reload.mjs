// Proves in a real browser that a page served by `dossier serve` reloads
// itself after an edit, shows the error overlay after a broken edit and
// drops it after the fix, all without this script navigating.
//
//   node tests/browser/reload.mjs DOSSIER_BINARY DOSSIER_FOLDER
//
// DOSSIER_FOLDER must hold content/briefs/a.md whose body says
// "Alpha first text" (tests/browser.rs makes one). Uses Debian's Chromium
// at /usr/bin/chromium through playwright-core; downloads nothing.
// Exits 0 on success, 1 with a message on stderr otherwise.

import { spawn } from 'node:child_process';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { fail } from './static-server.mjs';

const WAIT_MS = 15_000;
const [binary, root] = process.argv.slice(2);
if (!binary || !root) {
  console.error('usage: node reload.mjs DOSSIER_BINARY DOSSIER_FOLDER');
  process.exit(2);
}

let server;
let browser;
let serverLog = '';

/// Starts `dossier serve --port 0` and resolves to the address it prints.
function startServer() {
  server = spawn(binary, ['serve', '-r', root, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  server.stderr.on('data', (chunk) => {
    serverLog += chunk;
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(
      () => reject(new Error(`dossier serve printed no address within ${WAIT_MS} ms`)),
      WAIT_MS,
    );
    server.stdout.on('data', (chunk) => {
      stdout += chunk;
      serverLog += chunk;
      const found = stdout.match(/serving the dossier at (http:\/\/\S+\/) \(Ctrl-C to stop\)/);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
    server.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${binary}: ${error.message}`));
    });
    server.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dossier serve exited with ${code}`));
    });
  });
}

/// Replaces brief a's body on disk, in one rename as an editor saves.
function writeBrief(body) {
  const path = join(root, 'content', 'briefs', 'a.md');
  writeFileSync(`${path}.tmp`, `---\ntitle: Alpha\n---\n\n${body}\n`);
  renameSync(`${path}.tmp`, path);
}

/// Polls the open page (never navigating it) until `check` returns a
/// true value; a reload in progress only makes one poll fail.
async function waitInPage(page, what, check) {
  const deadline = Date.now() + WAIT_MS;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const state = await page.evaluate(check);
      if (state.ok) return state;
      last = JSON.stringify(state);
    } catch (error) {
      last = `evaluation failed (page reloading?): ${error.message.split('\n')[0]}`;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  fail(`${what}: not seen within ${WAIT_MS} ms; last state: ${last}`);
}

/// What the page shows: the brief's text, the overlay's, and whether the
/// marker set before the edit survived (it does not across a reload).
function pageState() {
  const overlay = document.getElementById('dossier-errors');
  return {
    prose: document.querySelector('.prose')?.innerText ?? '',
    overlay: overlay ? overlay.innerText : null,
    marked: window.__dossierMarker === true,
  };
}

async function main() {
  const address = await startServer();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  const url = `${address}briefs/a/`;
  const channel = page.waitForResponse((r) => r.url().includes('/__dossier/events'), {
    timeout: WAIT_MS,
  });
  const response = await page.goto(url);
  if (response?.status() !== 200) fail(`GET ${url} answered ${response?.status()}`);
  let state = await page.evaluate(pageState);
  if (!state.prose.includes('Alpha first text')) fail(`unexpected first page: ${state.prose}`);
  if (state.overlay !== null) fail(`overlay on a good site: ${state.overlay}`);
  // Wait until the page's reload channel is open, so the test proves
  // the push and not only the version check made on connecting.
  const events = await channel;
  if (!(events.headers()['content-type'] ?? '').startsWith('text/event-stream')) {
    fail(`the reload channel answered ${events.status()} ${events.headers()['content-type']}`);
  }

  // 1. An edit: the page reloads itself and shows the new text.
  await page.evaluate(() => {
    window.__dossierMarker = true;
  });
  writeBrief('Alpha second text.');
  state = await waitInPage(page, 'the edited text', () => {
    const prose = document.querySelector('.prose')?.innerText ?? '';
    return { ok: prose.includes('Alpha second text'), prose };
  });
  state = await page.evaluate(pageState);
  if (state.marked) fail('the new text appeared without a reload');
  if (page.url() !== url) fail(`the page moved to ${page.url()}`);

  // 2. A broken edit: the last good text stays, the overlay tells why.
  writeBrief('Alpha broken text, see [[nowhere-at-all]].');
  state = await waitInPage(page, 'the error overlay', () => {
    const overlay = document.getElementById('dossier-errors');
    return {
      ok: overlay !== null,
      overlay: overlay?.innerText ?? null,
      prose: document.querySelector('.prose')?.innerText ?? '',
    };
  });
  for (const expected of ['unknown link target', 'nowhere-at-all', 'content/briefs/a.md']) {
    if (!state.overlay.includes(expected)) fail(`the overlay lacks ${expected}: ${state.overlay}`);
  }
  if (!state.prose.includes('Alpha second text')) {
    fail(`the last good text is gone: ${state.prose}`);
  }
  const visible = await page.locator('#dossier-errors').isVisible();
  if (!visible) fail('the error overlay is in the page but not visible');

  // 3. The fix: the overlay goes, the fixed text shows.
  writeBrief('Alpha fixed text.');
  await waitInPage(page, 'the fixed text without the overlay', () => {
    const prose = document.querySelector('.prose')?.innerText ?? '';
    const overlay = document.getElementById('dossier-errors');
    return { ok: prose.includes('Alpha fixed text') && overlay === null, prose };
  });
  if (page.url() !== url) fail(`the page moved to ${page.url()}`);
  if (problems.length > 0) fail(problems.join('\n'));
}

let code = 0;
try {
  await main();
  console.log('ok: the page reloaded after an edit, showed the error overlay and cleared it');
} catch (error) {
  code = 1;
  console.error(`browser test failed: ${error.expected ? error.message : error.stack}`);
  console.error(`--- dossier serve output\n${serverLog}`);
} finally {
  await browser?.close().catch(() => {});
  server?.kill();
}
process.exit(code);
