import { timeOf } from './time';

describe('timeOf', () => {
  it('reads as a date and time in UTC, with the exact instant on hover and for machines', () => {
    expect(timeOf('2026-12-03T14:30:05.123Z').markup).toBe(
      '<time datetime="2026-12-03T14:30:05.123Z" title="2026-12-03T14:30:05.123Z">3 Dec 2026, 14:30 UTC</time>',
    );
    expect(timeOf(Date.UTC(2027, 0, 9, 8, 5)).markup).toContain('9 Jan 2027, 08:05 UTC');
  });

  it('shows a dash for a time that is not one', () => {
    expect(timeOf('not a date').markup).toBe('-');
  });
});
