/* Loaded without `defer` in <head>: marks the page as scripted before it is
   painted, so the CSS can show the search box and the list filters from the
   first paint instead of swapping them in after load (no layout shift).
   A file rather than an inline script, so a strict Content-Security-Policy works. */
document.documentElement.className += ' js';
