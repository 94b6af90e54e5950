/**
 * strict-redis/testing: throwaway Redis servers and clusters in Docker containers (through the optional
 * `testcontainers` package), for tests on machines without a redis-server binary. Kept apart from `strict-redis` and
 * `strict-redis/admin` so that bundling those never needs testcontainers.
 * @packageDocumentation
 */
export {
  DEFAULT_REDIS_IMAGE,
  type DockerCluster,
  type DockerClusterOptions,
  type DockerNetwork,
  type DockerOptions,
  type DockerRedis,
  dockerAvailable,
  type RedisContainer,
  redisServerCommand,
  startDockerCluster,
  startDockerRedis,
  startRedisContainer,
} from './docker.js';
