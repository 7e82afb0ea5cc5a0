# SPDX-License-Identifier: ISC
# plot-sweep.gp: draw one figure of a `tcpsim sweep` table against a
# varied key, one line per value of another varied key, as a PNG.
#
#   tcpsim sweep bufferbloat.ini --vary 'link.queue=10..340:30 packets' \
#       --vary bulk.cc=newreno,cubic --seeds 1-5 --out queue.csv
#   gnuplot -e "csv='queue.csv'; x='link.queue'; y='flow.bulk.srtt_ms'" \
#       plot-sweep.gp
#
# Each point is the mean over the runs of that value (the seeds), with a
# bar from the smallest to the largest; runs whose status is not 0 are
# left out.  The x values are the numbers at the start of the key's
# values ("0.5%" is 0.5 on an axis in %, "10 packets" is 10).
#
# Variables (-e "name=value; ..."):
#   csv     the table written by `tcpsim sweep --out` (CSV; required)
#   x       the varied key along the x axis (required)
#   y       the figure on the y axis (required): a column such as
#           flow.bulk.goodput_bps (drawn in Mbit/s, as every *_bps),
#           link.queue_mean_delay_ms, flow.bulk.srtt_ms
#   by      the varied key whose values get a line each (default: none,
#           one line; a table with another varied key then mixes them)
#   out     the PNG to write (default: csv with .png appended)
#   logx, logy   1 for a logarithmic axis
#   mathis  1 to add the Mathis et al. (1997) line for a loss-rate x axis:
#           goodput = (mss / rtt) x sqrt(3 / (2 b)) / sqrt(p), p the loss
#           rate (x / 100 when the values are in %); needs
#   mss, rtt    the segment's payload in bytes and the round-trip time in
#           seconds (`tcpsim check` prints both: "mss 1448 B", "base RTT")
#   b       segments per ACK in the formula (default 1: a Linux host
#           counting bytes acknowledged; 2 for ACK counting with delayed
#           ACKs)
#   width, height   pixels (default 900 x 600)
#
# Columns are found by their names in the header row.  Needs gnuplot 5,
# awk and a POSIX shell.

if (!exists("csv") || !exists("x") || !exists("y")) {
	print "usage: gnuplot -e \"csv='table.csv'; x='link.queue'; y='flow.bulk.srtt_ms'[; by='bulk.cc']\" plot-sweep.gp"
	exit status 2
}
if (!exists("by")) by = ""
if (!exists("out")) out = csv . ".png"
if (!exists("logx")) logx = 0
if (!exists("logy")) logy = 0
if (!exists("mathis")) mathis = 0
if (!exists("b")) b = 1
if (!exists("width")) width = 900
if (!exists("height")) height = 600

if (system(sprintf("test -r '%s' && printf yes", csv)) ne "yes") {
	print sprintf("plot-sweep.gp: cannot read %s", csv)
	exit status 1
}

# awk over the rows whose run succeeded: the header fills c[NAME] with
# each column's number.  (A failed run's quoted message may hold commas;
# its status, before the message, is still read right, and it is skipped.)
awk_head = sprintf("awk -F, -v X='%s' -v Y='%s' -v BY='%s' 'NR == 1 {for (i = 1; i <= NF; i++) c[$i] = i; next} $c[\"status\"] != 0 || $c[Y] == \"\" {next} ", x, y, by)
data_awk(prog) = sprintf("%s%s' '%s'", awk_head, prog, csv)

missing = system(sprintf("awk -F, -v need='status %s %s %s' 'NR == 1 {n = split(need, w, \" \"); for (i = 1; i <= NF; i++) have[$i] = 1; for (i = 1; i <= n; i++) if (!(w[i] in have)) printf \"%%s \", w[i]; exit}' '%s'", x, y, by, csv))
if (strlen(missing) > 0) {
	print sprintf("plot-sweep.gp: %s has no column %s(the header names them)", csv, missing)
	exit status 1
}

# The lines: the values of `by`, in the order of the table (one line
# without `by`), written one per line to a file so that values with
# spaces ("10 packets") stay whole.
groups_file = system("mktemp")
system(data_awk(sprintf("{g = BY == \"\" ? \"all\" : $c[BY]} !seen[g]++ {print g > \"%s\"}", groups_file)))
n_groups = int(system(sprintf("wc -l < '%s'", groups_file)))
group(i) = by eq "" ? "mean of the runs (bars: least to most)" : \
	system(sprintf("sed -n '%dp' '%s'", i, groups_file))
if (n_groups == 0) {
	print sprintf("plot-sweep.gp: %s has no successful run with a value of %s", csv, y)
	system(sprintf("rm -f '%s'", groups_file))
	exit status 1
}

# The unit of x: what follows the number in its first value.
x_unit = system(data_awk("{v = $c[X]; sub(/^[ ]*[0-9.]+[ ]*/, \"\", v); print v; exit}"))
y_scale = strstrt(y, "_bps") == strlen(y) - 3 ? 1e6 : 1
y_label = y_scale == 1e6 ? y . " (Mbit/s)" : y

# Group i's points: x, mean, min, max of y over its runs, sorted by x.
# Groups are numbered in the order they first appear, as in groups_file.
points(i) = "< " . data_awk(sprintf("{g = BY == \"\" ? \"all\" : $c[BY]} !(g in id) {id[g] = ++ng} id[g] != %d {next} {v = $c[X] + 0; w = $c[Y] + 0; s[v] += w; n[v]++; if (!(v in lo) || w < lo[v]) lo[v] = w; if (!(v in hi) || w > hi[v]) hi[v] = w} END {for (v in s) printf \"%%.17g %%.17g %%.17g %%.17g\\n\", v, s[v] / n[v] / %g, lo[v] / %g, hi[v] / %g}", i, y_scale, y_scale, y_scale)) . " | sort -g"

if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) {
	set terminal pngcairo size width, height font "sans,10" noenhanced
} else {
	set terminal png size width, height noenhanced
}
set output out
set title sprintf("%s against %s (%s)", y, x, system(sprintf("printf '%%s' '%s' | sed 's|.*/||'", csv))) noenhanced
set xlabel (strlen(x_unit) > 0 ? sprintf("%s (%s)", x, x_unit) : x) noenhanced
set ylabel y_label noenhanced
set key inside right top box opaque title (strlen(by) > 0 ? by : "") noenhanced
set grid
set yrange [0:*]
if (logx) { set logscale x }
if (logy) { set logscale y; set yrange [*:*] }

# The Mathis et al. line, x the loss rate (in % when the values are).
p_of(v) = x_unit eq "%" ? v / 100.0 : v
if (mathis) {
	if (!exists("mss") || !exists("rtt")) {
		print "plot-sweep.gp: mathis=1 needs mss (bytes) and rtt (seconds)"
		system(sprintf("rm -f '%s'", groups_file))
		exit status 2
	}
	mathis_line(v) = mss * 8.0 / rtt * sqrt(3.0 / (2.0 * b)) / sqrt(p_of(v)) / y_scale
	set samples 200
	plot for [i=1:n_groups] points(i) using 1:2:3:4 with yerrorlines lw 2 pt 7 title group(i), \
		mathis_line(x) with lines dt 2 lw 2 lc rgb "black" title sprintf("Mathis: (%g B / %g ms) x sqrt(3/%g) / sqrt(p)", mss, rtt * 1000, 2 * b)
} else {
	plot for [i=1:n_groups] points(i) using 1:2:3:4 with yerrorlines lw 2 pt 7 title group(i)
}
set output
system(sprintf("rm -f '%s'", groups_file))
