import { html } from './html';
import { csrfField, renderPage, Viewer } from './layout';

/** `GET /logout`: a confirmation with the button; a GET never signs out (a link or image could). */
export function logoutPage(viewer: Viewer): string {
  return renderPage({
    title: 'Sign out',
    viewer,
    body: html`<div class="card">
      <h1>Sign out?</h1>
      <form method="post" action="/logout">
        ${csrfField(viewer.csrfToken)}<button type="submit" id="logout">Sign out</button>
      </form>
    </div>`,
  });
}
