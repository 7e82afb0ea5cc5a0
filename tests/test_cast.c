/* SPDX-License-Identifier: ISC */
/*
 * test_cast.c: the asciicast writer of play --record (ui/cast.h): JSON
 * escaping of every control character, times that never go back, a
 * frame written only when it changed, and the header asciinema reads.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ui/cast.h"
#include "ui/grid.h"

/* What `len` bytes of `data` become as a JSON string. */
static char *
json_of(const char *data, size_t len)
{
	static char out[1024];
	char *text = NULL;
	size_t n = 0;
	FILE *mem = open_memstream(&text, &n);

	assert_non_null(mem);
	cast_json_string(mem, data, len);
	fclose(mem);
	snprintf(out, sizeof out, "%s", text);
	free(text);
	return out;
}

static void
test_json_escaping(void **state)
{
	char all[32];
	char want[32 * 6 + 3] = "\"";
	int i;

	(void)state;
	assert_string_equal(json_of("a\"b\\c", 5), "\"a\\\"b\\\\c\"");
	assert_string_equal(json_of("\033[H\r\n\t", 6),
			    "\"\\u001b[H\\r\\n\\t\"");
	/* a NUL inside the data is data, not its end */
	assert_string_equal(json_of("a\0b", 3), "\"a\\u0000b\"");
	/* DEL, which a terminal would act on */
	assert_string_equal(json_of("\177", 1), "\"\\u007f\"");
	/* UTF-8 stays as it is */
	assert_string_equal(json_of("\xe2\x96\x88", 3), "\"\xe2\x96\x88\"");
	/* every control character: \uXXXX but the four short escapes */
	for (i = 0; i < 32; i++) {
		all[i] = (char)i;
		if (i == '\n')
			strcat(want, "\\n");
		else if (i == '\r')
			strcat(want, "\\r");
		else if (i == '\t')
			strcat(want, "\\t");
		else
			snprintf(want + strlen(want),
				 sizeof want - strlen(want), "\\u%04x", i);
	}
	strcat(want, "\"");
	assert_string_equal(json_of(all, 32), want);
}

/* The times of the events in `text` (the lines after the header). */
static size_t
times_of(const char *text, double *t, size_t max)
{
	const char *p = strchr(text, '\n');
	size_t n = 0;

	while (p != NULL && p[1] == '[' && n < max) {
		t[n++] = strtod(p + 2, NULL);
		p = strchr(p + 1, '\n');
	}
	return n;
}

static void
test_header_and_times(void **state)
{
	struct cast c;
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	double t[8];
	static const char header[] =
		"{\"version\": 2, \"width\": 100, \"height\": 30, "
		"\"timestamp\": 1700000000, ";

	(void)state;
	assert_non_null(mem);
	assert_int_equal(cast_begin(&c, mem, 30, 100, 1700000000), 0);
	cast_event(&c, 0.5, "a", 1);
	cast_event(&c, 0.25, "b", 1); /* earlier: stamped as the last */
	cast_event(&c, 1.0, "c", 1);
	cast_end(&c);
	fclose(mem);
	assert_true(strncmp(text, header, strlen(header)) == 0);
	assert_int_equal(times_of(text, t, 8), 3);
	assert_true(t[0] == 0.5 && t[1] == 0.5 && t[2] == 1.0);
	assert_non_null(strstr(text, "\n[0.500000, \"o\", \"b\"]\n"));
	free(text);
}

static void
test_frames(void **state)
{
	struct cast c;
	struct grid g;
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	const char *p;
	int n = 0;

	(void)state;
	assert_non_null(mem);
	grid_init(&g, 2, 4);
	cast_begin(&c, mem, 2, 4, 0);
	grid_put(&g, 0, 0, -1, "ab", UI_STYLE_NORMAL);
	grid_put(&g, 1, 0, -1, "cd", UI_STYLE_ALERT);
	assert_true(cast_frame(&c, &g, 0.0));
	/* the same grid again: nothing written */
	assert_false(cast_frame(&c, &g, 0.1));
	grid_put(&g, 0, 0, -1, "x", UI_STYLE_NORMAL);
	assert_true(cast_frame(&c, &g, 0.2));
	cast_end(&c);
	grid_free(&g);
	fclose(mem);
	for (p = strchr(text, '\n'); p != NULL && p[1] != '\0';
	     p = strchr(p + 1, '\n'))
		n++;
	assert_int_equal(n, 2);
	/* the first clears the screen; both start at home; the rows are
	 * whole, the alert style's SGR before "cd", the reset at the end */
	assert_non_null(strstr(text, "[0.000000, \"o\", \"\\u001b[2J\\u001b[H"
				     "\\u001b[0;0mab  \\r\\n"));
	assert_non_null(strstr(text, "\\u001b[0;1;37;41mcd\\u001b[0;0m  "
				     "\\u001b[0m\"]\n"));
	assert_non_null(strstr(text, "[0.200000, \"o\", \"\\u001b[H"
				     "\\u001b[0;0mxb  "));
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_escaping),
		cmocka_unit_test(test_header_and_times),
		cmocka_unit_test(test_frames),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
