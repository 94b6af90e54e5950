#!/usr/bin/env bash
# Runs the consumer-project tests against what `npm install <git url>` gives: npm clones HEAD, installs its
# devDependencies, runs `prepare` (the build) and packs the result. Slower than `npm test`'s pack of this checkout
# (minutes: a full install in the clone), so it is not part of every run. Commit first: it checks HEAD.
set -euo pipefail
cd "$(dirname "$0")/.."
STRICT_REDIS_PACK_SOURCE="git+file://$PWD#$(git rev-parse HEAD)" \
  npx vitest run --project integration test/integration/package-consumers.test.ts
