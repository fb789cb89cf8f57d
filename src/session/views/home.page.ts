import { html } from './html';
import { renderPage } from './layout';

/** `GET /` for a visitor who is not signed in. */
export function homePage(): string {
  return renderPage({
    title: 'Welcome',
    body: html`<div class="card">
      <h1>Welcome</h1>
      <p>Sign in with your organization account to see your dashboard.</p>
      <p><a class="button" href="/login">Sign in</a></p>
    </div>`,
  });
}
