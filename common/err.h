/* One error convention: functions return >= 0 or -errno; a message meant
 * for a human travels in a caller-owned struct vg_err. */
#ifndef VIGIL_ERR_H
#define VIGIL_ERR_H

#define VG_ERR_MSG_MAX 256

struct vg_err {
	int code;			/* -errno, 0 when no error */
	char msg[VG_ERR_MSG_MAX];	/* one line, no trailing newline */
};

/* Clear err (err may be NULL). */
void vg_err_clear(struct vg_err *err);

/* Record code and message in err (err may be NULL); returns code. */
int vg_err_set(struct vg_err *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Like vg_err_set, and appends ": strerror(-code)". */
int vg_err_sys(struct vg_err *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Put context before the message already in err; returns err->code. */
int vg_err_prefix(struct vg_err *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
