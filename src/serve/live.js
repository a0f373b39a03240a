// Live reload for `cardstock serve`. The preview server adds this script to the
// pages it serves; it is never part of a built site. It listens for rebuilds,
// reloads the page (keeping the scroll position) or only its stylesheets, and
// shows build errors over the page until the next good build.
(function () {
  "use strict";
  if (!window.EventSource) return;

  var SCROLL_KEY = "cardstock-scroll:" + location.pathname;
  var OVERLAY_ID = "cardstock-build-errors";

  restoreScroll();
  var events = new EventSource("/__cardstock/events");

  events.addEventListener("reload", function (e) {
    var data = parse(e.data) || {};
    if (!data.paths || data.paths.indexOf(currentPath()) !== -1) reload();
  });
  events.addEventListener("css", function () {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) swapStylesheet(links[i]);
  });
  // The browser also fires "error" (without data) when the connection drops;
  // only events from the server carry data.
  events.addEventListener("error", function (e) {
    var problems = e.data && parse(e.data);
    if (problems) showErrors(problems);
  });
  events.addEventListener("ok", hideErrors);

  function parse(text) {
    try {
      return JSON.parse(text);
    } catch (err) {
      return null;
    }
  }

  function currentPath() {
    return location.pathname.replace(/index\.html$/, "");
  }

  function reload() {
    try {
      sessionStorage.setItem(SCROLL_KEY, JSON.stringify([window.scrollX, window.scrollY]));
    } catch (err) {
      // Storage may be disabled; reload anyway.
    }
    location.reload();
  }

  function restoreScroll() {
    var saved;
    try {
      saved = sessionStorage.getItem(SCROLL_KEY);
      sessionStorage.removeItem(SCROLL_KEY);
    } catch (err) {
      return;
    }
    var position = saved && parse(saved);
    if (!position) return;
    var restore = function () {
      window.scrollTo(position[0], position[1]);
    };
    restore();
    window.addEventListener("load", restore);
  }

  // Loads the stylesheet again beside the old one and removes the old one
  // once the new one has loaded, so the page does not flash unstyled.
  function swapStylesheet(link) {
    var url = new URL(link.href, location.href);
    url.searchParams.set("cardstock-reload", String(Date.now()));
    var fresh = link.cloneNode();
    fresh.href = url.href;
    fresh.addEventListener("load", function () {
      link.remove();
    });
    fresh.addEventListener("error", function () {
      link.remove();
    });
    link.after(fresh);
  }

  function hideErrors() {
    var old = document.getElementById(OVERLAY_ID);
    if (old) old.remove();
  }

  function showErrors(problems) {
    hideErrors();
    var box = element("div", "");
    box.id = OVERLAY_ID;
    box.setAttribute("role", "alert");
    box.setAttribute("aria-labelledby", OVERLAY_ID + "-title");
    box.style.cssText =
      "position:fixed;left:0;right:0;bottom:0;z-index:2147483647;max-height:60vh;overflow:auto;" +
      "margin:0;padding:1rem 1.25rem;background:#fff;color:#1b1b1b;border-top:6px solid #b3261e;" +
      "box-shadow:0 -4px 16px rgba(0,0,0,.3);font:16px/1.5 system-ui,-apple-system,Segoe UI,sans-serif;text-align:left";
    box.dir = "ltr";
    var title = element("h2", "Cardstock could not rebuild the site");
    title.id = OVERLAY_ID + "-title";
    title.style.cssText = "margin:0 0 .25rem;font-size:1.25rem;color:#b3261e";
    box.appendChild(title);
    box.appendChild(
      element("p", "These pages show the last good build. Fix the problem below and save; this message goes away by itself.")
    );
    var list = element("ul", "");
    list.style.cssText = "margin:.5rem 0;padding-left:1.25rem";
    problems.forEach(function (problem) {
      var item = element("li", "");
      item.style.margin = ".5rem 0";
      var where = element("code", location_of(problem));
      where.style.cssText = "font-weight:bold;word-break:break-all";
      item.appendChild(where);
      item.appendChild(document.createTextNode(": " + problem.message));
      if (problem.help) {
        var help = element("div", "help: " + problem.help);
        help.style.color = "#3d3d3d";
        item.appendChild(help);
      }
      list.appendChild(item);
    });
    box.appendChild(list);
    var close = element("button", "Hide");
    close.type = "button";
    close.style.cssText = "font:inherit;padding:.25rem .75rem;cursor:pointer";
    close.addEventListener("click", hideErrors);
    box.appendChild(close);
    document.body.appendChild(box);
  }

  function location_of(problem) {
    var text = problem.file || "(toolkit)";
    if (problem.line) text += ":" + problem.line;
    if (problem.line && problem.column) text += ":" + problem.column;
    return text;
  }

  function element(name, text) {
    var node = document.createElement(name);
    if (text) node.textContent = text;
    return node;
  }
})();
