import { html } from './html';
import { renderPage } from './layout';

/** `GET /` for a visitor who is not signed in (just signed out: it says so). */
export function homePage(options: { readonly signedOut?: boolean } = {}): string {
  return renderPage({
    title: 'Welcome',
    body: html`${
        options.signedOut
          ? html`<p class="notice" role="status">You are signed out.</p>`
          : undefined
      }
      <div class="card">
        <h1>Welcome</h1>
        <p>Sign in with your organization account to see your dashboard.</p>
        <form method="get" action="/login" class="email-login">
          <label for="login_hint">Work email</label>
          <input
            id="login_hint"
            name="login_hint"
            type="email"
            autocomplete="email"
            required
            placeholder="you@company.com"
          />
          <button type="submit">Continue</button>
        </form>
        <p>
          Your email takes you to your organization's sign-in.
          <a href="/login">Other ways to sign in</a>
        </p>
      </div>`,
  });
}
