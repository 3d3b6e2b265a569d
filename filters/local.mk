# filters/: nwfilter XML -> model -> nftables rules, and the built-in filters.
noinst_LTLIBRARIES += libvigil-filters.la
libvigil_filters_la_CFLAGS = $(AM_CFLAGS) $(LIBXML_CFLAGS) $(JANSSON_CFLAGS)
libvigil_filters_la_LIBADD = libvigil-common.la
libvigil_filters_la_SOURCES = \
	filters/nwf-parse.c filters/nwf-parse.h

dist_filters_DATA += $(wildcard $(srcdir)/filters/builtin/*.xml)
