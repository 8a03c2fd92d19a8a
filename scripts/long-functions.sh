#!/usr/bin/env bash
# Lists the C functions under src/ longer than N lines (default 80), longest last, and
# their count: the house rule is short functions, unless a table or a state machine
# reads better whole (say so in a comment). Needs universal-ctags (Debian: universal-ctags).
set -euo pipefail
cd "$(dirname "$0")/.."
limit=${1:-80}
ctags --fields=+ne --kinds-C=f -x --_xformat="%N %F %n %e" -R src |
  awk -v limit="$limit" '{ len = $4 - $3 + 1; if (len > limit) { n++; print len, $2 ":" $3, $1 } }
       END { print n + 0 " functions over " limit " lines" }' | sort -n
