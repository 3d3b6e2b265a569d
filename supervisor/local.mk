# supervisor/: vigil-supervisor, one process per running guest.
SUPERVISOR_CFLAGS = $(AM_CFLAGS) $(LIBEVENT_CFLAGS) $(LIBCGROUP_CFLAGS) \
	$(LIBCAP_CFLAGS) $(JANSSON_CFLAGS) $(LIBXML_CFLAGS) \
	$(LIBNL_CFLAGS) $(LIBNL_ROUTE_CFLAGS) $(LIBNFTABLES_CFLAGS)
SUPERVISOR_LIBS = $(LIBEVENT_LIBS) $(LIBCGROUP_LIBS) $(LIBCAP_LIBS) \
	$(JANSSON_LIBS) $(LIBXML_LIBS) $(LIBNL_ROUTE_LIBS) $(LIBNL_LIBS) \
	$(LIBNFTABLES_LIBS)

noinst_LTLIBRARIES += libvigil-supervisor.la
libvigil_supervisor_la_CFLAGS = $(SUPERVISOR_CFLAGS)
libvigil_supervisor_la_LIBADD = $(SUPERVISOR_LIBS)
libvigil_supervisor_la_SOURCES = \
	supervisor/caps.c supervisor/caps.h \
	supervisor/cgrp.c supervisor/cgrp.h \
	supervisor/cgrp-event.c supervisor/cgrp-event.h \
	supervisor/cgrp-file.c supervisor/cgrp-file.h \
	supervisor/child.c supervisor/child.h \
	supervisor/console.c supervisor/console.h \
	supervisor/console-client.c supervisor/console-client.h \
	supervisor/console-log.c supervisor/console-log.h \
	supervisor/control.c supervisor/control.h \
	supervisor/dhcp.c supervisor/dhcp.h \
	supervisor/guest.c supervisor/guest.h supervisor/guest-priv.h \
	supervisor/guest-steps.c supervisor/guest-filters.c \
	supervisor/learn.c supervisor/learn.h \
	supervisor/leases.c supervisor/leases.h \
	supervisor/mount.c supervisor/mount.h \
	supervisor/notify.c supervisor/notify.h \
	supervisor/ns.c supervisor/ns.h \
	supervisor/port.c supervisor/port.h \
	supervisor/port-bw.c supervisor/port-bw.h \
	supervisor/port-cleanup.c \
	supervisor/port-filter.c supervisor/port-filter.h \
	supervisor/port-filter-cleanup.c supervisor/port-filter-priv.h \
	supervisor/port-filter-nl.c supervisor/port-filter-watch.c \
	supervisor/port-set.c supervisor/port-set.h \
	supervisor/rundir.c supervisor/rundir.h \
	supervisor/snoop.c supervisor/snoop.h \
	supervisor/snoop-addrs.c supervisor/snoop-addrs.h \
	supervisor/snoop-bpf.c supervisor/snoop-bpf.h \
	supervisor/snoop-rules.c supervisor/snoop-priv.h \
	supervisor/state.c supervisor/state.h \
	supervisor/trim.c supervisor/trim.h

libexec_PROGRAMS += vigil-supervisor
vigil_supervisor_SOURCES = supervisor/main.c
vigil_supervisor_CFLAGS = $(SUPERVISOR_CFLAGS)
vigil_supervisor_LDADD = libvigil-supervisor.la libvigil-filters.la \
	libvigil-common.la \
	$(SUPERVISOR_LIBS)

# systemd: vigil@NAME runs NAME's supervisor in the foreground.
systemdunitdir = $(prefix)/lib/systemd/system
systemdunit_DATA = conf/systemd/vigil@.service
CLEANFILES += conf/systemd/vigil@.service
conf/systemd/vigil@.service: $(top_srcdir)/conf/systemd/vigil@.service.in \
		Makefile
	$(AM_V_GEN)mkdir -p conf/systemd && \
	sed -e 's|@libexecdir[@]|$(libexecdir)|g' \
	    $(top_srcdir)/conf/systemd/vigil@.service.in >$@
