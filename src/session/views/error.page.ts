import { html } from './html';
import { renderPage, Viewer } from './layout';

export interface ErrorView {
  readonly status: number;
  readonly title: string;
  readonly message: string;
  /** Offer to start signing in again (failed logins). */
  readonly retryLogin?: boolean;
}

/** Error pages: 403 (missing permission, CSRF), 400 (failed sign-in), 429, 503... */
export function errorPage(view: ErrorView, viewer?: Viewer): string {
  return renderPage({
    title: view.title,
    viewer,
    body: html`<div class="card">
      <h1>${view.title}</h1>
      <p class="error" id="error-message">${view.message}</p>
      ${view.retryLogin ? html`<p><a class="button" href="/login">Sign in again</a></p>` : undefined}
      <p><a href="/">Home</a></p>
    </div>`,
  });
}
