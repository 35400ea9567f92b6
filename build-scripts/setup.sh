#!/usr/bin/env bash
# Installs only what is missing, so it is safe to run again.
#   setup.sh toolchain   Debian's emscripten (emcc) and a C compiler
#   setup.sh npm         npm packages exactly as package-lock.json pins them
#   setup.sh browser     Debian's chromium for the browser tests
#   setup.sh valgrind    valgrind, for make test-valgrind
#   setup.sh fuzz        clang with libFuzzer and the sanitizer runtimes, for make fuzz / test-fuzz
#   setup.sh data        Debian's dataset-fashion-mnist (real data for the trained-network demos)
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then as_root apt-get update -q; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
}

case "${1:-}" in
  toolchain)
    missing=()
    command -v emcc >/dev/null || missing+=(emscripten)
    command -v gcc >/dev/null || missing+=(gcc)
    command -v node >/dev/null || missing+=(nodejs)
    if [ ${#missing[@]} -gt 0 ]; then echo "setup: installing ${missing[*]}"; apt_install "${missing[@]}"; fi
    ;;
  npm)
    command -v npm >/dev/null || apt_install npm
    npm ci --no-audit --no-fund
    ;;
  valgrind)
    command -v valgrind >/dev/null || apt_install valgrind
    ;;
  fuzz)
    missing=()
    command -v clang >/dev/null || missing+=(clang)
    # libFuzzer's runtime is a separate package: test that a fuzzer links.
    probe=$(mktemp -d)
    printf '#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { return 0; }\n' >"$probe/f.c"
    { command -v clang >/dev/null && clang -fsanitize=fuzzer,address,undefined "$probe/f.c" -o "$probe/f" 2>/dev/null; } ||
      missing+=(libclang-rt-14-dev)
    rm -rf "$probe"
    if [ ${#missing[@]} -gt 0 ]; then echo "setup: installing ${missing[*]}"; apt_install "${missing[@]}"; fi
    ;;
  browser)
    [ -x /usr/bin/chromium ] || { echo "setup: installing chromium"; apt_install chromium; }
    ;;
  data)
    [ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] ||
      { echo "setup: installing dataset-fashion-mnist"; apt_install dataset-fashion-mnist; }
    ;;
  *) echo "usage: $0 toolchain|npm|browser|valgrind|fuzz|data" >&2; exit 2 ;;
esac
