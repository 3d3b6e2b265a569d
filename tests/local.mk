# tests/: unit (Check, TAP), integration (shell, as root), fuzz corpus runs.
UNIT_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(LIBXML_CFLAGS) $(JANSSON_CFLAGS)
UNIT_LDADD = libvigil-filters.la libvigil-common.la $(CHECK_LIBS) \
	$(LIBXML_LIBS) $(JANSSON_LIBS)
UNIT_MAIN = tests/unit/unit-main.c tests/unit/unit.h

check_PROGRAMS += tests/unit/test-err
tests_unit_test_err_SOURCES = tests/unit/test-err.c $(UNIT_MAIN)
tests_unit_test_err_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_err_LDADD = $(UNIT_LDADD)

# Fuzz targets: built here with a plain main that runs the seed corpus once;
# scripts/check builds them again with clang -fsanitize=fuzzer.
FUZZ_MAIN = tests/fuzz/standalone.c
FUZZ_TARGETS =
EXTRA_PROGRAMS =

TESTS += $(check_PROGRAMS)
EXTRA_DIST += tests/data tests/integration tests/lib tests/bench tests/fuzz

# Built only by scripts/check's clang build (libFuzzer).
fuzz-targets: $(FUZZ_TARGETS)
.PHONY: fuzz-targets
