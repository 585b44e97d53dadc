// The search page: Pagefind's index (in pagefind/, built by dossier) behind
// a plain form. Results show title, date and a snippet; selects narrow them
// by topic, actor, year and kind. `?q=` (from the search box on every page)
// starts a search. Everything loads from this site; nothing else.
(async () => {
  'use strict';
  const script = document.currentScript;
  const base = new URL('./' + (script?.dataset.root ?? ''), location.href);
  const form = document.querySelector('.search-form');
  const input = document.getElementById('search-q');
  const filtersBox = document.getElementById('search-filters');
  const status = document.getElementById('search-status');
  const list = document.getElementById('search-results');
  const labels = { topic: 'Topic', actor: 'Actor', year: 'Year', kind: 'Kind' };
  const SHOWN = 20;

  // A large dossier's index comes in shards (pagefind/shards.json lists
  // them): the first one's script searches them all together. Pages in
  // another language than the site's have shards of their own, listed
  // with their language, merged under it so its index is the one read.
  let pagefind;
  try {
    const listed = await fetch(new URL('pagefind/shards.json', base));
    const { shards } = await listed.json();
    const url = (s) => new URL('pagefind/' + s.path, base).href;
    const [first, ...rest] = shards;
    pagefind = await import(url(first) + 'pagefind.js');
    await pagefind.options({ excerptLength: 24 });
    await pagefind.init();
    // Merged together, not one after another: each is two small
    // requests, and a large dossier has dozens of shards.
    await Promise.all(
      rest.map((shard) =>
        pagefind.mergeIndex(url(shard), shard.language ? { language: shard.language } : {}),
      ),
    );
  } catch (error) {
    status.textContent = 'Search could not load here; it works when the site is served over HTTP.';
    return;
  }

  const selects = {};
  const available = await pagefind.filters();
  for (const name of Object.keys(labels)) {
    const values = Object.keys(available[name] ?? {}).sort();
    if (values.length === 0) continue;
    const label = document.createElement('label');
    label.textContent = labels[name] + ' ';
    const select = document.createElement('select');
    select.name = name;
    select.append(new Option('Any', ''));
    for (const value of values) select.append(new Option(value, value));
    label.append(select);
    filtersBox.append(label);
    selects[name] = select;
    select.addEventListener('change', run);
  }

  /// A result's page, resolved against the site root.
  const hrefOf = (url) => new URL(url.replace(/^\/+/, ''), base).href;

  function chosenFilters() {
    const filters = {};
    for (const [name, select] of Object.entries(selects)) {
      if (select.value) filters[name] = select.value;
    }
    return filters;
  }

  let latest = 0;
  async function run() {
    const query = input.value.trim();
    const filters = chosenFilters();
    const ticket = ++latest;
    if (!query && Object.keys(filters).length === 0) {
      list.replaceChildren();
      status.textContent = '';
      return;
    }
    const search = await pagefind.search(query || null, { filters });
    const data = await Promise.all(search.results.slice(0, SHOWN).map((r) => r.data()));
    if (ticket !== latest) return;
    list.replaceChildren(...data.map(item));
    const total = search.results.length;
    status.textContent = total === 0 ? 'No results.'
      : `${total} result${total === 1 ? '' : 's'}${total > SHOWN ? `, the first ${SHOWN} shown` : ''}.`;
  }

  function item(result) {
    const li = document.createElement('li');
    const link = document.createElement('a');
    link.href = hrefOf(result.url);
    // Isolated, so a right-to-left title cannot reorder the date after it.
    const name = document.createElement('bdi');
    name.textContent = result.meta.title ?? result.url;
    link.append(name);
    li.append(link);
    if (result.meta.date) {
      const date = document.createElement('span');
      date.className = 'date';
      date.textContent = ' ' + result.meta.date;
      li.append(date);
    }
    const excerpt = document.createElement('p');
    excerpt.dir = 'auto';
    // Pagefind's excerpt is escaped text with <mark> around the matches.
    excerpt.innerHTML = result.excerpt;
    li.append(excerpt);
    return li;
  }

  let timer;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    history.replaceState(null, '', '?q=' + encodeURIComponent(input.value));
    run();
  });
  // A query from `?q=`, or one typed while the index was loading.
  const start = new URLSearchParams(location.search).get('q');
  if (start && !input.value) input.value = start;
  if (input.value.trim()) run();
})();
