/*
 * cmd.h: what the small commands (cat, echo, grep, kill, ln, ls, mkdir,
 * rm, wc, zombie) share: the check of their arguments, one form for
 * every complaint, and the walk over the files a command is given.
 * cmd.o is linked into those programs only; the user library knows
 * nothing of it, so these names stay free for every other program.
 *
 * A complaint goes to standard error as one line, "NAME: WHAT: WHY"
 * (or "NAME: WHY" when WHAT is 0 or empty), NAME being the command's
 * name given to cmd_start.  A system call only returns -1, so a command
 * says why it failed from what it can see, with cmd_type: "no such
 * file", "already exists", "is a directory".
 *
 * Include after kernel/types.h and user/user.h.
 */

#define CMD_MANY  -1   /* cmd_start's max: no limit */

/*
 * Start the command name: check that it was given at least min and at
 * most max arguments after its name, or print "usage: NAME USAGE" and
 * exit 1.
 */
void cmd_start(const char *name, int argc, int min, int max,
               const char *usage);

/* Complain (the command goes on, and cmd_exit will exit 1). */
void cmd_warn(const char *what, const char *why);

/* Complain and exit 1 at once. */
void cmd_fail(const char *what, const char *why) __attribute__((noreturn));

/* Exit 1 if the command has complained, else 0. */
void cmd_exit(void) __attribute__((noreturn));

/* The type of the file at path (T_FILE, T_DIR, T_DEVICE), or 0 if none. */
int cmd_type(const char *path);

/* Open path read-only.  Returns the fd, or -1 after a complaint. */
int cmd_open(const char *path);

/*
 * Call use(fd, name) for each file named in argv[first..argc), open for
 * reading, or once for standard input (fd 0, name "") if none is named.
 * A name that cannot be opened, or is a directory, gets a complaint and
 * is skipped.
 */
void cmd_each_file(int argc, char *argv[], int first,
                   void (*use)(int fd, const char *name));

/* Write n bytes of buf to standard output, or fail. */
void cmd_write(const void *buf, int n);
