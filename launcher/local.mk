# launcher/: the vigil command.
bin_PROGRAMS += vigil
vigil_CFLAGS = $(AM_CFLAGS) $(LIBXML_CFLAGS) $(JANSSON_CFLAGS) \
	$(LIBEVENT_CFLAGS) $(LIBNL_CFLAGS) $(LIBNL_ROUTE_CFLAGS) \
	$(LIBNFTABLES_CFLAGS)
vigil_LDADD = libvigil-filters.la libvigil-common.la \
	$(LIBXML_LIBS) $(JANSSON_LIBS) $(LIBEVENT_LIBS) \
	$(LIBNL_ROUTE_LIBS) $(LIBNL_LIBS) $(LIBNFTABLES_LIBS)
vigil_SOURCES = \
	launcher/cmd.h \
	launcher/main.c \
	launcher/cmd-validate.c \
	launcher/client.c launcher/client.h \
	launcher/cmd-start.c \
	launcher/cmd-console.c \
	launcher/console-attach.c launcher/console-attach.h \
	launcher/cmd-list.c \
	launcher/cmd-info.c \
	launcher/cmd-shutdown.c \
	launcher/cmd-destroy.c \
	launcher/cmd-define.c \
	launcher/cmd-cleanup.c \
	launcher/cmd-net.c \
	launcher/cmd-filter.c \
	launcher/bridge.c launcher/bridge.h \
	launcher/dnsmasq.c launcher/dnsmasq.h \
	launcher/nat.c launcher/nat.h \
	launcher/network.c launcher/network.h
