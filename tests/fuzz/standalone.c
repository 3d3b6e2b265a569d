/* Runs a fuzz target over its seed corpus once, for make check (TAP: one
 * test per file). With arguments, runs those files instead. libFuzzer builds
 * (scripts/check) use libFuzzer's own main instead of this one. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	size_t n;

	if (f == NULL)
		return -1;
	buf = malloc(4 * 1024 * 1024);
	if (buf == NULL) {
		fclose(f);
		return -1;
	}
	n = fread(buf, 1, 4 * 1024 * 1024, f);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int
main(int argc, char **argv)
{
	char dir[4096], path[8192];
	const char *src = getenv("VIGIL_SRCDIR");
	struct dirent **names;
	int i, n, ok = 0;

	if (argc > 1) {
		for (i = 1; i < argc; i++)
			if (run_file(argv[i]) < 0)
				return 1;
		return 0;
	}
	(void) snprintf(dir, sizeof dir, "%s/tests/fuzz/corpus/%s",
	    src != NULL ? src : VIGIL_SRCDIR, FUZZ_CORPUS);
	n = scandir(dir, &names, NULL, by_name);
	if (n < 0) {
		printf("1..0 # SKIP no corpus at %s\n", dir);
		return 0;
	}
	printf("1..1\n");
	for (i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.') {
			(void) snprintf(path, sizeof path, "%s/%s", dir,
			    names[i]->d_name);
			if (run_file(path) == 0)
				ok++;
		}
		free(names[i]);
	}
	free(names);
	/* A crash never gets here; reaching it means the corpus ran. */
	printf("ok 1 - %s corpus: %d inputs\n", FUZZ_CORPUS, ok);
	return 0;
}
