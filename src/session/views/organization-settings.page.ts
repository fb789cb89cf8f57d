import { html } from './html';
import { renderPage, Viewer } from './layout';

/** `GET /organization/settings` (permission `organization:settings`). */
export function organizationSettingsPage(
  organizationId: string | undefined,
  viewer: Viewer,
): string {
  return renderPage({
    title: 'Organization settings',
    viewer,
    body: html`<div class="card">
      <h1>Organization settings</h1>
      <p>
        Settings of organization <code>${organizationId ?? '-'}</code>. Only members with the
        <code>organization:settings</code> permission can see this page.
      </p>
    </div>`,
  });
}
