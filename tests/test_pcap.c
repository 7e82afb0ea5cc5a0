/* SPDX-License-Identifier: ISC */
/*
 * test_pcap.c: `tcpsim run --pcap`, checked the way a user would check
 * it: Wireshark's own analysis (tshark) must agree with the simulator's
 * JSON summary of the same run, and the bytes read back with libpcap
 * must be the packets the contract describes.
 *
 * Runs the binary named by $TCPSIM and tshark through the shell, on
 * scenarios written to a temporary directory (and the shipped ones, from
 * $SCENARIOS).  Expected numbers come from the JSON summary of the same
 * run or from the headers' definitions, never from an earlier output.
 *
 * tshark should be installed (./bootstrap installs it).  When it is not
 * on PATH, the tests that read captures with it are skipped (cmocka's
 * SKIPPED; the program exits 77, automake's SKIP, if nothing failed); the
 * others run, and the two that check with tshark only in part run that
 * part.  In a build configured --without-pcap only the "built without
 * libpcap" check runs.
 */
/* libpcap's header needs u_char and u_int (see src/trace/pcap.c). */
#define _DEFAULT_SOURCE

#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#if HAVE_PCAP
#include <pcap/pcap.h>
#endif

#include "tcp/stream.h"

#include "fixture.h"
#include "rfc1071.h"

/* tshark with checksum validation on, reading one capture. */
#define TSHARK "tshark -n -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE"

/* tshark runs (looked for on PATH once, by main). */
static bool tshark_present;

/* Frames that no capture of ours may contain. */
#define BAD_FRAMES                                                             \
	"_ws.malformed || _ws.expert.severity == error || "                    \
	"ip.checksum.status != 1 || tcp.checksum.status != 1"

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

/*
 * Run "$TCPSIM ARGS" through the shell (ARGS already quoted as needed),
 * standard output and error captured.  The paths of these tests are made
 * by mkdtemp() and $SCENARIOS: no quote in them.
 */
static void
run_tcpsim(const struct fixture *fx, struct result *r, const char *fmt, ...)
{
	char args[2048], cmd[4096];
	char *out = fixture_path_in(fx, ".stdout"),
	     *err = fixture_path_in(fx, ".stderr");
	va_list ap;
	int ws;

	va_start(ap, fmt);
	vsnprintf(args, sizeof args, fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof cmd, "'%s' %s </dev/null >'%s' 2>'%s'",
		 fixture_tcpsim_path(), args, out, err);
	ws = system(cmd);
	assert_true(ws != -1 && WIFEXITED(ws));
	r->status = WEXITSTATUS(ws);
	r->out = fixture_read_all(out, &r->out_len);
	r->err = fixture_read_all(err, NULL);
	assert_non_null(r->out);
	assert_non_null(r->err);
	unlink(out);
	unlink(err);
	free(out);
	free(err);
	if (r->status == 127)
		fail_msg("cannot run %s (set TCPSIM)", fixture_tcpsim_path());
}

#if HAVE_PCAP

/*
 * Run tshark with `args` on `pcap`; return what it prints (malloc'ed).
 * Fails the test if tshark fails.  Its standard error (a warning about
 * running as root, say) is kept aside and shown only then.
 */
static char *
tshark(const struct fixture *fx, const char *pcap, const char *args)
{
	char cmd[4096];
	char *err = fixture_path_in(fx, ".tshark-err");
	char *text = NULL;
	size_t len = 0, cap = 0;
	FILE *p;
	int ws;

	snprintf(cmd, sizeof cmd, TSHARK " -r '%s' %s 2>'%s'", pcap, args, err);
	p = popen(cmd, "r");
	assert_non_null(p);
	for (;;) {
		size_t n;

		if (cap - len < 4096) {
			char *grown;

			cap = cap * 2 + 8192;
			grown = realloc(text, cap);
			assert_non_null(grown);
			text = grown;
		}
		n = fread(text + len, 1, cap - len - 1, p);
		if (n == 0)
			break;
		len += n;
	}
	text[len] = '\0';
	ws = pclose(p);
	if (ws == -1 || !WIFEXITED(ws) || WEXITSTATUS(ws) != 0) {
		char *msg = fixture_read_all(err, NULL);

		fail_msg("tshark failed (%d): %s\n%s", ws, cmd,
			 msg != NULL ? msg : "");
	}
	unlink(err);
	free(err);
	return text;
}

/* How many frames of `pcap` match the display filter. */
static long
tshark_count(const struct fixture *fx, const char *pcap, const char *filter)
{
	char args[1024];
	char *text;
	const char *p;
	long n = 0;

	snprintf(args, sizeof args, "-Y '%s' -T fields -e frame.number",
		 filter);
	text = tshark(fx, pcap, args);
	for (p = text; *p != '\0'; p++)
		if (*p == '\n')
			n++;
	free(text);
	return n;
}

/*
 * The value of `key` in the flow `flow` (from 0) of a JSON summary: the
 * flow-th occurrence of "key": in the "flows" array.  Only for keys that
 * appear in flows alone.
 */
static uint64_t
json_flow_u64(const char *json, const char *key, int flow)
{
	char needle[64];
	const char *p = strstr(json, "\"flows\"");
	int i;

	assert_non_null(p);
	snprintf(needle, sizeof needle, "\"%s\": ", key);
	for (i = 0; i <= flow; i++) {
		p = strstr(p, needle);
		if (p == NULL)
			fail_msg("no \"%s\" for flow %d in:\n%s", key, flow,
				 json);
		p += strlen(needle);
	}
	if (!isdigit((unsigned char)*p))
		fail_msg("\"%s\" of flow %d is not a count: %.20s", key, flow,
			 p);
	return strtoull(p, NULL, 10);
}

static bool
json_flow_completed(const char *json, int flow)
{
	const char *p = strstr(json, "\"flows\"");
	int i;

	for (i = 0; i <= flow; i++) {
		p = strstr(p, "\"completion_s\": ");
		assert_non_null(p);
		p += strlen("\"completion_s\": ");
	}
	return strncmp(p, "null", 4) != 0;
}

static void
check_tshark_installed(void)
{
	if (system("tshark --version >/dev/null 2>&1") != 0)
		fail_msg("tshark is not installed (./bootstrap installs it: "
			 "apt-get install tshark)");
}

/* ------------------------------------------------------------------ */
/* Packets read back with libpcap                                      */
/* ------------------------------------------------------------------ */

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* The IPv4 header checksum of `ip`, its checksum field taken as zero. */
static uint16_t
ipv4_checksum(const uint8_t *ip)
{
	uint8_t hdr[20];

	memcpy(hdr, ip, 20);
	hdr[10] = hdr[11] = 0;
	return ones_complement(ones_sum(0, hdr, 20));
}

/*
 * The TCP checksum of the segment after `ip` (whole packet in `ip`), its
 * checksum field taken as zero: pseudo-header (source, destination, zero,
 * protocol 6, TCP length), then header and payload (RFC 9293 3.1).
 */
static uint16_t
tcp_checksum(const uint8_t *ip, size_t total)
{
	uint8_t pseudo[12];
	uint8_t *seg = malloc(total - 20);
	uint32_t sum;

	assert_non_null(seg);
	memcpy(pseudo, ip + 12, 8);
	pseudo[8] = 0;
	pseudo[9] = 6;
	pseudo[10] = (uint8_t)((total - 20) >> 8);
	pseudo[11] = (uint8_t)(total - 20);
	memcpy(seg, ip + 20, total - 20);
	seg[16] = seg[17] = 0;
	sum = ones_sum(0, pseudo, sizeof pseudo);
	sum = ones_sum(sum, seg, total - 20);
	free(seg);
	return ones_complement(sum);
}

/* Open a capture written with nanosecond timestamps. */
static pcap_t *
open_capture(const char *path)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_open_offline_with_tstamp_precision(
		path, PCAP_TSTAMP_PRECISION_NANO, errbuf);

	if (p == NULL)
		fail_msg("libpcap cannot read %s: %s", path, errbuf);
	return p;
}

/*
 * Every header field the contract fixes, both checksums recomputed bit
 * by bit, the payload bytes, the IP IDs, the addresses and the handshake,
 * on a capture read back with libpcap.  Flow "b" starts at 0.25 s with an
 * ISN close to 2^32 (its sequence numbers wrap) and without window
 * scaling; the transfer ends in an odd-sized segment.  Both say
 * stack = textbook: SYNs with MSS, NOP and window scale alone, and the key
 * table's mss 1460 B for b (test_sack_blocks checks SACK-permitted).
 */
static void
test_packets_bit_exact(void **state)
{
	struct fixture *fx = *state;
	char *sc = fixture_write_file(
		fx, "b.ini",
		"[simulation]\nduration = 2s\n"
		"[link]\nrate = 10Mbit/s\ndelay = 5ms\n"
		"[flow a]\nstack = textbook\nwrite_total = 30KB\nmss = 1000B\n"
		"isn = 1000\nreceive_buffer = 1MiB\n"
		"[flow b]\nstack = textbook\nstart = 250ms\n"
		"write_total = 20501B\n"
		"isn = 4294960000\nwindow_scale = off\n");
	char *cap = fixture_path_in(fx, "b.pcap");
	const uint32_t isn[2] = {1000u, 4294960000u};
	const uint16_t mss[2] = {1000, 1460};
	int64_t last_ns = -1;
	uint16_t next_id[2][2] = {{0, 0}, {0, 0}};
	long frames[2] = {0, 0}, data_bytes[2] = {0, 0}, fins[2] = {0, 0};
	struct pcap_pkthdr *h;
	const u_char *pkt;
	struct result r;
	pcap_t *p;
	int rc;

	run_tcpsim(fx, &r, "run '%s' --pcap '%s' --quiet", sc, cap);
	expect_status(&r, 0);
	result_free(&r);

	p = open_capture(cap);
	assert_int_equal(pcap_datalink(p), DLT_RAW);
	assert_int_equal(pcap_get_tstamp_precision(p),
			 PCAP_TSTAMP_PRECISION_NANO);
	while ((rc = pcap_next_ex(p, &h, &pkt)) == 1) {
		const uint8_t *ip = pkt;
		const uint8_t *tcp = ip + 20;
		int64_t t_ns =
			(int64_t)h->ts.tv_sec * 1000000000 + h->ts.tv_usec;
		uint32_t src = get32(ip + 12), dst = get32(ip + 16);
		bool from_sender = (src >> 8) == (192u << 16 | 0u << 8 | 2u);
		uint32_t host = from_sender ? (src & 0xff) : (dst & 0xff);
		int flow = (int)host - 1;
		size_t thl = (size_t)(tcp[12] >> 4) * 4;
		size_t payload = h->len - 20 - thl;
		uint8_t flags = tcp[13];
		uint32_t seq = get32(tcp + 4);

		assert_true(flow == 0 || flow == 1);
		assert_int_equal(h->caplen, h->len);
		/* Time order; flow b's handshake at its start, 0.25 s. */
		assert_true(t_ns >= last_ns);
		last_ns = t_ns;
		if (frames[flow] == 0)
			assert_int_equal(t_ns, flow == 0 ? 0 : 250000000);
		frames[flow]++;

		/* IPv4: version 4, no options, DF, TTL 64, TCP, lengths. */
		assert_int_equal(ip[0], 0x45);
		assert_int_equal(get16(ip + 2), h->len);
		assert_int_equal(get16(ip + 6), 0x4000);
		assert_int_equal(ip[8], 64);
		assert_int_equal(ip[9], 6);
		assert_int_equal(get16(ip + 10), ipv4_checksum(ip));
		assert_int_equal(ones_complement(ones_sum(0, ip, 20)), 0);
		/* IP IDs count up from 0 in each direction of each flow. */
		assert_int_equal(get16(ip + 4), next_id[flow][from_sender]);
		next_id[flow][from_sender]++;

		/* Addresses and ports of the scheme in pcap.h. */
		if (from_sender) {
			assert_int_equal(src, 0xc0000201u + (uint32_t)flow);
			assert_int_equal(dst, 0xc6336401u + (uint32_t)flow);
			assert_int_equal(get16(tcp), 40000 + flow);
			assert_int_equal(get16(tcp + 2), 20);
		} else {
			assert_int_equal(src, 0xc6336401u + (uint32_t)flow);
			assert_int_equal(get16(tcp), 20);
			assert_int_equal(get16(tcp + 2), 40000 + flow);
		}
		assert_int_equal(get16(tcp + 16), tcp_checksum(ip, h->len));

		if (flags & 0x02) {
			/* SYN or SYN-ACK: MSS, NOP, window scale (if on). */
			assert_int_equal(thl, 28);
			assert_int_equal(tcp[20], 2);
			assert_int_equal(tcp[21], 4);
			assert_int_equal(get16(tcp + 22), mss[flow]);
			assert_int_equal(tcp[24], 1);
			if (flow == 0)
				assert_int_equal(tcp[25], 3);
			else
				assert_int_equal(tcp[25], 1); /* NOP: off */
			assert_int_equal(seq, from_sender ? isn[flow] : 0);
			if (!from_sender)
				assert_int_equal(get32(tcp + 8), isn[flow] + 1);
			continue;
		}
		assert_int_equal(thl, 20);
		if (flags & 0x01)
			fins[flow]++;
		if (from_sender && payload > 0) {
			/* Payload byte k is stream_byte(offset of k), the
			 * offset counted from ISN + 1. */
			uint64_t off = (uint32_t)(seq - isn[flow] - 1);
			size_t k;

			assert_int_equal(get32(tcp + 8),
					 1); /* receiver ISS+1 */
			assert_int_equal(get16(tcp + 14), 65535);
			for (k = 0; k < payload; k++)
				assert_int_equal(tcp[20 + k],
						 stream_byte(off + k));
			data_bytes[flow] += (long)payload;
		}
		if (!from_sender && !(flags & 0x01))
			assert_int_equal(seq, 1); /* receiver ISS 0, + 1 */
	}
	assert_int_equal(rc, PCAP_ERROR_BREAK); /* end of file, no error */
	pcap_close(p);

	/* Both transfers complete, lossless: each byte once, then the FINs
	 * (one each way). */
	assert_int_equal(data_bytes[0], 30000);
	assert_int_equal(data_bytes[1], 20501);
	assert_int_equal(fins[0], 2);
	assert_int_equal(fins[1], 2);
	free(sc);
	free(cap);
}

/* ------------------------------------------------------------------ */
/* --snaplen                                                           */
/* ------------------------------------------------------------------ */

/*
 * `cut` holds the records of `whole` cut to `snaplen` bytes: the same
 * times and original lengths, min(len, snaplen) bytes stored, the first
 * ones of the whole packet.
 */
static void
check_cut(const char *whole, const char *cut, unsigned snaplen)
{
	pcap_t *pw = open_capture(whole), *pc = open_capture(cut);
	struct pcap_pkthdr *hw, *hc;
	const u_char *w, *c;
	long n = 0, cut_records = 0;
	int rw, rc;

	assert_int_equal(pcap_snapshot(pc), snaplen);
	while ((rw = pcap_next_ex(pw, &hw, &w)) == 1) {
		rc = pcap_next_ex(pc, &hc, &c);
		assert_int_equal(rc, 1);
		assert_int_equal(hc->ts.tv_sec, hw->ts.tv_sec);
		assert_int_equal(hc->ts.tv_usec, hw->ts.tv_usec);
		assert_int_equal(hc->len, hw->len);
		assert_int_equal(hc->caplen,
				 hw->len < snaplen ? hw->len : snaplen);
		assert_memory_equal(c, w, hc->caplen);
		if (hc->caplen < hc->len)
			cut_records++;
		n++;
	}
	assert_int_equal(rw, PCAP_ERROR_BREAK);
	assert_int_equal(pcap_next_ex(pc, &hc, &c), PCAP_ERROR_BREAK);
	assert_true(n > 100);
	assert_true(cut_records > 50); /* the data segments at least */
	pcap_close(pw);
	pcap_close(pc);
}

static void
test_snaplen(void **state)
{
	struct fixture *fx = *state;
	char *sc = fixture_write_file(
		fx, "s.ini", "[simulation]\nduration = 1s\n[flow bulk]\n");
	char *cap = fixture_path_in(fx, "s.pcap");
	char *cut_cap = fixture_path_in(fx, "cut.pcap");
	static const unsigned cuts[] = {40, 41, 99, 1000, 1499};
	static const char *const bad[] = {
		"abc",
		"39",
		"262145",
		"-5",
		"1e3",
		"64k",
		"99999999999999999999",
	};
	struct pcap_pkthdr *h;
	const u_char *pkt;
	long cut = 0, frames = 0;
	struct result r;
	size_t i;
	pcap_t *p;

	run_tcpsim(fx, &r, "run '%s' --pcap '%s' --snaplen 64 --quiet", sc,
		   cap);
	expect_status(&r, 0);
	result_free(&r);

	p = open_capture(cap);
	assert_int_equal(pcap_snapshot(p), 64);
	while (pcap_next_ex(p, &h, &pkt) == 1) {
		frames++;
		assert_int_equal(h->caplen, h->len < 64 ? h->len : 64);
		/* The IP total length is that of the whole packet. */
		assert_int_equal(get16(pkt + 2), h->len);
		if (h->len > 64)
			cut++;
	}
	pcap_close(p);
	assert_true(frames > 100);
	assert_true(cut > 50); /* the data segments */
	/* Cut packets are not malformed; headers whole, checksums intact
	 * (tshark cannot verify a cut segment's TCP checksum: it says
	 * "unverified", never "bad"). */
	if (tshark_present) {
		assert_int_equal(tshark_count(fx, cap,
					      "_ws.malformed || "
					      "_ws.expert.severity == error || "
					      "ip.checksum.status != 1 || "
					      "tcp.checksum.status == 0"),
				 0);
		assert_int_equal(tshark_count(fx, cap, "frame.cap_len > 64"),
				 0);
	}

	/* 0 is whole packets, as tcpdump's -s 0. */
	run_tcpsim(fx, &r, "run '%s' --pcap '%s' --snaplen=0 --quiet", sc, cap);
	expect_status(&r, 0);
	result_free(&r);
	p = open_capture(cap);
	while (pcap_next_ex(p, &h, &pkt) == 1)
		assert_int_equal(h->caplen, h->len);
	pcap_close(p);

	/* A cut capture is the whole one cut: the same records, each the
	 * first caplen bytes of the whole packet, whether the cut falls in
	 * the headers, in a short piece of payload or in a long one. */
	for (i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
		run_tcpsim(fx, &r, "run '%s' --pcap '%s' --snaplen %u --quiet",
			   sc, cut_cap, cuts[i]);
		expect_status(&r, 0);
		result_free(&r);
		check_cut(cap, cut_cap, cuts[i]);
		unlink(cut_cap);
	}
	unlink(cap);

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		run_tcpsim(fx, &r, "run '%s' --pcap '%s' --snaplen '%s'", sc,
			   cap, bad[i]);
		expect_status(&r, 2);
		expect_in(r.err, "--snaplen");
		assert_false(fixture_exists(cap));
		result_free(&r);
	}
	run_tcpsim(fx, &r, "run '%s' --snaplen 100", sc);
	expect_status(&r, 2);
	expect_in(r.err, "--snaplen needs --pcap");
	result_free(&r);
	free(sc);
	free(cap);
	free(cut_cap);
	if (!tshark_present)
		skip(); /* all but tshark's reading of the cut capture ran */
}

/* ------------------------------------------------------------------ */
/* tshark's analysis against the model's counters                      */
/* ------------------------------------------------------------------ */

/* Records in a capture, read with libpcap. */
static long
capture_records(const char *path)
{
	pcap_t *p = open_capture(path);
	struct pcap_pkthdr *h;
	const u_char *pkt;
	long n = 0;

	while (pcap_next_ex(p, &h, &pkt) == 1)
		n++;
	pcap_close(p);
	return n;
}

/* Packets a capture of this run would hold: data segments sent by all
 * flows (the ACKs are fewer). */
#define SHIPPED_MAX_SEGMENTS 20000

/*
 * Every shipped scenario: no malformed frame, no expert error, and every
 * frame's IPv4 and TCP checksums verified good.  Runs are cut to 5 s, and
 * shorter where the link is fast enough to send more than
 * SHIPPED_MAX_SEGMENTS segments in that time (a 1 Gbit/s lesson would
 * make tshark read hundreds of megabytes).
 */
static void
test_shipped_scenarios(void **state)
{
	struct fixture *fx = *state;
	const char *dir = getenv("SCENARIOS");
	char *cap = fixture_path_in(fx, "shipped.pcap");
	struct dirent *e;
	int checked = 0;
	DIR *d;

	check_tshark_installed();
	if (dir == NULL)
		dir = "scenarios";
	d = opendir(dir);
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		uint64_t segments = 0;
		long duration_ms = 5000, frames, bad;
		struct result r;
		const char *p;

		if (n < 5 || strcmp(e->d_name + n - 4, ".ini") != 0)
			continue;
		run_tcpsim(fx, &r,
			   "run '%s/%s' --set simulation.duration=5s --json",
			   dir, e->d_name);
		expect_status(&r, 0);
		for (p = strstr(r.out, "\"segments_sent\": "); p != NULL;
		     p = strstr(p + 1, "\"segments_sent\": "))
			segments += strtoull(p + 17, NULL, 10);
		result_free(&r);
		if (segments > SHIPPED_MAX_SEGMENTS)
			duration_ms =
				(long)(5000 * SHIPPED_MAX_SEGMENTS / segments);

		run_tcpsim(fx, &r,
			   "run '%s/%s' --set simulation.duration=%ldms "
			   "--pcap '%s' --quiet",
			   dir, e->d_name, duration_ms, cap);
		expect_status(&r, 0);
		result_free(&r);
		frames = capture_records(cap);
		bad = tshark_count(fx, cap,
				   "_ws.malformed || "
				   "_ws.expert.severity == error || "
				   "!(ip.checksum.status == 1 && "
				   "tcp.checksum.status == 1)");
		if (frames < 100 || bad != 0)
			fail_msg("%s (%ld ms): %ld frames, %ld malformed, in "
				 "error or without good checksums",
				 e->d_name, duration_ms, frames, bad);
		checked++;
	}
	closedir(d);
	assert_true(checked >= 4);
	free(cap);
}

/*
 * A consumer that stalls: the receiver's buffer fills, it advertises a
 * zero window, the sender probes.  Wireshark must see the zero windows
 * and count exactly the probes the model sent.  stack = textbook: the
 * 1-byte probes of RFC 9293 (window_probe = linux's carry no data, and
 * Wireshark does not call them zero-window probes).
 */
static void
test_zero_window_probes(void **state)
{
	struct fixture *fx = *state;
	char *sc = fixture_write_file(fx, "stall.ini",
				      "[simulation]\nduration = 12s\n"
				      "[link]\nrate = 10Mbit/s\ndelay = 10ms\n"
				      "[flow bulk]\nstack = textbook\n"
				      "receive_buffer = 64KiB\n"
				      "min_rto = 200ms\n"
				      "[timeline]\n1s: bulk.read_rate = 0\n"
				      "9s: bulk.read_rate = unlimited\n");
	char *cap = fixture_path_in(fx, "stall.pcap");
	uint64_t probes, adverts;
	long zero, zwp;
	struct result r;

	check_tshark_installed();
	run_tcpsim(fx, &r, "run '%s' --pcap '%s' --json", sc, cap);
	expect_status(&r, 0);
	probes = json_flow_u64(r.out, "window_probes", 0);
	adverts = json_flow_u64(r.out, "zero_window_adverts", 0);
	result_free(&r);
	assert_true(probes >= 3); /* a stall long enough to probe a few times */

	zero = tshark_count(fx, cap, "tcp.analysis.zero_window");
	zwp = tshark_count(fx, cap, "tcp.analysis.zero_window_probe");
	assert_true(zero >= 1);
	/* Every zero-window ACK sent reaches the sender before the end. */
	assert_int_equal(zero, (long)adverts);
	assert_int_equal(zwp, (long)probes);
	/* The probes are 1 byte each, as the model sends them. */
	assert_int_equal(tshark_count(fx, cap,
				      "tcp.analysis.zero_window_probe && "
				      "tcp.len == 1"),
			 (long)probes);
	assert_int_equal(tshark_count(fx, cap, BAD_FRAMES), 0);
	free(sc);
	free(cap);
}

/*
 * A lossy run.  The link is slow (2 Mbit/s: a full segment every 6 ms)
 * on purpose: Wireshark calls a retransmission "out-of-order" instead
 * when it comes within 3 ms (its default without a handshake RTT; ours
 * takes no time) of the highest segment sent, which a partial-ACK
 * retransmission in fast recovery on a fast link can.  stack = textbook:
 * fast retransmit on the third duplicate ACK is RFC 5681's rule; with SACK
 * (RFC 6675's IsLost) it may come on an earlier one.
 */
static void
test_lossy_retransmissions(void **state)
{
	struct fixture *fx = *state;
	char *sc = fixture_write_file(fx, "lossy.ini",
				      "[simulation]\nduration = 20s\nseed = 3\n"
				      "[link]\nrate = 2Mbit/s\ndelay = 20ms\n"
				      "loss = 2%\n"
				      "[flow bulk]\nstack = textbook\n"
				      "receive_buffer = 128KiB\n");
	char *cap = fixture_path_in(fx, "lossy.pcap");
	uint64_t retransmits, fast;
	long seen, seen_fast = 0, after_third = 0;
	char *text, *line, *save = NULL;
	bool prev_third = false;
	struct result r;

	check_tshark_installed();
	run_tcpsim(fx, &r, "run '%s' --pcap '%s' --json", sc, cap);
	expect_status(&r, 0);
	retransmits = json_flow_u64(r.out, "retransmits", 0);
	fast = json_flow_u64(r.out, "fast_retransmits", 0);
	result_free(&r);
	assert_true(retransmits >= 10 && fast >= 5);

	/* Frames Wireshark flags as either kind of retransmission (a fast
	 * one carries both flags: counting frames counts it once). */
	seen = tshark_count(fx, cap,
			    "tcp.analysis.retransmission || "
			    "tcp.analysis.fast_retransmission");
	if (labs(seen - (long)retransmits) > 2)
		fail_msg("tshark sees %ld retransmissions, the model sent %llu",
			 seen, (unsigned long long)retransmits);

	/*
	 * Each fast retransmission comes right after the ACK that triggered
	 * it, which Wireshark numbers as the 3rd duplicate: the model
	 * captures an ACK as it reaches the sender, and the sender
	 * retransmits at once (RFC 5681 3.2).
	 */
	text = tshark(fx, cap,
		      "-T fields -E separator=, -e tcp.len "
		      "-e tcp.analysis.duplicate_ack_num "
		      "-e tcp.analysis.fast_retransmission");
	for (line = strtok_r(text, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		/* "len,dup_ack_num,fast_retransmission", empty fields kept */
		const char *dup = strchr(line, ',');
		const char *fr = dup != NULL ? strchr(dup + 1, ',') : NULL;

		assert_non_null(fr);
		if (fr[1] != '\0') {
			seen_fast++;
			if (prev_third)
				after_third++;
		}
		prev_third = strncmp(dup + 1, "3,", 2) == 0;
	}
	free(text);
	assert_true(seen_fast > 0);
	assert_int_equal(after_third, seen_fast);
	if (labs(seen_fast - (long)fast) > 2)
		fail_msg("tshark sees %ld fast retransmissions, the model "
			 "made %llu",
			 seen_fast, (unsigned long long)fast);
	assert_int_equal(tshark_count(fx, cap, BAD_FRAMES), 0);
	free(sc);
	free(cap);
}

/*
 * sack = on with three losses in one window (drop_segments 100, 104,
 * 108): both SYNs carry SACK-permitted, and the ACKs carry the blocks
 * Wireshark decodes.  Segment k starts at relative sequence number
 * 1 + (k - 1) * mss, so the edges follow from the segment numbers: the
 * first ACK after the first hole SACKs segment 101 alone; once all three
 * holes are open an ACK lists three blocks, the newest first (RFC 2018
 * 4): segments 109.., 105-107, 101-103.  No ACK carries more than the 3
 * blocks that fit beside timestamps.  Nothing else is lost (no random
 * loss, a queue that never fills), so every retransmission beyond the
 * three holes reaches a receiver that holds it already and comes back as
 * one D-SACK (RFC 2883).  stack = textbook with sack = on: SACK alone, and
 * the mss of 1460 B the edges are computed with.
 */
static void
test_sack_blocks(void **state)
{
	struct fixture *fx = *state;
	char *sc = fixture_write_file(fx, "sack.ini",
				      "[simulation]\nduration = 20s\n"
				      "[link]\nrate = 10Mbit/s\ndelay = 20ms\n"
				      "queue = 100 packets\n"
				      "[flow bulk]\nstack = textbook\n"
				      "cc = cubic\nsack = on\n"
				      "receive_buffer = 128KiB\n"
				      "write_total = 1MB\n"
				      "drop_segments = 100, 104, 108\n");
	char *cap = fixture_path_in(fx, "sack.pcap");
	const unsigned mss = 1460;
	uint64_t retransmits, drops;
	char filter[256], *text;
	unsigned s101 = 1 + 100 * mss, s102 = 1 + 101 * mss;
	unsigned s104 = 1 + 103 * mss, s105 = 1 + 104 * mss;
	unsigned s108 = 1 + 107 * mss, s109 = 1 + 108 * mss;
	char left3[64], right3[64];
	bool three = false;
	struct result r;

	check_tshark_installed();
	run_tcpsim(fx, &r, "run '%s' --pcap '%s' --json", sc, cap);
	expect_status(&r, 0);
	assert_true(json_flow_completed(r.out, 0));
	retransmits = json_flow_u64(r.out, "retransmits", 0);
	{
		const char *d = strstr(r.out, "\"drops\": ");

		assert_non_null(d);
		drops = strtoull(d + strlen("\"drops\": "), NULL, 10);
	}
	result_free(&r);
	assert_int_equal(drops, 3);
	assert_true(retransmits >= drops);

	assert_int_equal(tshark_count(fx, cap, "tcp.options.sack_perm"), 2);
	snprintf(filter, sizeof filter,
		 "tcp.options.sack.count == 1 && tcp.options.sack_le == %u && "
		 "tcp.options.sack_re == %u",
		 s101, s102);
	assert_true(tshark_count(fx, cap, filter) >= 1);
	assert_int_equal(tshark_count(fx, cap, "tcp.options.sack.count > 3"),
			 0);

	snprintf(left3, sizeof left3, "%u,%u,%u\t", s109, s105, s101);
	snprintf(right3, sizeof right3, ",%u,%u\n", s108, s104);
	text = tshark(fx, cap,
		      "-Y 'tcp.options.sack.count == 3' -T fields "
		      "-e tcp.options.sack_le -e tcp.options.sack_re");
	for (char *line = text; line != NULL && *line != '\0';) {
		char *nl = strchr(line, '\n');

		if (strncmp(line, left3, strlen(left3)) == 0 && nl != NULL &&
		    (size_t)(nl - line) >= strlen(right3) - 1 &&
		    strncmp(nl - (strlen(right3) - 1), right3,
			    strlen(right3) - 1) == 0)
			three = true;
		line = nl != NULL ? nl + 1 : NULL;
	}
	free(text);
	if (!three)
		fail_msg("no ACK lists the blocks %s ... %s newest first",
			 left3, right3);

	assert_int_equal(tshark_count(fx, cap, "tcp.options.sack.dsack_le"),
			 (long)(retransmits - drops));
	assert_int_equal(tshark_count(fx, cap, BAD_FRAMES), 0);
	free(sc);
	free(cap);
}

/*
 * timestamps = on (RFC 7323), on a lossless transfer with delayed ACKs.
 * Every segment, the handshake's too, carries NOP, NOP, timestamps: TSval
 * is the sending host's clock, one tick a millisecond from 1 (the
 * capture's time, floor(ms) + 1; ACKs are captured where the sender
 * receives them, one reverse delay after they were sent).  An ACK echoes
 * TS.Recent, which only a segment starting at or before the last ACK
 * sent may set (4.3): so each ACK's TSecr is the TSval of the data segment
 * that begins where the previous ACK ended (the earliest segment it
 * acknowledges), and an ACK that acknowledges nothing new echoes what the
 * one before it did.
 */
static void
test_timestamps(void **state)
{
	struct fixture *fx = *state;
	char *sc = fixture_write_file(
		fx, "ts.ini",
		"[simulation]\nduration = 5s\n"
		"[link]\nrate = 10Mbit/s\ndelay = 20ms\nqueue = 1000 packets\n"
		"[flow bulk]\nwrite_total = 300KB\nreceive_buffer = 64KiB\n");
	char *cap = fixture_path_in(fx, "ts.pcap");
	const double one_way_ms = 20.0;
	uint32_t tsval_at[4096];
	uint32_t seq_of[4096];
	size_t n_data = 0, n_acks = 0, checked = 0;
	uint32_t prev_ack = 0, prev_tsecr = 0;
	char *text, *line;
	struct result r;

	check_tshark_installed();
	run_tcpsim(fx, &r, "run '%s' --pcap '%s' --quiet", sc, cap);
	expect_status(&r, 0);
	result_free(&r);
	assert_int_equal(tshark_count(fx, cap, "!tcp.options.timestamp.tsval"),
			 0);
	text = tshark(fx, cap,
		      "-T fields -e frame.time_relative -e tcp.srcport "
		      "-e tcp.flags.syn -e tcp.flags.fin -e tcp.seq -e tcp.ack "
		      "-e tcp.len "
		      "-e tcp.options.timestamp.tsval "
		      "-e tcp.options.timestamp.tsecr");
	for (line = text; line != NULL && *line != '\0';) {
		char *nl = strchr(line, '\n');
		double t;
		unsigned port, syn, fin, seq, ack, len, tsval, tsecr;
		double sent_ms;

		if (sscanf(line, "%lf %u %u %u %u %u %u %u %u", &t, &port, &syn,
			   &fin, &seq, &ack, &len, &tsval, &tsecr) != 9)
			fail_msg("unexpected tshark line: %.80s", line);
		line = nl != NULL ? nl + 1 : NULL;
		/* the handshake and the close take no time in the model: the
		 * capture shows them at one instant */
		if (syn || fin)
			continue;
		sent_ms = t * 1000.0 - (port == 20 ? one_way_ms : 0.0);
		/* the sender's or the receiver's clock when it was sent
		 * (a tick boundary may fall within rounding: allow one) */
		if (tsval != (uint32_t)floor(sent_ms + 1e-6) + 1 &&
		    tsval != (uint32_t)floor(sent_ms - 1e-6) + 1)
			fail_msg("TSval %u at %.6f ms (port %u)", tsval,
				 sent_ms, port);
		if (port != 20) {
			if (len > 0 && n_data < 4096) {
				seq_of[n_data] = seq;
				tsval_at[n_data++] = tsval;
			}
			continue;
		}
		n_acks++;
		if (prev_ack != 0 && ack == prev_ack) {
			assert_int_equal(tsecr, prev_tsecr);
		} else if (prev_ack != 0) {
			size_t k;

			for (k = 0; k < n_data && seq_of[k] != prev_ack; k++)
				;
			if (k == n_data)
				fail_msg("no segment at seq %u", prev_ack);
			if (tsecr != tsval_at[k])
				fail_msg("ACK %u echoes %u, the segment at %u "
					 "had TSval %u",
					 ack, tsecr, prev_ack, tsval_at[k]);
			checked++;
		}
		prev_ack = ack;
		prev_tsecr = tsecr;
	}
	free(text);
	/* 300 KB in segments of 1448 B: over 200 segments, ACKed in pairs */
	assert_true(n_data > 200);
	assert_true(checked > 100);
	assert_true(n_acks >= n_data / 2);
	free(sc);
	free(cap);
}

/*
 * One number and unit of `tshark -z conv,tcp` ("6368 bytes", "2054 kB",
 * or a bare number in older versions) as the range of byte counts it
 * stands for: Wireshark 4 truncates to whole kB or MB (SI) from 10 of
 * them on.
 */
static const char *
conv_bytes(const char *p, uint64_t *lo, uint64_t *hi)
{
	uint64_t v, unit = 1;
	char *end;

	while (*p == ' ')
		p++;
	v = strtoull(p, &end, 10);
	assert_true(end != p);
	p = end;
	while (*p == ' ')
		p++;
	if (strncmp(p, "kB", 2) == 0)
		unit = 1000;
	else if (strncmp(p, "MB", 2) == 0)
		unit = 1000000;
	else if (strncmp(p, "GB", 2) == 0)
		unit = 1000000000;
	if (isalpha((unsigned char)*p))
		while (isalpha((unsigned char)*p))
			p++;
	*lo = v * unit;
	*hi = v * unit + unit - 1;
	return p;
}

/* Frames and bytes of one direction of a conversation line. */
struct conv_dir {
	uint64_t frames;
	uint64_t bytes_lo, bytes_hi;
};

/*
 * The conversation of `sender` ("192.0.2.1:40000") in conv,tcp output:
 * *to_receiver and *to_sender, whichever side Wireshark lists first.
 */
static void
conv_find(const char *text, const char *sender, struct conv_dir *to_receiver,
	  struct conv_dir *to_sender)
{
	const char *line = strstr(text, sender);
	const char *arrow, *p;
	struct conv_dir left_to_right, right_to_left;
	bool sender_left;
	char *end;

	if (line == NULL)
		fail_msg("no conversation of %s in:\n%s", sender, text);
	while (line > text && line[-1] != '\n')
		line--;
	arrow = strstr(line, "<->");
	assert_non_null(arrow);
	sender_left = strstr(line, sender) < arrow;
	/* skip the second address */
	p = arrow + 3;
	while (*p == ' ')
		p++;
	while (*p != ' ')
		p++;
	/* "<-": frames and bytes from the right one to the left one */
	right_to_left.frames = strtoull(p, &end, 10);
	p = conv_bytes(end, &right_to_left.bytes_lo, &right_to_left.bytes_hi);
	left_to_right.frames = strtoull(p, &end, 10);
	conv_bytes(end, &left_to_right.bytes_lo, &left_to_right.bytes_hi);
	*to_receiver = sender_left ? left_to_right : right_to_left;
	*to_sender = sender_left ? right_to_left : left_to_right;
}

static void
expect_bytes(const struct conv_dir *d, uint64_t want, const char *what)
{
	if (want < d->bytes_lo || want > d->bytes_hi)
		fail_msg("%s: %llu bytes expected, tshark says %llu..%llu",
			 what, (unsigned long long)want,
			 (unsigned long long)d->bytes_lo,
			 (unsigned long long)d->bytes_hi);
}

/*
 * A lossless run of two finite transfers: no retransmission,
 * out-of-order or lost segment at all, and the bytes of each
 * conversation are exactly what the JSON summary implies.
 */
static void
test_lossless_conversations(void **state)
{
	struct fixture *fx = *state;
	/* Queue far beyond the windows: nothing is dropped.  "small" stays
	 * under 10 kB each way, which conv,tcp prints to the byte. */
	char *sc = fixture_write_file(
		fx, "clean.ini",
		"[simulation]\nduration = 10s\n"
		"[link]\nrate = 10Mbit/s\ndelay = 20ms\n"
		"queue = 2000 packets\n"
		"[flow small]\nwrite_total = 6001B\n"
		"[flow big]\nstart = 100ms\nwrite_total = 2MB\n"
		"receive_buffer = 256KiB\n");
	char *cap = fixture_path_in(fx, "clean.pcap");
	static const char *const senders[2] = {"192.0.2.1:40000",
					       "192.0.2.2:40001"};
	const uint64_t syn_options = 4 + 4 + 4;
	char *json, *conv;
	struct result r;
	int i;

	check_tshark_installed();
	run_tcpsim(fx, &r, "run '%s' --pcap '%s' --json", sc, cap);
	expect_status(&r, 0);
	json = r.out;
	r.out = NULL;
	result_free(&r);

	assert_int_equal(tshark_count(fx, cap,
				      "tcp.analysis.retransmission || "
				      "tcp.analysis.fast_retransmission || "
				      "tcp.analysis.spurious_retransmission || "
				      "tcp.analysis.out_of_order || "
				      "tcp.analysis.lost_segment || "
				      "tcp.analysis.ack_lost_segment || "
				      "tcp.analysis.duplicate_ack"),
			 0);
	assert_int_equal(tshark_count(fx, cap, BAD_FRAMES), 0);
	/* Both transfers end: a FIN each way in each conversation. */
	assert_int_equal(tshark_count(fx, cap, "tcp.flags.fin == 1"), 4);

	/*
	 * What the conversations must carry.  Lossless and finished, so
	 * each data segment sent reached the receiver once: the payload
	 * towards the receiver is delivered_bytes exactly (no retransmission,
	 * no probe: checked).  Every packet has 40 bytes of IPv4 and TCP
	 * headers (raw IP: a frame is the IP packet), and the SYN and SYN-ACK
	 * syn_options more: MSS (4), NOP and window scale (4), and, with
	 * sack = on (stack = linux, the default), NOP, NOP, SACK-permitted
	 * (4).  Towards the receiver: the data segments
	 * (segments_sent), the SYN, the handshake's ACK, the FIN and the last
	 * ACK.  Towards the sender: ACKs, whose number the summary does not
	 * give, 52 bytes each, and the SYN-ACK's options.
	 */
	conv = tshark(fx, cap, "-q -z conv,tcp");
	for (i = 0; i < 2; i++) {
		uint64_t delivered = json_flow_u64(json, "delivered_bytes", i);
		uint64_t segments = json_flow_u64(json, "segments_sent", i);
		struct conv_dir to_rcv, to_snd;

		assert_true(json_flow_completed(json, i));
		assert_int_equal(json_flow_u64(json, "retransmits", i), 0);
		assert_int_equal(json_flow_u64(json, "window_probes", i), 0);
		assert_int_equal(delivered,
				 json_flow_u64(json, "written_bytes", i));
		conv_find(conv, senders[i], &to_rcv, &to_snd);
		assert_int_equal(to_rcv.frames, segments + 4);
		expect_bytes(&to_rcv,
			     delivered + 52 * (segments + 4) + syn_options,
			     senders[i]);
		assert_true(to_snd.frames >= 3);
		expect_bytes(&to_snd, 52 * to_snd.frames + syn_options,
			     senders[i]);
	}
	/* The small flow is printed to the byte: the relation is exact. */
	expect_in(conv, " bytes ");
	free(conv);
	free(json);
	free(sc);
	free(cap);
}

/* ------------------------------------------------------------------ */
/* Standard output and failures                                        */
/* ------------------------------------------------------------------ */

static void
test_pcap_to_stdout(void **state)
{
	struct fixture *fx = *state;
	char *sc = fixture_write_file(
		fx, "o.ini", "[simulation]\nduration = 1s\n[flow bulk]\n");
	char *cap = fixture_path_in(fx, "stdout.pcap");
	static const uint8_t magic_le[4] = {0x4d, 0x3c, 0xb2, 0xa1};
	static const uint8_t magic_be[4] = {0xa1, 0xb2, 0x3c, 0x4d};
	struct result r;
	FILE *f;

	/* The summary table moves to standard error: stdout is the
	 * capture alone. */
	run_tcpsim(fx, &r, "run '%s' --pcap -", sc);
	expect_status(&r, 0);
	expect_in(r.err, "goodput");
	assert_true(r.out_len > 24);
	/* The nanosecond pcap magic number, in either byte order. */
	assert_true(memcmp(r.out, magic_le, 4) == 0 ||
		    memcmp(r.out, magic_be, 4) == 0);
	f = fopen(cap, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(r.out, 1, r.out_len, f), r.out_len);
	fclose(f);
	result_free(&r);
	if (tshark_present) {
		assert_true(tshark_count(fx, cap, "tcp") > 100);
		assert_int_equal(tshark_count(fx, cap, BAD_FRAMES), 0);
	}

	/* One output on standard output at most. */
	run_tcpsim(fx, &r, "run '%s' --pcap - --json", sc);
	expect_status(&r, 2);
	expect_in(r.err, "standard output");
	assert_string_equal(r.out, "");
	result_free(&r);
	run_tcpsim(fx, &r, "run '%s' --pcap - --csv -", sc);
	expect_status(&r, 2);
	result_free(&r);
	/* Nor one file named twice. */
	run_tcpsim(fx, &r, "run '%s' --pcap '%s' --events '%s'", sc, cap, cap);
	expect_status(&r, 2);
	expect_in(r.err, "same file");
	result_free(&r);
	free(sc);
	free(cap);
	if (!tshark_present)
		skip(); /* all but tshark's reading of the capture ran */
}

static void
test_missing_directory(void **state)
{
	struct fixture *fx = *state;
	char *sc = fixture_write_file(fx, "m.ini", "[flow bulk]\n");
	char *cap = fixture_path_in(fx, "missing/dir/x.pcap");
	char *csv = fixture_path_in(fx, "out.csv");
	struct result r;

	run_tcpsim(fx, &r, "run '%s' --csv '%s' --pcap '%s'", sc, csv, cap);
	expect_status(&r, 1);
	expect_in(r.err, "cannot write");
	expect_in(r.err, cap);
	/* Nothing left: not the CSV opened first, no temporary file. */
	assert_false(fixture_exists(csv));
	assert_int_equal(fixture_count_entries(fx->dir), 1);
	result_free(&r);
	free(sc);
	free(cap);
	free(csv);
}

/*
 * In place of a test that needs tshark when tshark is not installed: the
 * test is listed as skipped under its own name.
 */
static void
test_needs_tshark(void **state)
{
	(void)state;
	skip();
}

/* A test that reads captures with tshark, skipped without tshark. */
#define TSHARK_TEST(f)                                                         \
	{                                                                      \
		.name = #f,                                                    \
		.test_func = tshark_present ? (f) : test_needs_tshark,         \
		.setup_func = fixture_setup,                                   \
		.teardown_func = fixture_teardown,                             \
	}

#else /* !HAVE_PCAP */

/* Built --without-pcap: --pcap says so and exits 2, writing nothing. */
static void
test_without_pcap(void **state)
{
	struct fixture *fx = *state;
	char *sc = fixture_write_file(fx, "n.ini", "[flow bulk]\n");
	char *cap = fixture_path_in(fx, "n.pcap");
	struct result r;

	run_tcpsim(fx, &r, "run '%s' --pcap '%s'", sc, cap);
	expect_status(&r, 2);
	expect_in(r.err, "without libpcap");
	assert_false(fixture_exists(cap));
	result_free(&r);
	free(sc);
	free(cap);
}

#endif /* HAVE_PCAP */

int
main(void)
{
	int failed;

#if HAVE_PCAP
	tshark_present = system("tshark --version >/dev/null 2>&1") == 0;
	if (!tshark_present)
		printf("tshark is not installed (./bootstrap installs it: "
		       "apt-get install tshark): the tests that read captures "
		       "with it are skipped\n");
	fflush(stdout);
#else
	tshark_present = true; /* nothing here needs it */
#endif

	const struct CMUnitTest tests[] = {
#if HAVE_PCAP
		cmocka_unit_test_setup_teardown(test_packets_bit_exact,
						fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_snaplen, fixture_setup,
						fixture_teardown),
		TSHARK_TEST(test_shipped_scenarios),
		TSHARK_TEST(test_zero_window_probes),
		TSHARK_TEST(test_lossy_retransmissions),
		TSHARK_TEST(test_sack_blocks),
		TSHARK_TEST(test_lossless_conversations),
		TSHARK_TEST(test_timestamps),
		cmocka_unit_test_setup_teardown(
			test_pcap_to_stdout, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_missing_directory,
						fixture_setup,
						fixture_teardown),
#else
		cmocka_unit_test_setup_teardown(
			test_without_pcap, fixture_setup, fixture_teardown),
#endif
	};

	failed = cmocka_run_group_tests(tests, NULL, NULL);
	/* Not a pass when part of it could not run: automake's SKIP. */
	if (failed == 0 && !tshark_present)
		return 77;
	return failed;
}
