/* Loaded without `defer` in <head>: marks the page as scripted before it is
   painted, so the CSS can show the search box and the list filters from the
   first paint instead of swapping them in after load (no layout shift).
   A file rather than an inline script, so a strict Content-Security-Policy works. */
document.documentElement.className += ' js';

/* Print buttons (beside "Download PDF", and on the print packet page) work
   only with JavaScript, so they are hidden until it runs. */
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('button.print-page').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () { window.print(); });
  });
});
