# launcher/: the vigil command.
bin_PROGRAMS += vigil
vigil_CFLAGS = $(AM_CFLAGS) $(LIBXML_CFLAGS) $(JANSSON_CFLAGS) \
	$(LIBEVENT_CFLAGS)
vigil_LDADD = libvigil-filters.la libvigil-common.la \
	$(LIBXML_LIBS) $(JANSSON_LIBS) $(LIBEVENT_LIBS)
vigil_SOURCES = \
	launcher/cmd.h \
	launcher/main.c \
	launcher/cmd-validate.c
