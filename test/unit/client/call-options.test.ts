/** `{ signal }` on command methods: what counts as call options, what stays strict, and what an abort does. */
import { describe, expect, it } from 'vitest';
import { takeCallOptions } from '../../../src/client/call-options.js';
import { buildCommand, buildRawCommand } from '../../../src/client/runner.js';
import { COMMAND_SPECS } from '../../../src/commands/registry.js';
import { AbortError, DataError } from '../../../src/errors.js';

const signal = new AbortController().signal;

describe('call options', () => {
  it('takes a trailing { signal } after the method’s arguments and strips it', () => {
    const args: unknown[] = ['k', { signal }];
    const command = buildCommand(COMMAND_SPECS.get, args, false);
    expect(command.args).toEqual(['GET', 'k']);
    expect(command.call?.signal).toBe(signal);
    expect(args).toEqual(['k']);
  });

  it('takes it where an optional parameter was left out', () => {
    const command = buildCommand(COMMAND_SPECS.lpop, ['k', { signal }], false);
    expect(command.args).toEqual(['LPOP', 'k']);
    expect(command.call?.signal).toBe(signal);
  });

  it('takes a signal inside the method’s own options object, leaving the caller’s object alone', () => {
    const options = { ex: 5, signal };
    const command = buildCommand(COMMAND_SPECS.set, ['k', 'v', options], false);
    expect(command.args).toEqual(['SET', 'k', 'v', 'EX', 5]);
    expect(command.call?.signal).toBe(signal);
    expect(options).toEqual({ ex: 5, signal });
  });

  it('takes it after variadic arguments and after an options object', () => {
    expect(buildCommand(COMMAND_SPECS.delete, ['a', 'b', { signal }], false).args).toEqual(['DEL', 'a', 'b']);
    const set = buildCommand(COMMAND_SPECS.set, ['k', 'v', { nx: true }, { signal }], false);
    expect(set.args).toEqual(['SET', 'k', 'v', 'NX']);
    expect(set.call?.signal).toBe(signal);
    const raw = buildRawCommand(['GET', 'k', { signal }], false);
    expect(raw.args).toEqual(['GET', 'k']);
    expect(raw.call?.signal).toBe(signal);
  });

  it('stays strict about everything else', () => {
    expect(() => buildCommand(COMMAND_SPECS.get, ['k', { signal, timeout: 1 }], false)).toThrow(DataError);
    expect(() => buildCommand(COMMAND_SPECS.get, ['k', { sigal: signal }], false)).toThrow(/at most 1 argument/);
    expect(() => buildCommand(COMMAND_SPECS.get, ['k', { signal: 'soon' }], false)).toThrow(
      /GET: signal must be an AbortSignal/,
    );
    expect(() => buildCommand(COMMAND_SPECS.set, ['k', 'v', { ex: 5, signal, nope: 1 }], false)).toThrow(
      /unknown option 'nope'/,
    );
    // A mapping is data, not options: a field called `signal` stays a field.
    const hset = buildCommand(COMMAND_SPECS.hset, ['h', undefined, undefined, { signal: 'x', a: '1' }], false);
    expect(hset.args).toEqual(['HSET', 'h', 'signal', 'x', 'a', '1']);
    expect(hset.call).toBeUndefined();
  });

  it('allocates nothing for a call without call options', () => {
    const command = buildCommand(COMMAND_SPECS.set, ['k', 'v', { ex: 5 }], false);
    expect(command.call).toBeUndefined();
    expect(takeCallOptions(COMMAND_SPECS.get, ['k'])).toBeUndefined();
  });

  it('refuses an already aborted signal before building anything', () => {
    const controller = new AbortController();
    controller.abort(new Error('user left'));
    let error: unknown;
    try {
      buildCommand(COMMAND_SPECS.get, ['k', { signal: controller.signal }], false);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).outcomeUnknown).toBe(false);
    expect((error as AbortError).cause).toEqual(new Error('user left'));
    expect((error as AbortError).message).toBe('GET: aborted before it was sent; it will not be sent');
  });

  it('rejects at once when the signal fires, written or not', async () => {
    const controller = new AbortController();
    const unsent = buildCommand(COMMAND_SPECS.get, ['k', { signal: controller.signal }], false);
    const sent = buildCommand(COMMAND_SPECS.incr, ['k', { signal: controller.signal }], false);
    sent.written = true;
    controller.abort();
    await expect(unsent.promise).rejects.toMatchObject({ name: 'AbortError', outcomeUnknown: false });
    await expect(sent.promise).rejects.toMatchObject({ name: 'AbortError', outcomeUnknown: true });
    // A late reply for the written one is dropped.
    sent.resolve(1);
    expect(sent.settled).toBe(true);
  });
});
