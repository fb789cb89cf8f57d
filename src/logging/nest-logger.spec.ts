import pino from 'pino';
import { PinoNestLogger } from './nest-logger';

function capture(level: pino.LevelWithSilent) {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { nest: new PinoNestLogger(logger), lines };
}

describe('PinoNestLogger', () => {
  it("keeps Nest's start-up chatter (a line per module and route) out of info", () => {
    const { nest, lines } = capture('info');
    nest.log('AppModule dependencies initialized', 'InstanceLoader');
    nest.log('Mapped {/api/status, GET} route', 'RouterExplorer');
    nest.log('Listening on http://127.0.0.1:3000', 'Server');
    expect(lines.map((l) => l.msg)).toEqual(['Listening on http://127.0.0.1:3000']);
  });

  it('still writes it at debug, with its context', () => {
    const { nest, lines } = capture('debug');
    nest.log('AppModule dependencies initialized', 'InstanceLoader');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 20,
        context: 'InstanceLoader',
        msg: 'AppModule dependencies initialized',
      }),
    ]);
  });

  it('writes an error with its stack and context', () => {
    const { nest, lines } = capture('info');
    nest.error('boom', 'Error: boom\n    at x', 'Ctx');
    expect(lines[0]).toMatchObject({
      level: 50,
      msg: 'boom',
      context: 'Ctx',
      stack: 'Error: boom\n    at x',
    });
  });
});
