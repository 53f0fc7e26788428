#!/usr/bin/env bash
# Behaviour snapshot for refactoring: run the pipeline on every document set into DIR, one
# sub-folder per set (YAML, extracted text, records.csv, stdout/stderr with timings removed).
#   tools/snapshot.sh DIR          write a snapshot
#   diff -r BEFORE AFTER           compare two snapshots
set -u
out=${1:?usage: tools/snapshot.sh DIR}
cd "$(dirname "$0")/.."
py=python3
[ -x .venv/bin/python ] && py=.venv/bin/python
shared=../shared
rm -rf "$out"; mkdir -p "$out"
run() {   # name, inputs...
  local name=$1; shift
  "$py" -m pipeline run "$@" -o "$out/$name" --jobs 1 --no-table >"$out/$name.log" 2>&1
  echo "exit $?" >>"$out/$name.log"
  sed -i -E 's/[0-9]+\.[0-9]+s$/<t>/; s/, [0-9.]+s$//' "$out/$name.log"
}
run samples samples
run generalization tests/generalization
run development tests/development
run pdf tests/fixtures/pdf
[ -d "$shared/corpus" ] && run corpus "$shared/corpus"
rm -rf "$out"/*/.records-cache
echo "snapshot written to $out"
