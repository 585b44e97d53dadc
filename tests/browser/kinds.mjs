// Every kind of page a built site has, one of each, as paths below the
// site's root: what design.mjs checks and screenshots.mjs photographs.
// The brief, topic and actor are the first (by folder name) whose page
// has a right rail, preferring one with a table of contents; the plain
// page is the first folder at the root that is no section of the site.

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const SECTIONS = new Set(['briefs', 'topics', 'actors', 'timeline', 'sources', 'changes', 'graph', 'print',
  'search', 'exports', 'static', 'pagefind', 'files']);

const folders = (dir) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'index.html')))
    .map((e) => e.name)
    .sort();

/// The first page under `kind/` whose HTML holds `marker`, else the first.
function pick(folder, kind, markers) {
  const names = folders(join(folder, kind));
  const html = (n) => readFileSync(join(folder, kind, n, 'index.html'), 'utf8');
  for (const marker of markers) {
    const name = names.find((n) => html(n).includes(marker));
    if (name) return `${kind}/${name}/`;
  }
  return names.length > 0 ? `${kind}/${names[0]}/` : null;
}

/// `[{ kind, path }]` for the site built in `folder`.
export function pageKinds(folder) {
  const rail = ['class="toc"', 'class="rail"'];
  const plain = folders(folder).find((n) => !SECTIONS.has(n));
  const kinds = [
    ['front', ''],
    ['brief', pick(folder, 'briefs', rail)],
    ['topic', pick(folder, 'topics', rail)],
    ['actor', pick(folder, 'actors', rail)],
    ['topics', 'topics/'],
    ['actors', 'actors/'],
    ['timeline', 'timeline/'],
    ['sources', 'sources/'],
    ['graph', 'graph/'],
    ['search', 'search/'],
    ['changes', 'changes/'],
    ['exports', 'exports/'],
    ['404', '404.html'],
    ['page', plain ? `${plain}/` : null],
  ];
  return kinds.filter(([, path]) => path !== null).map(([kind, path]) => ({ kind, path }));
}

export const WIDTHS = [320, 360, 768, 1280, 1920];

/// The 404 page links its style sheet and scripts by the site's absolute
/// address (it is served at any path); `page` gets them from `folder`
/// instead of the network.
export async function routeBaseUrl(page, folder) {
  const home = readFileSync(join(folder, 'index.html'), 'utf8');
  const base = /<link rel="canonical" href="([^"]+)">/.exec(home)?.[1];
  if (!base) return;
  await page.route(`${base}**`, (route) => {
    const rest = decodeURIComponent(new URL(route.request().url()).pathname.slice(new URL(base).pathname.length));
    return route.fulfill({ path: join(folder, rest || 'index.html') });
  });
}
