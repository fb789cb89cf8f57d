/**
 * The secret page's copy button, served as a same-origin script (`script-src 'self'`: the pages'
 * CSP allows no inline script). Without the clipboard API, or when it is refused, the secret is
 * selected for the user to copy by hand.
 */
export const COPY_BUTTON_SCRIPT = `'use strict';
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
`;
