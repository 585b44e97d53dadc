// Link previews: hovering or focusing an internal link shows the target's
// title, date and summary in a popover positioned over the page, so nothing
// moves. The data comes from previews.json, fetched once on first use.
// Without JavaScript, or if the file cannot be fetched (as from file://),
// links work as ever.
(() => {
  'use strict';
  const script = document.currentScript;
  const base = new URL('./' + (script?.dataset.root ?? ''), location.href);
  let data = null;
  let loading = null;
  let shownFor = null;

  const popover = document.createElement('div');
  popover.id = 'link-preview';
  popover.className = 'link-preview';
  popover.setAttribute('role', 'tooltip');
  popover.hidden = true;

  /// previews.json, or no previews when it cannot be had. A browser
  /// fetches nothing over file:// and says so in the console, where no
  /// script can catch it: opened from disk, the site asks for nothing.
  function fetchPreviews() {
    if (base.protocol === 'file:') return Promise.resolve({});
    return fetch(new URL('previews.json', base))
      .then((r) => (r.ok ? r.json() : {}))
      .catch(() => ({}));
  }

  function load() {
    loading ??= fetchPreviews().then((json) => {
      data = json;
    });
    return loading;
  }

  /// The previews.json key of a link: its URL folder below the site root.
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
    if (data === null) await load();
    const preview = data[key];
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
