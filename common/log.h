/* Logging for programs (the launcher and the supervisor); common/ and
 * filters/ code never logs above debug. */
#ifndef VIGIL_LOG_H
#define VIGIL_LOG_H

enum log_level {
	LOG_LEVEL_ERR,
	LOG_LEVEL_WARN,
	LOG_LEVEL_INFO,
	LOG_LEVEL_DEBUG,
};

/* Lines start with "IDENT[GUEST]: " (or "IDENT: " when guest is NULL) and go
 * to stderr until log_open_file() is called. */
void log_init(const char *ident, const char *guest, enum log_level level);
void log_set_level(enum log_level level);

/* Send lines to path (appended, with timestamps); remembered for
 * log_reopen(). Returns 0 or -errno. */
int log_open_file(const char *path);
/* Reopen the file given to log_open_file (SIGHUP). */
int log_reopen(void);

/* Each returns r; an r < 0 appends ": strerror(-r)". */
int log_err(int r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int log_warn(int r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void fatal(int r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));

#endif
