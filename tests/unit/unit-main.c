/* Runs unit_suite() and reports in TAP, so each test case counts. */
#include <stdio.h>
#include <stdlib.h>

#include "tests/unit/unit.h"

const char *
unit_data_path(const char *rel)
{
	static char buf[4096];
	const char *src = getenv("VIGIL_SRCDIR");

	(void) snprintf(buf, sizeof buf, "%s/tests/data/%s",
	    src != NULL ? src : VIGIL_SRCDIR, rel);
	return buf;
}

int
main(void)
{
	SRunner *sr = srunner_create(unit_suite());
	int failed;

	srunner_set_tap(sr, "-");
	srunner_run_all(sr, CK_SILENT);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
