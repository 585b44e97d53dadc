// Link previews: hovering or focusing an internal link shows the target's
// title, date and summary in a popover positioned over the page, so nothing
// moves. The previews come in buckets (previews/0.json, ...; how many,
// previews/index.json says), each page's in the bucket its key hashes to,
// so a hover fetches one small file, once, not every page's preview.
// Without JavaScript, or if the files cannot be fetched (as from file://),
// links work as ever.
(() => {
  'use strict';
  const script = document.currentScript;
  const base = new URL('./' + (script?.dataset.root ?? ''), location.href);
  let buckets = null;
  const fetched = new Map();
  let shownFor = null;

  const popover = document.createElement('div');
  popover.id = 'link-preview';
  popover.className = 'link-preview';
  popover.setAttribute('role', 'tooltip');
  popover.hidden = true;

  /// A JSON file of the previews folder, or `{}` when it cannot be had.
  /// A browser fetches nothing over file:// and says so in the console,
  /// where no script can catch it: opened from disk, the site asks for
  /// nothing.
  function fetchJson(name) {
    if (base.protocol === 'file:') return Promise.resolve({});
    return fetch(new URL('previews/' + name, base))
      .then((r) => (r.ok ? r.json() : {}))
      .catch(() => ({}));
  }

  /// The bucket of `key` among `count` (a power of two): the low bits of
  /// the 32-bit FNV-1a hash of its UTF-8 bytes, as dossier computes it.
  function bucketOf(key, count) {
    let hash = 0x811c9dc5;
    for (const byte of new TextEncoder().encode(key)) {
      hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
    }
    return hash & (count - 1);
  }

  /// The preview of the page with `key`, or undefined; each bucket is
  /// fetched once.
  async function previewOf(key) {
    buckets ??= fetchJson('index.json').then((index) => index.buckets ?? 0);
    const count = await buckets;
    if (!(count > 0)) return undefined;
    const number = bucketOf(key, count);
    if (!fetched.has(number)) fetched.set(number, fetchJson(number + '.json'));
    return (await fetched.get(number))[key];
  }

  /// The preview key of a link: its URL folder below the site root.
  function keyOf(link) {
    const url = new URL(link.href, location.href);
    if (!url.href.startsWith(base.href)) return null;
    return url.pathname.slice(base.pathname.length).replace(/index\.html$/, '');
  }

  function fill(preview) {
    popover.replaceChildren();
    const kind = document.createElement('span');
    kind.className = 'kicker';
    kind.textContent = preview.k + (preview.d ? ' · ' + preview.d : '');
    const title = document.createElement('strong');
    title.textContent = preview.t;
    title.dir = 'auto';
    popover.append(kind, title);
    if (preview.s) {
      const summary = document.createElement('p');
      summary.textContent = preview.s;
      summary.dir = 'auto';
      popover.append(summary);
    }
  }

  function place(link) {
    const box = link.getBoundingClientRect();
    const width = Math.min(352, document.documentElement.clientWidth - 16);
    popover.style.width = width + 'px';
    const left = Math.max(8, Math.min(box.left, document.documentElement.clientWidth - width - 8));
    popover.style.left = left + window.scrollX + 'px';
    popover.style.top = box.bottom + window.scrollY + 6 + 'px';
  }

  async function show(link) {
    const key = keyOf(link);
    if (key === null) return;
    shownFor = link;
    const preview = await previewOf(key);
    if (!preview || shownFor !== link) return;
    fill(preview);
    if (!popover.isConnected) document.body.append(popover);
    place(link);
    popover.hidden = false;
    link.setAttribute('aria-describedby', popover.id);
  }

  function hide() {
    shownFor?.removeAttribute('aria-describedby');
    shownFor = null;
    popover.hidden = true;
  }

  const linkOf = (event) => event.target.closest?.('a.internal[href]');
  document.addEventListener('mouseover', (e) => {
    const link = linkOf(e);
    if (link && link !== shownFor) show(link);
  });
  document.addEventListener('mouseout', (e) => {
    const link = linkOf(e);
    if (link && link === shownFor && !link.contains(e.relatedTarget)) hide();
  });
  document.addEventListener('focusin', (e) => {
    const link = linkOf(e);
    if (link) show(link);
  });
  document.addEventListener('focusout', (e) => {
    if (linkOf(e) === shownFor) hide();
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') hide();
  });
})();
