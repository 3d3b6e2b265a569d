#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "common/cfgxml.h"
#include "common/diag.h"
#include "common/fd.h"
#include "common/xalloc.h"

int
cfgxml_load_file(const char *path, struct diag *d, xmlDocPtr *out)
{
	struct stat st;
	char *buf;
	ssize_t n;
	int fd, r;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		r = -errno;
		diag_error(d, 0, "cannot open: %s", strerror(-r));
		return r;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		(void) close(fd);
		return diag_error(d, 0, "not a regular file");
	}
	if (st.st_size > CFGXML_MAX_SIZE) {
		(void) close(fd);
		return diag_error(d, 0, "file is %lld bytes, over the limit "
		    "of %d", (long long) st.st_size, CFGXML_MAX_SIZE);
	}
	/* One byte more than the limit tells a file that grew meanwhile. */
	buf = xmalloc(CFGXML_MAX_SIZE + 1);
	n = fd_read_full(fd, buf, CFGXML_MAX_SIZE + 1);
	(void) close(fd);
	if (n < 0) {
		free(buf);
		diag_error(d, 0, "read: %s", strerror((int) -n));
		return (int) n;
	}
	if (n > CFGXML_MAX_SIZE) {
		free(buf);
		return diag_error(d, 0, "file is over the limit of %d bytes",
		    CFGXML_MAX_SIZE);
	}
	r = cfgxml_load_buffer(buf, (size_t) n, d, out);
	free(buf);
	return r;
}

/* libxml2 reports every error; the first one names the real problem (the
 * last is often only "premature end of data"). Kept per parser context. */
struct first_error {
	int line;
	char msg[200];
	bool seen;
};

static void
first_error_cb(void *user, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = user;
	struct first_error *fe = ctxt->_private;
	size_t l;

	if (fe == NULL || fe->seen || e == NULL || e->level < XML_ERR_ERROR)
		return;
	fe->seen = true;
	fe->line = e->line;
	(void) snprintf(fe->msg, sizeof fe->msg, "%s",
	    e->message != NULL ? e->message : "parse error");
	l = strlen(fe->msg);
	while (l > 0 && (fe->msg[l - 1] == '\n' || fe->msg[l - 1] == ' '))
		fe->msg[--l] = '\0';
}

int
cfgxml_load_buffer(const char *buf, size_t len, struct diag *d,
    xmlDocPtr *out)
{
	const int opts = XML_PARSE_NONET | XML_PARSE_NOERROR |
	    XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
	struct first_error fe = { 0 };
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;

	*out = NULL;
	if (len == 0)
		return diag_error(d, 0, "empty file");
	if (len > CFGXML_MAX_SIZE)
		return diag_error(d, 0, "over the limit of %d bytes",
		    CFGXML_MAX_SIZE);
	ctxt = xmlNewParserCtxt();
	if (ctxt == NULL)
		return diag_error(d, 0, "cannot create XML parser");
	ctxt->_private = &fe;
	ctxt->sax->serror = first_error_cb;
	doc = xmlCtxtReadMemory(ctxt, buf, (int) len, NULL, NULL, opts);
	if (doc == NULL || fe.seen || !ctxt->wellFormed) {
		if (fe.seen)
			diag_error(d, fe.line, "not well-formed XML: %s",
			    fe.msg);
		else
			diag_error(d, 0, "not well-formed XML");
		if (doc != NULL)
			xmlFreeDoc(doc);
		xmlFreeParserCtxt(ctxt);
		return -EINVAL;
	}
	xmlFreeParserCtxt(ctxt);
	if (doc->intSubset != NULL || doc->extSubset != NULL) {
		int line = cfgxml_line((xmlNode *) doc->intSubset);

		xmlFreeDoc(doc);
		return diag_error(d, line > 0 ? line : 1,
		    "<!DOCTYPE> is not allowed in a config");
	}
	if (xmlDocGetRootElement(doc) == NULL) {
		xmlFreeDoc(doc);
		return diag_error(d, 0, "no root element");
	}
	*out = doc;
	return 0;
}

int
cfgxml_line(const xmlNode *n)
{
	long l;

	if (n == NULL)
		return 0;
	l = xmlGetLineNo(n);
	return l > 0 && l < 1000000000 ? (int) l : 0;
}

bool
cfgxml_is(const xmlNode *n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *) n->name, name) == 0;
}

char *
cfgxml_attr(const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *) name);
	char *s;

	if (v == NULL)
		return NULL;
	s = xstrdup((const char *) v);
	xmlFree(v);
	return s;
}

char *
cfgxml_text(const xmlNode *n)
{
	xmlChar *v = xmlNodeGetContent(n);
	const char *b, *e;
	char *s;

	if (v == NULL)
		return xstrdup("");
	b = (const char *) v;
	while (*b == ' ' || *b == '\t' || *b == '\n' || *b == '\r')
		b++;
	e = b + strlen(b);
	while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
	    e[-1] == '\r'))
		e--;
	s = xstrndup(b, (size_t) (e - b));
	xmlFree(v);
	return s;
}
