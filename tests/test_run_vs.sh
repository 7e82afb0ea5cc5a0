#!/bin/sh
# SPDX-License-Identifier: ISC
# test_run_vs.sh: `tcpsim run A --vs ...` end to end.  B must be exactly
# the run that --set (or the other scenario on A's seed) gives on its
# own, so the JSON halves are compared with two plain runs; the table's
# difference column is checked against the rule, computed here; bad --vs
# values exit 2 with messages naming the key or the file and line.
# Prints cmocka-style totals.  Skipped (77) without python3.
#
# Environment (set by make check): TCPSIM, the program; SCENARIOS.
set -u

TCPSIM=${TCPSIM:-src/tcpsim}
SCENARIOS=${SCENARIOS:-scenarios}

if ! command -v python3 >/dev/null 2>&1; then
	echo "test_run_vs.sh: python3 is not installed: skipped"
	exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tcpsim-vs-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

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

printf '[simulation]\nduration = 2s\nseed = 5\n[link]\nrate = 4Mbit/s\nloss = 1%%\n[flow bulk]\n' >"$tmp/a.ini"
printf '[simulation]\nduration = 2s\nseed = 99\n[link]\nrate = 8Mbit/s\nloss = 1%%\n[flow bulk]\n[flow web]\n' >"$tmp/b.ini"

# python3 -c: are the JSON objects in files $2 (its key $1) and $3 equal?
same_json() {
	python3 - "$@" <<'PY'
import json, sys
key, both, one = sys.argv[1:4]
with open(both) as f:
    d = json.load(f)
with open(one) as f:
    o = json.load(f)
sys.exit(0 if d[key] == o else 1)
PY
}

b_is_the_set_run() {
	"$TCPSIM" run "$tmp/a.ini" --vs link.rate=2Mbit/s --vs bulk.cc=reno \
		--json >"$tmp/vs.json" || return 1
	"$TCPSIM" run "$tmp/a.ini" --json >"$tmp/a.json" || return 1
	"$TCPSIM" run "$tmp/a.ini" --set link.rate=2Mbit/s --set bulk.cc=reno \
		--json >"$tmp/b.json" || return 1
	same_json a "$tmp/vs.json" "$tmp/a.json" &&
		same_json b "$tmp/vs.json" "$tmp/b.json" &&
		grep -q '"differs": "link.rate=2Mbit/s, bulk.cc=reno"' "$tmp/vs.json"
}
check run_vs_set_is_plain_run b_is_the_set_run

b_file_on_a_seed() {
	"$TCPSIM" run "$tmp/a.ini" --vs "$tmp/b.ini" --json >"$tmp/vs.json" ||
		return 1
	# B keeps its own settings but runs on A's seed, 5
	"$TCPSIM" run "$tmp/b.ini" --set simulation.seed=5 --json \
		>"$tmp/b.json" || return 1
	same_json b "$tmp/vs.json" "$tmp/b.json" &&
		grep -q 'rate = 8Mbit/s' "$tmp/vs.json"
}
check run_vs_file_same_seed b_file_on_a_seed

# standard input is read once; B is still A with the change
b_from_stdin() {
	"$TCPSIM" run - --set link.loss=2% --vs link.rate=1Mbit/s --json \
		<"$tmp/a.ini" >"$tmp/vs.json" 2>"$tmp/err" || return 1
	"$TCPSIM" run - --set link.loss=2% --set link.rate=1Mbit/s --json \
		<"$tmp/a.ini" >"$tmp/b.json" || return 1
	same_json b "$tmp/vs.json" "$tmp/b.json" && [ ! -s "$tmp/err" ]
}
check run_vs_stdin b_from_stdin

table_difference() {
	"$TCPSIM" run "$tmp/a.ini" --vs link.rate=1Mbit/s >"$tmp/table" ||
		return 1
	grep -q '^B differs: link.rate=1Mbit/s$' "$tmp/table" || return 1
	# 4 Mbit/s to 1 Mbit/s: (1 - 4) / 4 = -75.0 %
	grep -Eq '^link\.rate_bps +4000000 +1000000 +-75\.0%$' "$tmp/table" ||
		return 1
	# a count: the drops' difference in packets, from the JSON
	"$TCPSIM" run "$tmp/a.ini" --vs link.rate=1Mbit/s --json \
		>"$tmp/vs.json" || return 1
	python3 - "$tmp/vs.json" "$tmp/table" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
a, b = d["a"]["link"]["drops"], d["b"]["link"]["drops"]
want = "same" if a == b else "%+d packets" % (b - a)
row = [l for l in open(sys.argv[2]) if l.startswith("link.drops ")][0]
cells = row.split()
assert cells[1:3] == [str(a), str(b)], (cells, a, b)
assert " ".join(cells[3:]) == want, (row, want)
PY
}
check run_vs_table_difference table_difference

# B another file with many flows: "B differs" lists exactly the lines B
# sets that A does not, in B's order (here two flows' read rates, built
# so), and nothing of the hundreds of flows that match.
many_flows_differs() {
	awk 'BEGIN { printf "[simulation]\nduration = 100ms\n[link]\nrate = 100Mbit/s\n"
		for (i = 0; i < 300; i++) printf "[flow f%d]\nreceive_buffer = 8KiB\n", i }' \
		>"$tmp/many-a.ini"
	awk '{ print } /^\[flow f7\]$/ { print "read_rate = 1Mbit/s" }
		/^\[flow f250\]$/ { print "read_rate = 2Mbit/s" }' \
		"$tmp/many-a.ini" >"$tmp/many-b.ini"
	"$TCPSIM" run "$tmp/many-a.ini" --vs "$tmp/many-b.ini" >"$tmp/table" ||
		return 1
	grep -qx "B differs: scenario $tmp/many-b.ini: \[flow f7\] read_rate = 1Mbit/s; \[flow f250\] read_rate = 2Mbit/s" \
		"$tmp/table"
}
check run_vs_many_flows_differs many_flows_differs

# A read from standard input is written out and read back for B: a list
# as long as a line may be still reads back (with ", " it would not, and
# B failed without a word).
long_list_stdin() {
	awk 'BEGIN { printf "[simulation]\nduration = 50ms\n[flow in]\n"
		line = "to = c0"; n = 1
		while (length(line) + length(",c" n) <= 4096) { line = line ",c" n; n++ }
		for (i = 0; i < n; i++) printf "[flow c%d]\n", i
		printf "[relay r]\nfrom = in\n%s\n", line }' >"$tmp/long.ini"
	"$TCPSIM" run - --vs link.rate=5Mbit/s <"$tmp/long.ini" \
		>"$tmp/table" 2>"$tmp/err" || return 1
	grep -qx 'B differs: link.rate=5Mbit/s' "$tmp/table" && [ ! -s "$tmp/err" ]
}
check run_vs_long_list_stdin long_list_stdin

bad_values() {
	status=0
	"$TCPSIM" run "$tmp/a.ini" --vs bulk.read_rat=1MB/s --vs link.rate=fast \
		>"$tmp/out" 2>"$tmp/err" || status=$?
	[ "$status" -eq 2 ] && [ ! -s "$tmp/out" ] &&
		grep -q "^--vs: .*'read_rat'.*\\[flow bulk\\]" "$tmp/err" &&
		grep -q "^--vs: link.rate = fast" "$tmp/err" || return 1
	printf '[link]\nrate = 5Mbit/s\nbogus = 1\n' >"$tmp/bad.ini"
	status=0
	"$TCPSIM" run "$tmp/a.ini" --vs "$tmp/bad.ini" >"$tmp/out" \
		2>"$tmp/err" || status=$?
	[ "$status" -eq 2 ] && grep -q "bad.ini:3: .*'bogus'" "$tmp/err" ||
		return 1
	status=0
	"$TCPSIM" run "$tmp/a.ini" --vs link.rate=1Mbit/s --csv "$tmp/x.csv" \
		>"$tmp/out" 2>"$tmp/err" || status=$?
	[ "$status" -eq 2 ] && [ ! -e "$tmp/x.csv" ]
}
check run_vs_bad_values_exit_2 bad_values

echo "[==========] $((passed + failed)) test(s) run."
echo "[  PASSED  ] $passed test(s)."
[ "$failed" -eq 0 ] || echo "[  FAILED  ] $failed test(s)."
[ "$failed" -eq 0 ]
