import { CSRF_FIELD } from '../csrf';
import { html, SafeHtml } from './html';

/** Who is signed in, as the navigation shows it. */
export interface Viewer {
  readonly name: string;
  readonly csrfToken: string;
  /** What the menu offers: an entry only for what the viewer may open. */
  readonly permissions: readonly string[];
}

export interface PageOptions {
  readonly title: string;
  readonly body: SafeHtml;
  readonly viewer?: Viewer;
  /** Same-origin scripts the page loads (the CSP allows `'self'` scripts, never inline ones). */
  readonly scripts?: readonly string[];
}

// Inline CSS only: the CSP allows inline styles but no script, and there is no asset pipeline.
const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7fb}
header{background:#1d2330;color:#fff;padding:.75rem 1.5rem;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}
header a{color:#fff;text-decoration:none}header .spacer{flex:1}
main{max-width:48rem;margin:2rem auto;padding:0 1.5rem}
.card{background:#fff;border-radius:8px;padding:1.25rem 1.5rem;box-shadow:0 1px 3px #0002;margin-bottom:1rem}
dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.4rem 1rem}dt{font-weight:600}dd{margin:0;min-width:0;overflow-wrap:anywhere}
@media (max-width:480px){dl{grid-template-columns:minmax(0,1fr);gap:.1rem}dt{margin-top:.5rem}}
.notice{background:#e7f5ec;color:#14532d;border-radius:6px;padding:.6rem 1rem}
label{display:block;font-weight:600;margin:.5rem 0 .25rem}
input[type=email],input[type=text],input[type=number],textarea{font:inherit;padding:.45rem .6rem;border:1px solid #bbb;border-radius:6px;width:100%;max-width:22rem;box-sizing:border-box;margin-bottom:.5rem}
textarea{max-width:100%;min-height:4rem}.hint{color:#555;font-size:.9rem;margin:0 0 .5rem}
fieldset{border:1px solid #e3e5ee;border-radius:6px;margin:.5rem 0;padding:.5rem .75rem}fieldset label{font-weight:400;margin:.2rem 0;overflow-wrap:anywhere}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.75rem 0}.actions form{margin:0}
.warning{background:#fff4e5;color:#663c00;border-radius:6px;padding:.6rem 1rem}
.problems{background:#fdecee;color:#8a0018;border-radius:6px;padding:.6rem 1rem 0.6rem 2rem}
.secret{font-size:1.05rem;overflow-wrap:anywhere;word-break:break-all}
button,.button{font-family:inherit;background:#3457d5;color:#fff;border:0;border-radius:6px;padding:.5rem 1rem;font-size:1rem;cursor:pointer;text-decoration:none;display:inline-block}
header button{background:transparent;border:1px solid #fff8;padding:.25rem .75rem}
.button.secondary,button.secondary{background:#e7eaf6;color:#1d2330}.button.danger,button.danger{background:#b00020}
label.confirm{font-weight:400}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid #e3e5ee;vertical-align:top}
.table-wrap{overflow-x:auto}pre{overflow-x:auto;background:#f3f4f8;padding:.5rem;border-radius:6px;margin:.25rem 0}
code{background:#eef;padding:0 .25rem;border-radius:3px}.error{color:#b00020}
`;

/** A hidden form field with the session's CSRF token. */
export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${token}" />`;
}

function navigation(viewer: Viewer | undefined): SafeHtml {
  if (!viewer) return html`<a href="/login" class="button">Sign in</a>`;
  const may = (permission: string) => viewer.permissions.includes(permission);
  return html`<a href="/dashboard">Dashboard</a><a href="/sessions">Session</a>
    ${
      may('organization:settings')
        ? html`<a href="/organization/settings">Organization settings</a>`
        : undefined
    }
    ${may('api_clients:read') ? html`<a href="/organization/api-clients">API clients</a>` : undefined}
    <span class="spacer"></span>
    <span>${viewer.name}</span>
    <form method="post" action="/logout">
      ${csrfField(viewer.csrfToken)}<button type="submit">Sign out</button>
    </form>`;
}

/** A small inline SVG (a key on the brand colour): no extra request, allowed by `img-src data:`. */
const FAVICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='6' fill='%233457d5'/%3E%3Ccircle cx='12' cy='16' r='5' fill='none' stroke='white' stroke-width='3'/%3E%3Cpath d='M17 16h10M23 16v4' stroke='white' stroke-width='3'/%3E%3C/svg%3E";

/** The whole HTML document of a page. */
export function renderPage({ title, body, viewer, scripts = [] }: PageOptions): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>${title}</title>
        <link rel="icon" href="${FAVICON}" />
        <style>
          ${new SafeHtml(STYLE)}
        </style>
        ${scripts.map((src) => html`<script src="${src}" defer></script>`)}
      </head>
      <body>
        <header>
          <a href="/"><strong>Scalekit demo</strong></a
          ><span class="spacer"></span>${navigation(viewer)}
        </header>
        <main>${body}</main>
      </body>
    </html>`.markup;
}
