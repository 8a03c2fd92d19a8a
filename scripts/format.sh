#!/usr/bin/env bash
# Formats the C sources with clang-format (.clang-format), or with --check fails when a
# file is not formatted (CI). Generated files (template/layouts_data.c, from
# scripts/gen-layouts.py) are left as their generator writes them.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files 'src/*.[ch]' 'tests/*.[ch]' 'bench/*.[ch]' | grep -v '^src/template/layouts_data.c$')
if [ "${1:-}" = "--check" ]; then
  clang-format --dry-run -Werror "${files[@]}"
else
  clang-format -i "${files[@]}"
fi
