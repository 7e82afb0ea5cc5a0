#!/bin/sh
# SPDX-License-Identifier: ISC
# test_csv_readers.sh: the CSV files open as they are in the readers
# students use.  Python's csv.DictReader (what pandas.read_csv(path) does
# too: the first line is the header) must see the contract's columns on
# line 1 of both files and a first data row at time 0; with
# --csv-comments the '#' lines come first and a reader told about them
# (comment='#' in pandas) skips them.  Prints cmocka-style totals, which
# check-local adds up.  Skipped (77) without python3.
#
# Environment (set by make check): TCPSIM, the program.
set -u

TCPSIM=${TCPSIM:-src/tcpsim}

if ! command -v python3 >/dev/null 2>&1; then
	echo "test_csv_readers.sh: python3 is not installed: skipped"
	exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tcpsim-csv-test.XXXXXX")
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

printf '[simulation]\nduration = 1s\n[flow bulk]\n[flow other]\n' >"$tmp/two.ini"

dict_reader_reads_both() {
	"$TCPSIM" run "$tmp/two.ini" --quiet --csv "$tmp/ts.csv" \
		--events "$tmp/ev.csv" || return 1
	python3 - "$tmp/ts.csv" "$tmp/ev.csv" <<'PY'
import csv, sys
ts_cols = ("time_s,flow,cwnd_bytes,ssthresh_bytes,rwnd_bytes,inflight_bytes,"
           "send_buffer_bytes,recv_buffer_bytes,queue_packets,queue_bytes,"
           "delivered_bytes,read_bytes,goodput_bps,srtt_ms,rto_ms,"
           "retransmits,drops,limited_by").split(",")
ev_cols = "time_s,flow,where,event,seq,ack,len,win,detail".split(",")
with open(sys.argv[1], newline="") as f:
    r = csv.DictReader(f)
    assert r.fieldnames == ts_cols, r.fieldnames
    rows = list(r)
# one row per flow at time 0, both flows, numbers where numbers belong
assert [row["flow"] for row in rows[:2]] == ["bulk", "other"], rows[:2]
assert all(float(row["time_s"]) == 0.0 for row in rows[:2])
assert all(int(row["delivered_bytes"]) >= 0 for row in rows)
with open(sys.argv[2], newline="") as f:
    r = csv.DictReader(f)
    assert r.fieldnames == ev_cols, r.fieldnames
    first = next(r)
assert first["event"] in ("send", "app_write"), first
PY
}

comment_lines_are_skippable() {
	"$TCPSIM" run "$tmp/two.ini" --quiet --csv "$tmp/c.csv" \
		--csv-comments --set simulation.seed=3 || return 1
	python3 - "$tmp/c.csv" <<'PY'
import csv, sys
lines = open(sys.argv[1]).read().splitlines()
assert lines[0].startswith("# tcpsim "), lines[0]
assert "# seed: 3" in lines[:3], lines[:3]
body = [l for l in lines if not l.startswith("#")]
r = csv.DictReader(body)
assert r.fieldnames[0] == "time_s" and r.fieldnames[-1] == "limited_by"
assert len(list(r)) > 0
PY
}

check dict_reader_reads_both dict_reader_reads_both
check comment_lines_are_skippable comment_lines_are_skippable

echo "[==========] $((passed + failed)) test(s) run."
echo "[  PASSED  ] $passed test(s)."
[ "$failed" -eq 0 ] || echo "[  FAILED  ] $failed test(s)."
[ "$failed" -eq 0 ]
