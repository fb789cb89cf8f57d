import { setTimeout as sleep } from 'node:timers/promises';
import { raceDeadline } from './deadline';

describe('raceDeadline', () => {
  it('answers what the work answers when it is in time', async () => {
    await expect(raceDeadline(Promise.resolve(7), 100, () => new Error('late'))).resolves.toBe(7);
    await expect(
      raceDeadline(Promise.reject(new Error('own')), 100, () => new Error('late')),
    ).rejects.toThrow('own');
  });

  it('answers the error onDeadline builds (sync or async) when the work is late', async () => {
    const slow = sleep(300).then(() => 'too late');
    await expect(raceDeadline(slow, 20, () => new Error('sync'))).rejects.toThrow('sync');
    const started = Date.now();
    await expect(
      raceDeadline(sleep(300), 20, async () => {
        await sleep(10);
        return new Error('async');
      }),
    ).rejects.toThrow('async');
    expect(Date.now() - started).toBeLessThan(250);
  });

  it('swallows a rejection of the work that comes after the deadline', async () => {
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const late = sleep(50).then(() => Promise.reject(new Error('after')));
      await expect(raceDeadline(late, 10, () => new Error('deadline'))).rejects.toThrow('deadline');
      await sleep(80);
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});
