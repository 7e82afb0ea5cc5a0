#!/bin/sh
# SPDX-License-Identifier: ISC
# test_sweep_parallel.sh: the jobs file of `tcpsim sweep --emit-jobs`, run
# by GNU parallel as on a cluster of machines (`parallel --sshloginfile
# nodes.txt < jobs.txt`, here on this machine alone: `-S :`), then
# gathered by --collect: the same bytes as the local sweep of the same
# runs, whatever order parallel ran them in.  Prints cmocka-style totals,
# which check-local adds up.  Skipped (77) without GNU parallel.
#
# Environment (set by make check): TCPSIM, the program.
set -u

TCPSIM=${TCPSIM:-src/tcpsim}
case $TCPSIM in /*) ;; *) TCPSIM=$(pwd)/$TCPSIM ;; esac

if ! parallel --version 2>/dev/null | grep -q "GNU parallel"; then
	echo "test_sweep_parallel.sh: GNU parallel is not installed: skipped"
	exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tcpsim-parallel-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP
cd "$tmp" || exit 99

passed=0
failed=0
check() {
	name=$1
	shift
	echo "[ RUN      ] $name"
	if "$@"; then
		passed=$((passed + 1))
		echo "[       OK ] $name"
	else
		failed=$((failed + 1))
		echo "[  FAILED  ] $name"
	fi
}

cat >lossy.ini <<'EOF2'
[simulation]
duration = 3s
[link]
loss = 1%
[flow bulk]
EOF2

t_parallel() {
	args="lossy.ini --vary link.queue=10pkt,40pkt --vary bulk.cc=newreno,cubic,reno --seeds 1-4"
	"$TCPSIM" sweep $args -j 2 --out local.csv 2>/dev/null || return 1
	"$TCPSIM" sweep $args --emit-jobs jobs >/dev/null || return 1
	[ "$(wc -l <jobs/jobs.txt)" -eq $((2 * 3 * 4)) ] || return 1
	# -S : is "this machine" in a login file's syntax; from another
	# directory, as a node would
	(cd / && parallel --will-cite -S : -j 2 <"$tmp/jobs/jobs.txt") \
		>parallel.out 2>&1 || { cat parallel.out; return 1; }
	"$TCPSIM" sweep --collect jobs --out collected.csv 2>/dev/null &&
		cmp local.csv collected.csv
}
check "GNU parallel runs the jobs; --collect gives the local table's bytes" t_parallel

echo "[==========] $((passed + failed)) test(s) run."
echo "[  PASSED  ] $passed test(s)."
[ "$failed" -eq 0 ] || echo "[  FAILED  ] $failed test(s)."
echo "test_sweep_parallel.sh: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
