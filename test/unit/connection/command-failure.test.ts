import { describe, expect, it } from 'vitest';
import { Command, type CommandFailureHandler } from '../../../src/connection/command.js';

/** The cluster executor takes over failures through this hook instead of chaining a promise per command. */
describe('Command failure handler', () => {
  const recorder = () => {
    const seen: unknown[] = [];
    const handler: CommandFailureHandler = {
      commandFailed(command, error) {
        seen.push(error);
        command.adopt(Promise.resolve('after retry'));
      },
    };
    return { seen, handler };
  };

  it('hands a failure to the handler, once, and settles the promise with what the handler adopts', async () => {
    const { seen, handler } = recorder();
    const command = new Command(['GET', 'k'], false, undefined, 0);
    command.failureHandler = handler;
    const boom = new Error('moved');
    command.reject(boom);
    command.reject(new Error('second'));
    await expect(command.promise).resolves.toBe('after retry');
    expect(seen).toEqual([boom]);
    expect(command.settled).toBe(true);
    expect(command.failureHandler).toBeUndefined();
  });

  it('rejects as before without a handler, and a failing transform is the caller’s error, not a retry', async () => {
    const plain = new Command(['GET', 'k'], false, undefined, 0);
    plain.reject(new Error('no handler'));
    await expect(plain.promise).rejects.toThrow('no handler');

    const { seen, handler } = recorder();
    const transformed = new Command(
      ['GET', 'k'],
      false,
      () => {
        throw new TypeError('bad reply');
      },
      0,
    );
    transformed.failureHandler = handler;
    transformed.resolve('x');
    await expect(transformed.promise).rejects.toThrow('bad reply');
    expect(seen).toEqual([]);
  });

  it('keeps written, timedOut and settled independent', () => {
    const command = new Command(['GET', 'k'], false, undefined, 0);
    command.written = true;
    command.timedOut = true;
    command.written = false;
    expect([command.written, command.timedOut, command.settled]).toEqual([false, true, false]);
    command.resolve('v');
    expect([command.written, command.timedOut, command.settled]).toEqual([false, true, true]);
  });
});
