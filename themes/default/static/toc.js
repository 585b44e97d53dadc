// The table of contents marks the section being read: the last heading
// that has scrolled past the top fifth of the window gets
// aria-current="location" on its link. Only the link's colour and rule
// change, so marking one moves nothing. Without JavaScript the contents
// are a plain list of links.
(() => {
  'use strict';
  const toc = document.querySelector('.toc');
  if (!toc || !('IntersectionObserver' in window)) return;
  const links = new Map();
  for (const link of toc.querySelectorAll('a[href^="#"]')) {
    const heading = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (heading) links.set(heading, link);
  }
  const headings = [...links.keys()];
  if (headings.length === 0) return;
  const above = new Set();
  let marked = null;

  function mark() {
    // The current section is the last heading above the line, or none
    // before the first heading is reached.
    let current = null;
    for (const h of headings) if (above.has(h)) current = h;
    const link = current && links.get(current);
    if (link === marked) return;
    marked?.removeAttribute('aria-current');
    link?.setAttribute('aria-current', 'location');
    marked = link;
  }

  const observer = new IntersectionObserver(
    (entries) => {
      for (const e of entries) {
        // A heading out of view above the line counts as passed.
        if (e.isIntersecting || e.boundingClientRect.top < 0) above.add(e.target);
        else above.delete(e.target);
      }
      mark();
    },
    { rootMargin: '0px 0px -80% 0px' },
  );
  for (const h of headings) observer.observe(h);
})();
