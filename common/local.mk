# common/: code both programs share; never logs above debug.
noinst_LTLIBRARIES += libvigil-common.la
libvigil_common_la_CFLAGS = $(AM_CFLAGS) $(LIBXML_CFLAGS) $(JANSSON_CFLAGS) \
	$(LIBCAP_CFLAGS)
libvigil_common_la_LIBADD = $(LIBXML_LIBS) $(JANSSON_LIBS) $(LIBCAP_LIBS)
libvigil_common_la_SOURCES = \
	common/addr.c common/addr.h \
	common/atomic-file.c common/atomic-file.h \
	common/cfgxml.c common/cfgxml.h \
	common/cleanup.h \
	common/config-domain.c common/config-domain.h \
	common/config-domain-devices.c common/config-domain-devices.h \
	common/config-domain-net.c common/config-domain-net.h \
	common/config-domain-os.c common/config-domain-os.h \
	common/config-domain-res.c common/config-domain-res.h \
	common/config-network.c common/config-network.h \
	common/config-network-ip.c common/config-network-priv.h \
	common/diag.c common/diag.h \
	common/domxml.c common/domxml.h \
	common/err.c common/err.h \
	common/fd.c common/fd.h \
	common/log.c common/log.h \
	common/netstate.c common/netstate.h \
	common/nlerr.h \
	common/path.c common/path.h \
	common/proto.c common/proto.h \
	common/ring.c common/ring.h \
	common/xalloc.c common/xalloc.h
