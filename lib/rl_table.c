#include "rl_table.h"

#include <stdlib.h>
#include <string.h>

char *rl_table_cell(const char *s)
{
	size_t n = s ? strlen(s) : 0, i;
	char *out = malloc(4 * n + 1), *w = out;

	if (!out)
		return NULL;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f)
			w += sprintf(w, c == '\n' ? "\\n" : c == '\t' ? "\\t" : "\\x%02x", c);
		else
			*w++ = (char)c;
	}
	*w = '\0';
	return out;
}

void rl_table_print(FILE *f, char *const *cells, size_t rows, size_t nc, int noheadings,
		    const char *separator)
{
	size_t *w = calloc(nc ? nc : 1, sizeof(*w)), r, c;

	if (!w)
		return;
	for (r = noheadings ? 1 : 0; r < rows; r++)
		for (c = 0; c < nc; c++)
			if (cells[r * nc + c] && strlen(cells[r * nc + c]) > w[c])
				w[c] = strlen(cells[r * nc + c]);
	for (r = noheadings ? 1 : 0; r < rows; r++) {
		for (c = 0; c < nc; c++) {
			const char *s = cells[r * nc + c] ? cells[r * nc + c] : "";

			if (separator)
				fprintf(f, "%s%s", c ? separator : "", s);
			else if (c + 1 < nc)
				fprintf(f, "%-*s  ", (int)w[c], s);
			else
				fputs(s, f);
		}
		fputc('\n', f);
	}
	free(w);
}
