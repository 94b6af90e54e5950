/**
 * strict-redis: redis-py's StrictRedis and StrictRedisCluster, for TypeScript.
 * @packageDocumentation
 */
export * from './errors.js';
