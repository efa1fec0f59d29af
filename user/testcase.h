/*
 * testcase.h: the case runner that mmaptest, cachetest and limitstest
 * share, and the helpers their cases have in common.  testcase.o is
 * linked into those programs only; the user library knows nothing of it, so
 * these names stay free for every other program.
 *
 * Every case runs in a child process of its own, so that a case that
 * crashes or is killed cannot take the others with it, and the runner
 * compares free memory (sysinfo) before the child and after reaping it:
 * a case passes only if it holds and nothing leaked.  A failing case
 * ends its process through fail(), expect() or expect_eq(), which send
 * the reason to the runner; it prints one line per case:
 *   test NAME: OK
 *   test NAME: FAILED (expected ..., saw ...)
 * and at the end ALL TESTS PASSED or SOME TESTS FAILED.
 *
 * Include after kernel/types.h and user/user.h.
 */

#define PAGE       4096
#define NCASES(a)  ((int)(sizeof(a) / sizeof((a)[0])))

struct testcase {
  char *name;
  void (*fn)(void);
};

/*
 * Run the cases named in argv[1..argc) (none named: all n of them) and
 * print the summary line.  cleanup, unless 0, runs in the runner after
 * each case has been reaped and before free memory is measured, so that
 * a case that failed half-way leaves no files behind for the next one.
 * Returns the number of failed cases.
 */
int run_cases(struct testcase *cases, int n, int argc, char *argv[],
              void (*cleanup)(void));

/* Checks, for a case's process: each failure ends the case. */
void fail(char *expected, char *saw) __attribute__((noreturn));
void expect_eq(char *what, long saw, long want);
void expect_le(char *what, long saw, long most);
void expect(int cond, char *what);
void expect_zero(char *p, int n);
struct vmstat vmstat_now(void);   /* include kernel/vmstat.h to call it */

/*
 * Test files.  pattern(i) is byte i of every file make_file writes;
 * make_file returns an fd opened with mode.  file_byte reads one byte
 * with read() (-1 if the file is shorter); file_size is -1 if there is
 * no such file.
 */
char pattern(int i);
int make_file(char *name, int n, int mode);
long file_size(char *name);
int file_byte(char *name, int off);
void expect_pattern(char *p, int off, int n);

/* Files and processes: each fails the case when the call fails. */
int open_ok(char *name, int mode);
void make_pipe(int fds[2]);
int reap(int n);
void tell(int fd, int c);   /* send byte c */
int hear(int fd);           /* the next byte, or -1 at end of file */

/*
 * Fork a helper process that runs fn(go[0], back[1]) and exits 0: the
 * caller talks to it by writing go[1] (closing it says "finish") and
 * reading back[0].  The helper closes the caller's two ends first; the
 * caller closes the helper's, once it has forked every helper.
 */
void fork_helper(void (*fn)(int go, int back), int go[2], int back[2]);

/* Mappings, and accesses that should kill (tried in a child). */
char *map_ok(long len, int prot, int flags, int fd, long off);
int run_child(void (*fn)(char *), char *arg);
int kills_read(char *p);
int kills_write(char *p);
