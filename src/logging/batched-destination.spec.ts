import {
  BatchedDestination,
  FlushableDestination,
  MAX_BATCH_CHARS,
  MAX_BATCH_DELAY_MS,
} from './batched-destination';

class Recorder implements FlushableDestination {
  readonly writes: string[] = [];
  flushes = 0;
  write(chunk: string): void {
    this.writes.push(chunk);
  }
  flushSync(): void {
    this.flushes += 1;
  }
}

describe('BatchedDestination', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('hands the lines of one interval on in a single write, in order', () => {
    const target = new Recorder();
    const batch = new BatchedDestination(target);
    batch.write('a\n');
    batch.write('b\n');
    jest.advanceTimersByTime(MAX_BATCH_DELAY_MS - 1);
    expect(target.writes).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(target.writes).toEqual(['a\nb\n']);
    batch.write('c\n');
    jest.advanceTimersByTime(MAX_BATCH_DELAY_MS);
    expect(target.writes).toEqual(['a\nb\n', 'c\n']);
  });

  it('hands a full batch on at once, without waiting for the interval', () => {
    const target = new Recorder();
    const batch = new BatchedDestination(target);
    const line = `${'x'.repeat(1023)}\n`;
    const lines = MAX_BATCH_CHARS / line.length;
    for (let i = 0; i < lines; i++) batch.write(line);
    expect(target.writes).toEqual([line.repeat(lines)]);
    batch.write('tail\n');
    expect(target.writes).toHaveLength(1);
    jest.advanceTimersByTime(MAX_BATCH_DELAY_MS);
    expect(target.writes.join('')).toBe(`${line.repeat(lines)}tail\n`);
  });

  it('waits at most the interval for the first line of a batch, however many follow', () => {
    const target = new Recorder();
    const batch = new BatchedDestination(target);
    batch.write('first\n');
    for (let i = 0; i < 9; i++) {
      jest.advanceTimersByTime(MAX_BATCH_DELAY_MS / 10);
      batch.write(`${i}\n`);
    }
    jest.advanceTimersByTime(MAX_BATCH_DELAY_MS / 10);
    expect(target.writes).toEqual([`first\n${[...Array(9).keys()].join('\n')}\n`]);
  });

  it('writes what is pending and flushes the target on flushSync, losing nothing', () => {
    const target = new Recorder();
    const batch = new BatchedDestination(target);
    batch.write('last words\n');
    batch.flushSync();
    expect(target.writes).toEqual(['last words\n']);
    expect(target.flushes).toBe(1);
    jest.advanceTimersByTime(MAX_BATCH_DELAY_MS * 2);
    expect(target.writes).toEqual(['last words\n']);
  });

  it('keeps every line of many interleaved writers and intervals', () => {
    const target = new Recorder();
    const batch = new BatchedDestination(target);
    const expected: string[] = [];
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 400; i++) {
        const line = `${round}:${i}:${'y'.repeat(i % 97)}\n`;
        expected.push(line);
        batch.write(line);
      }
      jest.advanceTimersByTime(round * 7);
    }
    batch.flushSync();
    expect(target.writes.join('')).toBe(expected.join(''));
    expect(target.writes.every((w) => w.length <= MAX_BATCH_CHARS + 200)).toBe(true);
  });

  it('does not keep the process alive for a pending batch', () => {
    jest.useRealTimers();
    const armed = jest.spyOn(global, 'setTimeout');
    const batch = new BatchedDestination(new Recorder());
    batch.write('pending\n');
    expect(armed).toHaveBeenCalledTimes(1);
    const timer = armed.mock.results[0]?.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    batch.flushSync();
    armed.mockRestore();
  });
});
