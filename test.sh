#!/usr/bin/env bash
# Runs every test of HallPlatform: unit, service (real Redis + PostgreSQL started by the tests) and end-to-end
# (the whole AppHost through the gateway). Installs Redis and PostgreSQL from the OS packages when missing.
# Ends with "N passed, N failed[, N skipped]" and exits non-zero on any failure. TEST_JOBS: test projects run at
# once (2).
set -uo pipefail
cd "$(dirname "$0")"
scripts/install-prerequisites.sh || exit 1

# TEST_RESULTS_DIR keeps each project's TRX file and output there; by default they go to a temporary folder.
if [ -n "${TEST_RESULTS_DIR:-}" ]; then
  results=$TEST_RESULTS_DIR
  mkdir -p "$results"
else
  results=$(mktemp -d)
  trap 'rm -rf "$results"' EXIT
fi

dotnet build HallPlatform.sln -c Release -nologo -v quiet -clp:ErrorsOnly || { echo "0 passed, 1 failed"; exit 1; }
# Two test projects at a time (TEST_JOBS): each starts its own servers on random ports, and one alone leaves much of
# the 2-core CI machine idle while it waits on PostgreSQL and its apps. Longest first, so both lanes end together;
# a project not named here runs after these. Each project's output is printed whole when it ends.
jobs_max=${TEST_JOBS:-2}
projects=()
for name in EndToEnd Fault Reception Quality Complaint Business Gateway Platform; do
  [ -e "tests/$name.Tests/$name.Tests.csproj" ] && projects+=("tests/$name.Tests/$name.Tests.csproj")
done
for project in tests/*/*.Tests.csproj; do
  [[ " ${projects[*]} " == *" $project "* ]] || projects+=("$project")
done

test_exit=0
declare -A running=() started=()
finish_one() {
  local pid rc name
  wait -n -p pid "${!running[@]}"
  rc=$?
  name=${running[$pid]}
  unset "running[$pid]"
  echo "=== $name: exit $rc after $((SECONDS - started[$name])) s"
  cat "$results/$name.log"
  [ "$rc" -eq 0 ] || test_exit=1
}
for project in "${projects[@]}"; do
  while [ "${#running[@]}" -ge "$jobs_max" ]; do finish_one; done
  name=$(basename "$project" .csproj)
  started[$name]=$SECONDS
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" --results-directory "$results" "$@" \
    > "$results/$name.log" 2>&1 &
  running[$!]=$name
done
while [ "${#running[@]}" -gt 0 ]; do finish_one; done

print_failures() {
  # The failed tests' names and the start of their messages, so the end of a long log (often all a CI record keeps)
  # says what failed and why.
  local trx
  for trx in "$results"/*.trx; do
    [ -e "$trx" ] || continue
    awk -v max_lines=12 '
      function unescape(text) {
        gsub(/&#xD;/, "", text); gsub(/&lt;/, "<", text); gsub(/&gt;/, ">", text)
        gsub(/&quot;/, "\"", text); gsub(/&apos;/, "\047", text); gsub(/&amp;/, "\\&", text)
        return text
      }
      /<UnitTestResult / && /outcome="Failed"/ {
        name = $0; sub(/.*testName="/, "", name); sub(/".*/, "", name)
        print "FAILED " unescape(name); failed = 1; printed = 0; next
      }
      failed && /<\/UnitTestResult>/ { failed = 0; in_message = 0; next }
      failed && /<Message>/ { in_message = 1; sub(/.*<Message>/, "") }
      failed && in_message {
        line = $0
        if (line ~ /<\/Message>/) { sub(/<\/Message>.*/, "", line); in_message = 0 }
        if (printed < max_lines) { print "    " unescape(line); printed++ }
        else if (printed == max_lines) { print "    ..."; printed++ }
      }
    ' "$trx"
  done
}

print_summary() {
  # Sums the counters of every TRX file (one per test assembly).
  local passed=0 failed=0 skipped=0 total=0
  for trx in "$results"/*.trx; do
    [ -e "$trx" ] || continue
    local counters
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n1)
    for name in total passed failed notExecuted; do
      local value
      value=$(sed -n "s/.* $name=\"\([0-9]*\)\".*/\1/p" <<<"$counters")
      value=${value:-0}
      case $name in
        total) total=$((total + value)) ;;
        passed) passed=$((passed + value)) ;;
        failed) failed=$((failed + value)) ;;
        notExecuted) skipped=$((skipped + value)) ;;
      esac
    done
  done
  # A crashed test host leaves tests neither passed nor failed: count them as failed.
  local unaccounted=$((total - passed - failed - skipped))
  [ "$unaccounted" -gt 0 ] && failed=$((failed + unaccounted))
  if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$test_exit" -ne 0 ]; then failed=1; fi
  if [ "$skipped" -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
  else
    echo "$passed passed, $failed failed"
  fi
  [ "$failed" -eq 0 ] && [ "$test_exit" -eq 0 ]
}
print_failures
print_summary
