/* The print packet: the cards ticked on a card list arrive as `?card=<site
   path>`; each card's page is fetched from this same site, its article taken
   and laid out one per printed page. Nothing leaves the site: a path must be
   a plain site path (no scheme, no `//`, no `..`), so a crafted link cannot
   make this page fetch from elsewhere. */
(function () {
  var packet = document.querySelector('.packet');
  if (!packet) return;
  var root = packet.getAttribute('data-root') || '';
  var status = packet.querySelector('.packet-status');
  var holder = packet.querySelector('.packet-cards');
  var plainPath = /^[A-Za-z0-9][A-Za-z0-9_\-.\/%]*\/$/;
  var paths = new URLSearchParams(window.location.search).getAll('card').filter(function (p) {
    return plainPath.test(p) && p.indexOf('..') < 0 && p.indexOf('//') < 0;
  });
  if (!paths.length) {
    packet.querySelector('.packet-empty').hidden = false;
    return;
  }
  Promise.all(paths.map(function (path) {
    var url = new URL(root + path, window.location.href);
    return fetch(url.href, { credentials: 'same-origin' })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { return html && { url: url, doc: new DOMParser().parseFromString(html, 'text/html') }; })
      .catch(function () { return null; });
  })).then(function (pages) {
    var shown = 0;
    pages.forEach(function (page, i) {
      var article = page && page.doc.querySelector('main article');
      if (!article) return;
      article.querySelectorAll('script, style, nav, form, .handout-links, .citation-downloads, .translation-notice').forEach(function (el) { el.remove(); });
      // Links and images keep working away from the card's own address. A
      // link within the site becomes a path, not a full address, so that
      // print shows addresses only of links that leave the site, as on the
      // card's own page.
      var sitePath = function (value) {
        var url = new URL(value, page.url);
        return url.origin === window.location.origin ? url.pathname + url.search + url.hash : url.href;
      };
      article.querySelectorAll('[href]').forEach(function (el) { el.setAttribute('href', sitePath(el.getAttribute('href'))); });
      article.querySelectorAll('[src]').forEach(function (el) { el.setAttribute('src', sitePath(el.getAttribute('src'))); });
      // Ids repeat from card to card: each card's get its own prefix.
      var prefix = 'card' + (i + 1) + '-';
      article.querySelectorAll('[id]').forEach(function (el) { el.id = prefix + el.id; });
      article.querySelectorAll('[aria-labelledby]').forEach(function (el) {
        el.setAttribute('aria-labelledby', el.getAttribute('aria-labelledby').split(/\s+/).map(function (id) { return prefix + id; }).join(' '));
      });
      article.querySelectorAll('a[href*="#"]').forEach(function (el) {
        var target = new URL(el.getAttribute('href'), window.location.href);
        if (target.pathname === page.url.pathname && target.hash) el.setAttribute('href', '#' + prefix + target.hash.slice(1));
      });
      var section = document.createElement('section');
      section.className = 'packet-card';
      var lang = page.doc.documentElement.getAttribute('lang');
      if (lang && lang !== document.documentElement.lang) section.setAttribute('lang', lang);
      section.appendChild(document.importNode(article, true));
      holder.appendChild(section);
      shown += 1;
    });
    // "3 strategy cards", with the language's plural rules and digits.
    var lang = document.documentElement.lang;
    var form = new Intl.PluralRules(lang).select(shown);
    var pattern = packet.getAttribute('data-count-' + form) || packet.getAttribute('data-count-other') || '{n}';
    status.textContent = pattern.replace('{n}', shown.toLocaleString(lang));
    if (!shown) packet.querySelector('.packet-empty').hidden = false;
  });
})();
