#!/usr/bin/env bash
# Installs the Debian 12 packages oretrace needs to build, test and run its demo.
# Usage: scripts/install-deps.sh [build|test|demo]   (default: test, which is a superset;
# demo is the same set as build)
# As root it runs apt-get; otherwise it prints the exact apt-get line and exits 1.
set -euo pipefail

what=${1:-test}

# Libraries the code links against, and the tools to build it.
build_pkgs=(build-essential cmake pkg-config
  zlib1g-dev libdeflate-dev libzip-dev libexpat1-dev libfreexl-dev libgcrypt20-dev
  libutf8proc-dev libjansson-dev libsqlite3-dev libcsv-dev libcurl4-openssl-dev
  libcairo2-dev libpango1.0-dev libxlsxwriter-dev
  fonts-dejavu-core fonts-droid-fallback)
# (the fonts: fontconfig's "Sans"/"Serif" for the report PDF, and a CJK fallback so supplier
# names in Chinese or Japanese print as text rather than boxes)
# Test-only: the test suite (cmocka), the fixture generator and the benchmarks (python3
# with openpyxl and olefile, time), LibreOffice Calc for the test that opens an exported
# CMRT and recalculates it (a|b: either package will do, the first is installed). Building and running oretrace - `make demo` - needs none
# of them: CMake builds the tests only when cmocka is found (ORETRACE_TESTS=AUTO).
test_pkgs=(libcmocka-dev python3 python3-openpyxl python3-olefile time clang-format universal-ctags
  poppler-utils libreoffice-calc-nogui\|libreoffice-calc)
# Optional, not installed here: clang-14 libclang-rt-14-dev for the libFuzzer target
# (-DORETRACE_FUZZ=ON, docs/robustness.md).

case "$what" in
  build|demo) pkgs=("${build_pkgs[@]}") ;;
  test) pkgs=("${build_pkgs[@]}" "${test_pkgs[@]}") ;;
  *) echo "usage: $0 [build|test|demo]" >&2; exit 1 ;;
esac

missing=()
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
for p in "${pkgs[@]}"; do
  ok=
  for alt in ${p//|/ }; do installed "$alt" && ok=1; done
  [ -n "$ok" ] || missing+=("${p%%|*}")
done

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "oretrace: missing Debian packages. Install them with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "oretrace: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
