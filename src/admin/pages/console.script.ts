/**
 * The console's one script, served from our origin (`script-src 'self'`: the pages' CSP allows
 * no inline script). Two behaviours, both with a server-side fallback:
 * - the secret page's copy button; without the clipboard API, or when it is refused, the
 *   secret is selected for the user to copy by hand;
 * - a form that creates a secret is sent once: a browser shows only the last answer, so a
 *   double click would replace the page with the secret by the replay that withholds it.
 */
export const CONSOLE_SCRIPT = `'use strict';
document.addEventListener('click', function (event) {
  var button = event.target instanceof Element ? event.target.closest('[data-copy]') : null;
  if (!button) return;
  var target = document.getElementById(button.getAttribute('data-copy'));
  var status = document.getElementById('copy-status');
  if (!target) return;
  function say(text) { if (status) status.textContent = text; }
  function selectByHand() {
    var range = document.createRange();
    range.selectNodeContents(target);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    say('Selected: press Ctrl+C (or Cmd+C) to copy it.');
  }
  if (!navigator.clipboard) return selectByHand();
  navigator.clipboard.writeText(target.textContent).then(function () { say('Copied.'); }, selectByHand);
});
document.addEventListener('submit', function (event) {
  var form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-submit-once')) return;
  if (form.getAttribute('data-sent') === 'true') return event.preventDefault();
  form.setAttribute('data-sent', 'true');
});
`;
