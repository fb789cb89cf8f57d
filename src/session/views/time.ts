import { html, SafeHtml } from './html';

const READABLE = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/** "3 Dec 2026, 14:30 UTC": for text where markup cannot go (a notice sentence). */
export function readableTime(instant: string | number): string {
  return `${READABLE.format(new Date(instant))} UTC`;
}

/**
 * A time as people read it ("3 Dec 2026, 14:30 UTC"), the exact instant on hover and in
 * `datetime` for machines. Server-rendered in UTC: the page has no script to learn the viewer's zone.
 */
export function timeOf(instant: string | number): SafeHtml {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return html`-`;
  const exact = date.toISOString();
  return html`<time datetime="${exact}" title="${exact}">${readableTime(date.getTime())}</time>`;
}
