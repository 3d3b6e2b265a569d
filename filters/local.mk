# filters/: nwfilter XML -> model -> nftables rules, and the built-in filters.
noinst_LTLIBRARIES += libvigil-filters.la
libvigil_filters_la_CFLAGS = $(AM_CFLAGS) $(LIBXML_CFLAGS) $(JANSSON_CFLAGS)
libvigil_filters_la_LIBADD = libvigil-common.la
libvigil_filters_la_SOURCES = \
	filters/nwf-attr.c filters/nwf-attr.h \
	filters/nwf-check.c filters/nwf-check.h \
	filters/nwf-compile.c filters/nwf-compile.h \
	filters/nwf-expand.c filters/nwf-expand.h \
	filters/nwf-lib.c filters/nwf-lib.h \
	filters/nwf-match.c filters/nwf-match.h \
	filters/nwf-model.h \
	filters/nwf-nft.c filters/nwf-nft.h \
	filters/nwf-parse.c filters/nwf-parse.h \
	filters/nwf-value.c filters/nwf-value.h

dist_filters_DATA += $(wildcard $(srcdir)/filters/builtin/*.xml)
