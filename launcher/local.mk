# launcher/: the vigil command, and vigil-net, which runs its network verbs
# (only they need libnl and libnftables: vigil itself loads neither).
bin_PROGRAMS += vigil
vigil_CFLAGS = $(AM_CFLAGS) $(LIBXML_CFLAGS) $(JANSSON_CFLAGS)
vigil_LDADD = libvigil-filters.la libvigil-common.la \
	$(LIBXML_LIBS) $(JANSSON_LIBS)
vigil_SOURCES = \
	launcher/cmd.h \
	launcher/main.c \
	launcher/commands.c \
	launcher/helper.c \
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
	launcher/cmd-filter.c

libexec_PROGRAMS += vigil-net
vigil_net_CFLAGS = $(AM_CFLAGS) $(LIBXML_CFLAGS) $(JANSSON_CFLAGS) \
	$(LIBNL_CFLAGS) $(LIBNL_ROUTE_CFLAGS) $(LIBNFTABLES_CFLAGS)
vigil_net_LDADD = libvigil-common.la \
	$(LIBXML_LIBS) $(JANSSON_LIBS) \
	$(LIBNL_ROUTE_LIBS) $(LIBNL_LIBS) $(LIBNFTABLES_LIBS)
vigil_net_SOURCES = \
	launcher/cmd.h \
	launcher/main.c \
	launcher/commands-net.c \
	launcher/cmd-net.c \
	launcher/bridge.c launcher/bridge.h \
	launcher/dnsmasq.c launcher/dnsmasq.h \
	launcher/nat.c launcher/nat.h \
	launcher/network.c launcher/network.h
