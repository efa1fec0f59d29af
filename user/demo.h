/*
 * demo.h: what the mmap demonstration programs (mmap-malloc ... growsup)
 * have in common: result lines, running the demonstration in a child and
 * checking for leaked pages, test files of a known pattern, comparing
 * contents, and a parent and child taking turns.  demo.o is linked into
 * those programs only; the user library knows nothing of it.
 *
 * Include after kernel/types.h and user/user.h.
 */

/*
 * Results.  Each check prints one line, `test NAME: OK` or
 * `test NAME: FAILED (expected X, saw Y)`, and counts the failures.
 * demo_check_mapped returns whether its address is a mapping.
 */
void demo_check(char *name, long saw, long want);
void demo_check_that(char *name, int ok, char *expected, long saw);
void demo_check_addr(char *name, void *saw, void *want);
int demo_check_mapped(char *name, void *addr);
void demo_check_fill(char *name, char *p, int n, char c);
void demo_check_bytes(char *name, char *what, int bad);
void demo_check_file_bytes(char *name, char *p, int off, int n,
                           char (*byte_at)(int));
void demo_check_pages(char *name, int ok, char *relation, long want, long saw);
void demo_pass(char *name);
void demo_count_failure(void);
int demo_failures(void);

/*
 * Running a demonstration, and accesses that should kill.  demo_main
 * records the program's name for the lines demo_access_in_child and
 * demo_eagerlazy print.
 */
#define DEMO_LOAD   0
#define DEMO_STORE  1

void demo_main(char *prog, int (*demo)(void)) __attribute__((noreturn));
void demo_finish(uint64 before) __attribute__((noreturn));
int demo_access_in_child(char *addr, int kind);

/*
 * Test files and their contents.  A file's contents are given as a
 * function: byte_at(i) is byte i of the file.  The comparisons return
 * the index of the first byte that differs, or DEMO_SAME.
 */
#define DEMO_SAME        (-1)
#define DEMO_UNREADABLE  (-2)          /* the file could not be read whole */

int demo_make_file(char *name, char *path, int size, char (*byte_at)(int));
int demo_read_file(char *path, char *buf, int size);
char demo_upper(char c);
char demo_text(int i, int line_len, int step);
int demo_text_differs(char *p, int n, int upto, char (*byte_at)(int));
int demo_file_differs(char *path, char *buf, int size, int upto,
                      char (*byte_at)(int));
int demo_first_difference(char *a, char *b, int n);
int demo_first_nonzero(char *p, int from, int to);

/*
 * A parent and its child taking turns over mapping p: child_first,
 * parent_turn, then child_last, one after the other.
 */
int demo_take_turns(char *p, void (*child_first)(char *),
                    void (*parent_turn)(char *), void (*child_last)(char *));

/* The program that eager and lazy share. */
int demo_eagerlazy(int mapflags, void (*after_mmap)(long used, int npages),
                   void (*after_touch)(long used, int npages));
