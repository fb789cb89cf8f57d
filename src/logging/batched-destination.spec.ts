import { BatchedDestination, FlushableDestination } from './batched-destination';

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

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('BatchedDestination', () => {
  it('hands the lines of one turn on in a single write, in order', async () => {
    const target = new Recorder();
    const batch = new BatchedDestination(target);
    batch.write('a\n');
    batch.write('b\n');
    expect(target.writes).toEqual([]);
    await nextTurn();
    expect(target.writes).toEqual(['a\nb\n']);
    batch.write('c\n');
    await nextTurn();
    expect(target.writes).toEqual(['a\nb\n', 'c\n']);
  });

  it('hands a large batch on at once, without waiting for the turn to end', async () => {
    const target = new Recorder();
    const batch = new BatchedDestination(target);
    const line = `${'x'.repeat(1023)}\n`;
    for (let i = 0; i < 8; i++) batch.write(line);
    expect(target.writes).toEqual([line.repeat(8)]);
    batch.write('tail\n');
    await nextTurn();
    expect(target.writes.join('')).toBe(`${line.repeat(8)}tail\n`);
  });

  it('writes what is pending and flushes the target on flushSync, losing nothing', async () => {
    const target = new Recorder();
    const batch = new BatchedDestination(target);
    batch.write('last words\n');
    batch.flushSync();
    expect(target.writes).toEqual(['last words\n']);
    expect(target.flushes).toBe(1);
    await nextTurn();
    expect(target.writes).toEqual(['last words\n']);
  });

  it('keeps every line of many interleaved writers and turns', async () => {
    const target = new Recorder();
    const batch = new BatchedDestination(target);
    const expected: string[] = [];
    for (let turn = 0; turn < 50; turn++) {
      for (let i = 0; i < 40; i++) {
        const line = `${turn}:${i}:${'y'.repeat(i * 7)}\n`;
        expected.push(line);
        batch.write(line);
      }
      await nextTurn();
    }
    expect(target.writes.join('')).toBe(expected.join(''));
  });
});
