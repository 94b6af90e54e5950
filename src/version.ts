/**
 * The package's version, sent to servers in the handshake (`CLIENT SETINFO lib-ver`). A unit test keeps it equal to
 * package.json's `version`.
 */
export const VERSION = '0.1.0';

/** The library name sent with `CLIENT SETINFO lib-name`. */
export const LIB_NAME = 'strict-redis';
