/**
 * The argument vectors of the ACL, CLIENT, COMMAND and connection declarations as redis-py builds them, their
 * DataError cases, the masking of ACL SETUSER passwords in error replies, and the refusal of connection-state commands
 * outside StrictRedis's own methods — all without a server.
 */
import { describe, expect, it } from 'vitest';
import { buildCommand } from '../../../src/client/runner.js';
import { COMMAND_SPECS } from '../../../src/commands/registry.js';
import { DataError, ResponseError } from '../../../src/index.js';

const argv = (method: string, ...args: unknown[]): string[] =>
  buildCommand(COMMAND_SPECS[method], args, false).args.map((a) => (Buffer.isBuffer(a) ? a.toString() : String(a)));

describe('ACL SETUSER', () => {
  it("builds every redis-py keyword in redis-py's order", () => {
    const options = {
      enabled: true,
      reset: true,
      reset_keys: true,
      reset_channels: true,
      reset_passwords: true,
      passwords: ['+pass1', '-pass2'],
      hashed_passwords: ['+abc', '-def'],
      categories: ['+set', '+@hash', '-geo', '-@list'],
      commands: ['+get', '-hset'],
      keys: ['cache:*', '~raw', '%R~ro:*'],
      channels: ['message:*'],
      selectors: [
        ['+set', '%W~app*'],
        ['-get', 'k'],
      ],
    };
    // biome-ignore format: one argument vector
    expect(argv('acl_setuser', 'u', options)).toEqual(['ACL', 'SETUSER', 'u', 'reset', 'resetkeys', 'resetchannels', 'resetpass', 'on', '>pass1', '<pass2', '#abc', '!def', '+@set', '+@hash', '-@geo', '-@list', '+get', '-hset', '~cache:*', '~raw', '%R~ro:*', '&message:*', '(+set %W~app*)', '(-get ~k)']);
    expect(argv('acl_setuser', 'u')).toEqual(['ACL', 'SETUSER', 'u', 'off']);
    expect(argv('acl_setuser', 'u', { nopass: true, keys: Buffer.from('b*') })).toEqual([
      'ACL',
      'SETUSER',
      'u',
      'off',
      'nopass',
      '~b*',
    ]);
  });

  it('refuses what redis-py refuses, never quoting a password', () => {
    const secret = 'n0t-prefixed-secret';
    expect(() => argv('acl_setuser', 'u', { passwords: [secret] })).toThrow(/password 0 must be prefixed/);
    try {
      argv('acl_setuser', 'u', { passwords: ['+ok', secret] });
    } catch (err) {
      expect((err as Error).message).not.toContain(secret);
    }
    expect(() => argv('acl_setuser', 'u', { hashed_passwords: 'abc' })).toThrow(DataError);
    expect(() => argv('acl_setuser', 'u', { categories: ['list'] })).toThrow(DataError);
    expect(() => argv('acl_setuser', 'u', { commands: ['get'] })).toThrow(DataError);
    expect(() => argv('acl_setuser', 'u', { nopass: true, passwords: '+x' })).toThrow(DataError);
    expect(() => argv('acl_setuser', 'u', { selectors: [['+get']] })).toThrow(DataError);
    expect(() => argv('acl_setuser', 'u', { reset: 1 })).toThrow(DataError);
    expect(() => argv('acl_setuser', 'u', { keys: { a: 1 } })).toThrow(DataError);
  });

  it('masks the passwords in an error reply that quotes them', () => {
    const command = buildCommand(COMMAND_SPECS.acl_setuser, ['u', { passwords: ['-hunter2-secret'] }], false);
    command.promise.catch(() => {});
    const reply = new ResponseError("ERR Error in ACL SETUSER modifier '<hunter2-secret': no such password");
    command.reject(reply);
    expect(reply.message).not.toContain('hunter2-secret');
    expect(reply.message).toContain("'<***'");
    expect(reply.stack).not.toContain('hunter2-secret');
  });
});

describe('CLIENT', () => {
  it('client_kill_filter takes every redis-py filter', () => {
    // biome-ignore format: one argument vector
    expect(argv('client_kill_filter', { _type: 'REPLICA', skipme: false, _id: 7, addr: 'a:1', laddr: 'b:2', user: 'u', maxage: 5 })).toEqual(['CLIENT', 'KILL', 'TYPE', 'replica', 'SKIPME', 'NO', 'ID', '7', 'ADDR', 'a:1', 'LADDR', 'b:2', 'USER', 'u', 'MAXAGE', '5']);
    expect(argv('client_kill_filter', { type: 'slave' })).toEqual(['CLIENT', 'KILL', 'TYPE', 'slave']);
    expect(() => argv('client_kill_filter')).toThrow(DataError);
    expect(() => argv('client_kill_filter', { skipme: 'yes' })).toThrow(DataError);
    expect(() => argv('client_kill_filter', { _type: 'caster' })).toThrow(DataError);
    expect(() => argv('client_kill_filter', { ids: 1 })).toThrow(/did you mean/);
  });

  it('client_tracking: redirect, prefixes only with bcast, optin/optout', () => {
    // biome-ignore format: one argument vector
    expect(argv('client_tracking', true, 12, { prefix: ['a', 'b'], bcast: true, noloop: true })).toEqual(['CLIENT', 'TRACKING', 'ON', 'REDIRECT', '12', 'PREFIX', 'a', 'PREFIX', 'b', 'BCAST', 'NOLOOP']);
    expect(argv('client_tracking_off')).toEqual(['CLIENT', 'TRACKING', 'OFF']);
    expect(argv('client_tracking_on', { optout: true })).toEqual(['CLIENT', 'TRACKING', 'ON', 'OPTOUT']);
    expect(() => argv('client_tracking_on', { prefix: ['a'] })).toThrow(DataError);
    expect(() => argv('client_tracking_on', 'x')).toThrow(DataError);
  });

  it('client_reply ON only; client_pause and client_list checks', () => {
    expect(argv('client_reply', Buffer.from('on'))).toEqual(['CLIENT', 'REPLY', 'ON']);
    expect(() => argv('client_reply', 'OFF')).toThrow(/wrong callers/);
    expect(() => argv('client_reply', 'skip')).toThrow(DataError);
    expect(argv('client_pause', 100, { all: false })).toEqual(['CLIENT', 'PAUSE', '100', 'WRITE']);
    expect(() => argv('client_pause', 1.5)).toThrow(DataError);
    expect(argv('client_list', { _type: 'PUBSUB', client_id: [1, '2'] })).toEqual([
      'CLIENT',
      'LIST',
      'TYPE',
      'pubsub',
      'ID',
      '1',
      '2',
    ]);
    expect(() => argv('client_list', { client_id: 1 })).toThrow(/must be a list/);
  });
});

describe('COMMAND and connection commands', () => {
  it('command_list takes one filter; getkeys needs a command', () => {
    expect(argv('command_list', { category: 'list' })).toEqual(['COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', 'list']);
    expect(() => argv('command_list', { module: 'm', pattern: 'p' })).toThrow(DataError);
    expect(() => argv('command_getkeysandflags')).toThrow(DataError);
  });

  it('auth as redis-py sends it: AUTH [username] password', () => {
    const auth = (...args: unknown[]) => buildCommand(COMMAND_SPECS.auth, args, false, 0, true).args;
    expect(auth('pw')).toEqual(['AUTH', 'pw']);
    expect(auth('pw', 'user')).toEqual(['AUTH', 'user', 'pw']);
    expect(() => auth(5)).toThrow(/password must be a string/);
  });

  it('connection-state commands are refused unless StrictRedis runs them itself', () => {
    for (const [method, args] of [
      ['auth', ['pw']],
      ['select', [1]],
      ['client_setname', ['n']],
      ['reset', []],
    ] as const) {
      expect(() => argv(method, ...args)).toThrow(/changes the state of the connection/);
      expect(buildCommand(COMMAND_SPECS[method], [...args], false, 0, true).args[0]).toBeDefined();
    }
  });
});
