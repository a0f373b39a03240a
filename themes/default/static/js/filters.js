/* Cardstock list filters: checkboxes that narrow the card index or a resource list.
 *
 * Progressive enhancement. The page holds the complete list and a filter form
 * that the CSS shows only on pages marked as scripted (js/enhance.js), so the
 * form takes its place from the first paint and nobody without JavaScript
 * meets controls that do nothing. On every change this script hides the items
 * that do not match.
 *
 * The form says what to filter through data attributes (written by the theme):
 *   data-items     selector of the list items
 *   data-status    id of the live region (role="status") holding the count
 *   data-sections  optional selector of groups to hide when they are emptied
 *   data-shown     "Showing {shown} of 6 …" (the total already written in); data-none: the no-match text
 *   data-digits    the language's digits 0–9, to write {shown} with (e.g. Arabic-Indic)
 * Its heading holds a disclosure button (aria-expanded, aria-controls) that
 * shows and hides the checkboxes; it starts closed (the groups would push the
 * list a screen down) and shows how many options are checked. The submit
 * button ("Show the matching items") moves focus to the count above the list.
 * Each checkbox `name` is a data attribute of the items (`tags` → data-tags)
 * holding space-separated slugs. Within a group any checked option matches;
 * every group with a checked option must match.
 *
 * No dependencies, no build step; ES5 so old browsers do not break the page.
 */
(function () {
  'use strict';

  function toArray(list) {
    return Array.prototype.slice.call(list);
  }

  function wordsOf(element, key) {
    return (element.getAttribute('data-' + key) || '').split(' ').filter(Boolean);
  }

  /** Checked values by checkbox name: { tags: ['pdsa'], kind: ['guide', 'book'] }. */
  function checkedValues(form) {
    var picks = {};
    toArray(form.querySelectorAll('input[type="checkbox"]:checked')).forEach(function (box) {
      (picks[box.name] = picks[box.name] || []).push(box.value);
    });
    return picks;
  }

  function matches(item, picks) {
    return Object.keys(picks).every(function (key) {
      var values = wordsOf(item, key);
      return picks[key].some(function (wanted) {
        return values.indexOf(wanted) !== -1;
      });
    });
  }

  /** Hides emptied sections and the table-of-contents links that point at them. */
  function hideEmptySections(selector, itemSelector) {
    toArray(document.querySelectorAll(selector)).forEach(function (section) {
      var empty = !toArray(section.querySelectorAll(itemSelector)).some(function (item) {
        return !item.hidden;
      });
      section.hidden = empty;
      var headingId = section.getAttribute('aria-labelledby');
      if (!headingId) return;
      toArray(document.querySelectorAll('a[href="#' + headingId + '"]')).forEach(function (link) {
        if (link.parentNode && link.parentNode.tagName === 'LI') link.parentNode.hidden = empty;
      });
    });
  }

  /** The heading's button opens and closes the filter groups. */
  function setUpToggle(form) {
    var toggle = form.querySelector('.filter-toggle');
    var body = toggle && document.getElementById(toggle.getAttribute('aria-controls'));
    if (!body) return;
    function setOpen(open) {
      toggle.setAttribute('aria-expanded', String(open));
      body.hidden = !open;
    }
    toggle.addEventListener('click', function () {
      setOpen(toggle.getAttribute('aria-expanded') !== 'true');
    });
    setOpen(false);
  }

  /** "(2)" after the heading while two options are checked. */
  function showCheckedCount(form, n) {
    var count = form.querySelector('.filter-count');
    if (!count) return;
    count.hidden = n === 0;
    count.textContent = n === 0 ? '' : ' (' + localDigits(n, form.getAttribute('data-digits')) + ')';
  }

  /** Writes a number with the language's digits. */
  function localDigits(n, digits) {
    return String(n).replace(/[0-9]/g, function (d) {
      return digits && digits.length === 10 ? digits.charAt(Number(d)) : d;
    });
  }

  function setUp(form) {
    var itemSelector = form.getAttribute('data-items');
    var items = toArray(document.querySelectorAll(itemSelector));
    var status = document.getElementById(form.getAttribute('data-status'));
    var allText = status ? status.textContent : '';
    var sections = form.getAttribute('data-sections');

    function apply() {
      var picks = checkedValues(form);
      var filtering = Object.keys(picks).length > 0;
      var shown = 0;
      items.forEach(function (item) {
        var keep = !filtering || matches(item, picks);
        item.hidden = !keep;
        if (keep) shown += 1;
      });
      if (sections) hideEmptySections(sections, itemSelector);
      showCheckedCount(form, form.querySelectorAll('input[type="checkbox"]:checked').length);
      if (!status) return;
      if (!filtering) {
        status.textContent = allText;
      } else if (shown === 0) {
        status.textContent = form.getAttribute('data-none');
      } else {
        status.textContent = form.getAttribute('data-shown')
          .replace('{shown}', localDigits(shown, form.getAttribute('data-digits')));
      }
    }

    form.addEventListener('change', apply);
    // The reset event fires before the boxes are cleared; re-filter right after.
    form.addEventListener('reset', function () {
      window.setTimeout(apply, 0);
    });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      apply();
      if (!status) return;
      if (!status.hasAttribute('tabindex')) status.setAttribute('tabindex', '-1');
      status.focus();
    });
    setUpToggle(form);
    apply();
  }

  toArray(document.querySelectorAll('form[data-filter]')).forEach(setUp);
})();
