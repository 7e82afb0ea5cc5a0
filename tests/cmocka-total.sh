#!/bin/sh
# SPDX-License-Identifier: ISC
# cmocka-total.sh: the last test of `make check`: adds up the summary
# lines of every other test of this run and prints
#
#   cmocka: N passed, M failed[, K skipped]
#
# (", K skipped" only when K > 0), after one line per test program.  It
# passes only when nothing failed, so `make check` fails when anything
# did, and the total is printed either way.
#
# Environment (set by make check):
#   TEST_LOGS    the logs of this run (automake's harness passes the list
#                of the tests it runs): logs of earlier runs, or of tests
#                that no longer exist, are never read
#   HAVE_CMOCKA  "no" when configure did not find cmocka: then only says
#                what is missing, and fails
# The lines go to the log and, when make opened it, to descriptor 9 (the
# terminal of `make check`, see AM_TESTS_FD_REDIRECT in Makefile.am).
#
# Counting: a program's "[  PASSED  ] N test(s)." and "[  FAILED  ] N
# test(s), listed below:" and "[  SKIPPED ] N test(s), listed below:"
# lines.  A test the harness saw fail without a FAILED line (it crashed,
# or failed before cmocka ran) counts as one failure; a test skipped as a
# whole (exit 77) without a SKIPPED line counts as one skipped.
set -u

if (true >&9) 2>/dev/null; then
	say() { printf '%s\n' "$*"; printf '%s\n' "$*" >&9; }
else
	say() { printf '%s\n' "$*"; }
fi

if [ "${HAVE_CMOCKA:-yes}" = no ]; then
	say "make check needs cmocka, which configure did not find:" \
		"apt-get install libcmocka-dev (or ./bootstrap), then" \
		"./configure again"
	exit 1
fi

# The number on summary lines of one kind ("PASSED", "FAILED", "SKIPPED")
# in log $1, summed.
count() {
	sed -n "s/^\[ *$1 *\] \([0-9][0-9]*\) test.*/\1/p" "$2" |
		awk '{ s += $1 } END { print s + 0 }'
}

passed=0
failed=0
skipped=0
self=${0##*/}
for log in ${TEST_LOGS:-}; do
	test=${log%.log}
	case $log in
	*/"$self".log | "$self".log) continue ;;
	esac
	trs=$test.trs
	if [ ! -f "$log" ] || [ ! -f "$trs" ]; then
		# only if a test is missing from this test's dependencies in
		# Makefile.am (it would then run in parallel with this one)
		say "$test: not finished when the total was made" \
			"(Makefile.am: $self runs after every other test)"
		failed=$((failed + 1))
		continue
	fi
	result=$(sed -n 's/^:test-result: *//p' "$trs" | head -n 1)
	p=$(count PASSED "$log")
	f=$(count FAILED "$log")
	s=$(count SKIPPED "$log")
	grep -E '^\[ *(PASSED|FAILED|SKIPPED) *\] [0-9]+ test' "$log" |
		while IFS= read -r line; do say "$test: $line"; done
	case $result in
	FAIL | ERROR | XPASS)
		if [ "$f" -eq 0 ]; then
			say "$test: $result without a cmocka FAILED line" \
				"(crashed?): see $log"
			f=1
		fi
		;;
	SKIP)
		if [ "$s" -eq 0 ]; then
			say "$test: skipped: see $log"
			s=1
		fi
		;;
	esac
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
done

if [ "$skipped" -gt 0 ]; then
	say "cmocka: $passed passed, $failed failed, $skipped skipped"
else
	say "cmocka: $passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
