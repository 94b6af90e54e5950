/**
 * `npm run demo`: will start a throwaway local cluster and run the quick-start walk-through once the cluster client
 * and LocalCluster exist. Until then it says what is missing and exits non-zero, so nobody mistakes it for the demo.
 */
console.error('strict-redis demo: the cluster client and LocalCluster are not built yet (see the open issues).');
process.exitCode = 1;
