# Sourced by .ci/run: a Docker engine and a Redis image for the Docker-backed tests, on a machine that reaches Debian's
# packages but no image registry. Everything is idempotent: what is installed, running or built already is reused.
#
# - dockerd from Debian's docker.io, started as root with --bridge=none and no iptables rules: containers get no
#   network of their own, and the tests run theirs on the host's network, on 127.0.0.1 only.
# - The image is built from a debootstrap --variant=minbase root of Debian with redis-server and brought in with
#   `docker import` (a shell and the standard tools are in it; nothing is pulled).

DOCKER_TEST_IMAGE="${REDIS_TEST_IMAGE:-strict-redis-test/redis:bookworm}"
DOCKERD_LOG=/var/log/strict-redis-dockerd.log
DOCKERD_PID=""

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs docker.io and debootstrap when dockerd or debootstrap is missing.
install_docker_packages() {
  if command -v dockerd >/dev/null 2>&1 && command -v debootstrap >/dev/null 2>&1; then return 0; fi
  echo "Docker: installing Debian's docker.io and debootstrap"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io debootstrap >/dev/null
}

# Starts dockerd unless an engine already answers. Returns 1 (after saying why) when dockerd cannot run here.
start_docker_engine() {
  if docker info >/dev/null 2>&1; then return 0; fi
  echo "Docker: starting dockerd (--bridge=none, no iptables rules; log: $DOCKERD_LOG)"
  DOCKERD_PID="$(as_root sh -c "nohup dockerd --bridge=none --iptables=false >'$DOCKERD_LOG' 2>&1 & echo \$!")"
  for _ in $(seq 1 120); do
    if docker info >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$DOCKERD_PID" 2>/dev/null; then break; fi
    sleep 0.5
  done
  DOCKERD_PID=""
  echo "Docker: dockerd does not run on this machine; its log ends with:"
  tail -n 15 "$DOCKERD_LOG" 2>/dev/null || true
  return 1
}

# Stops the dockerd this script started (an engine that was already running is left alone).
stop_docker_engine() {
  if [ -n "$DOCKERD_PID" ]; then
    as_root kill -TERM "$DOCKERD_PID" 2>/dev/null || true
  fi
}

# Builds the test image from Debian's packages unless it exists.
build_test_image() {
  if docker image inspect "$DOCKER_TEST_IMAGE" >/dev/null 2>&1; then
    echo "Docker: image $DOCKER_TEST_IMAGE already built"
    return 0
  fi
  local root
  root="$(mktemp -d /var/tmp/strict-redis-rootfs.XXXXXX)"
  echo "Docker: building $DOCKER_TEST_IMAGE from a debootstrap minbase root with redis-server"
  as_root debootstrap --variant=minbase --include=redis-server bookworm "$root" http://deb.debian.org/debian \
    >"$root.log" 2>&1 || { tail -n 20 "$root.log"; return 1; }
  as_root rm -rf "$root/var/cache/apt/archives"/*.deb "$root/var/lib/apt/lists"/*
  as_root tar -C "$root" -c . | docker import -c 'CMD ["redis-server"]' - "$DOCKER_TEST_IMAGE" >/dev/null
  as_root rm -rf "$root" "$root.log"
}
