/* Shared main for Check unit tests: each test file defines unit_suite(). */
#ifndef VIGIL_TESTS_UNIT_H
#define VIGIL_TESTS_UNIT_H

#include <check.h>

Suite *unit_suite(void);

/* Path of a file under tests/data in the source tree. */
const char *unit_data_path(const char *rel);

#endif
