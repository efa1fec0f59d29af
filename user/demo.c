/*
 * demo.c: the scaffolding of the mmap demonstration programs (see
 * demo.h), so that each program holds only its demonstration: what it
 * maps, what it does with the mapping and what it checks.
 *
 * Output follows the test convention: one `test NAME: OK` or
 * `test NAME: FAILED (expected X, saw Y)` line per case, then
 * ALL TESTS PASSED or SOME TESTS FAILED.
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "kernel/stat.h"
#include "user/user.h"
#include "user/mman.h"
#include "user/demo.h"
#include "user/pagein.h"

#define PAGE  4096

static int failures;              /* failed cases in this process */
static char *progname = "demo";   /* the program, as given to demo_main */
static char chunk[PAGE];          /* a file's contents, a page at a time */

/* ------------------------------------------------------------------ */
/* Results.                                                            */
/* ------------------------------------------------------------------ */

/* Print `test NAME: OK`. */
void
demo_pass(char *name)
{
  printf("test %s: OK\n", name);
}

/* Count a failed case whose FAILED line the caller has printed. */
void
demo_count_failure(void)
{
  failures++;
}

/* The number of failed cases so far in this process. */
int
demo_failures(void)
{
  return failures;
}

/* Case name: OK when saw equals want. */
void
demo_check(char *name, long saw, long want)
{
  if (saw == want) {
    demo_pass(name);
    return;
  }
  printf("test %s: FAILED (expected %ld, saw %ld)\n", name, want, saw);
  failures++;
}

/* Case name: OK when ok holds; expected says what should have been. */
void
demo_check_that(char *name, int ok, char *expected, long saw)
{
  if (ok) {
    demo_pass(name);
    return;
  }
  printf("test %s: FAILED (expected %s, saw %ld)\n", name, expected, saw);
  failures++;
}

/* Case name: OK when address saw is want. */
void
demo_check_addr(char *name, void *saw, void *want)
{
  if (saw == want) {
    demo_pass(name);
    return;
  }
  printf("test %s: FAILED (expected %p, saw %p)\n", name, want, saw);
  failures++;
}

/*
 * Case name: OK when mmap returned addr rather than MAP_FAILED.
 * Returns 1 if addr is a mapping, 0 if not.
 */
int
demo_check_mapped(char *name, void *addr)
{
  demo_check(name, addr == MAP_FAILED ? -1 : 0, 0);
  return addr != MAP_FAILED;
}

/* Case name: are all n bytes at p equal to c? */
void
demo_check_fill(char *name, char *p, int n, char c)
{
  int i;

  for (i = 0; i < n; i++) {
    if (p[i] != c) {
      printf("test %s: FAILED (expected '%c' everywhere, saw byte %d = %d)\n",
             name, c, i, p[i]);
      failures++;
      return;
    }
  }
  demo_pass(name);
}

/*
 * Case name comparing bytes with what: bad is the first byte that
 * differs, DEMO_SAME or DEMO_UNREADABLE.
 */
void
demo_check_bytes(char *name, char *what, int bad)
{
  if (bad == DEMO_SAME) {
    demo_pass(name);
    return;
  }
  if (bad == DEMO_UNREADABLE)
    printf("test %s: FAILED (expected %s, saw the file unreadable)\n",
           name, what);
  else
    printf("test %s: FAILED (expected %s, saw a difference at byte %d)\n",
           name, what, bad);
  failures++;
}

/*
 * Case name: are the n bytes at p bytes off.. of the file whose byte i
 * is byte_at(i)?
 */
void
demo_check_file_bytes(char *name, char *p, int off, int n,
                      char (*byte_at)(int))
{
  int i;

  for (i = 0; i < n; i++) {
    if (p[i] != byte_at(off + i)) {
      printf("test %s: FAILED (expected the file's bytes, saw byte %d = %d)\n",
             name, off + i, p[i]);
      failures++;
      return;
    }
  }
  demo_pass(name);
}

/*
 * Case name about a number of pages used: ok says whether saw pages is
 * right; relation ("at least", "at most") and want say what is.
 */
void
demo_check_pages(char *name, int ok, char *relation, long want, long saw)
{
  if (ok) {
    demo_pass(name);
    return;
  }
  printf("test %s: FAILED (expected %s %ld pages used, saw %ld)\n",
         name, relation, want, saw);
  failures++;
}

/* ------------------------------------------------------------------ */
/* Running a demonstration.                                            */
/* ------------------------------------------------------------------ */

/*
 * Count the failures of child who from its exit status: a status above
 * 0 means the child reported them itself; -1 means it was killed, which
 * is reported here as case WHO_runs_to_end.
 */
static void
child_status(char *who, int status)
{
  if (status < 0)
    printf("test %s_runs_to_end: FAILED (expected exit status 0, saw %d)\n",
           who, status);
  if (status != 0)
    failures++;
}


/*
 * The end of a demonstration: check that free memory is back to before,
 * print the summary line and exit (1 if any case failed).
 */
void
demo_finish(uint64 before)
{
  demo_check("nopageleak", freemem(), before);
  printf(failures ? "SOME TESTS FAILED\n" : "ALL TESTS PASSED\n");
  exit(failures ? 1 : 0);
}

/*
 * The main program of a demonstration named prog: run demo, which
 * returns its number of failed cases, in a child; then count the child's
 * failures, check for leaked pages and finish.  Never returns.
 */
void
demo_main(char *prog, int (*demo)(void))
{
  uint64 before;
  int pid, status;

  progname = prog;
  before = freemem();
  pid = fork();
  if (pid < 0) {
    printf("%s: fork failed\n", prog);
    exit(1);
  }
  if (pid == 0) {
    pagein_self();   /* after fork: its writable pages are copy-on-write */
    exit(demo() ? 1 : 0);
  }
  wait(&status);
  child_status("demo", status);
  demo_finish(before);
}

/*
 * Load from (kind DEMO_LOAD) or store to (DEMO_STORE) addr in a child.
 * Returns the child's exit status: -1 if the kernel killed it, 0 if the
 * access went through; -2 if there was no child.
 */
int
demo_access_in_child(char *addr, int kind)
{
  int pid, status;

  pid = fork();
  if (pid < 0)
    return -2;
  if (pid == 0) {
    if (kind == DEMO_STORE)
      *(volatile char *)addr = 'x';
    else
      printf("%s: loaded %d from %p, which should have killed me\n",
             progname, *(volatile char *)addr, addr);
    exit(0);
  }
  if (wait(&status) != pid)
    return -2;
  return status;
}

/* ------------------------------------------------------------------ */
/* Test files and their contents.                                      */
/* ------------------------------------------------------------------ */

/*
 * Create path holding size bytes, byte i being byte_at(i).  Returns 0;
 * or -1 if the file system refused, reported as case name.
 */
int
demo_make_file(char *name, char *path, int size, char (*byte_at)(int))
{
  int fd, done, n, i;

  unlink(path);
  fd = open(path, O_CREATE | O_RDWR);
  if (fd < 0)
    goto refused;
  for (done = 0; done < size; done += n) {
    n = size - done < PAGE ? size - done : PAGE;
    for (i = 0; i < n; i++)
      chunk[i] = byte_at(done + i);
    if (write(fd, chunk, n) != n) {
      close(fd);
      goto refused;
    }
  }
  close(fd);
  return 0;

refused:
  printf("test %s: FAILED (expected a %d-byte file, saw a write fail)\n",
         name, size);
  failures++;
  return -1;
}

/*
 * Read the first size bytes of path into buf, which is zeroed first.
 * Returns the number of bytes read, or -1 if path cannot be opened.
 */
int
demo_read_file(char *path, char *buf, int size)
{
  int fd, n;

  memset(buf, 0, size);
  fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  n = read(fd, buf, size);
  close(fd);
  return n;
}

/* c in upper case if it is a lower-case letter. */
char
demo_upper(char c)
{
  return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

/*
 * Byte i of a text of lower-case lines, line_len bytes each counting
 * the newline, whose letters advance by step from one byte to the next.
 */
char
demo_text(int i, int line_len, int step)
{
  if (i % line_len == line_len - 1)
    return '\n';
  return 'a' + (i * step + i / line_len) % 26;
}

/*
 * Compare the n bytes at p with the file whose byte i is byte_at(i),
 * its first upto bytes in upper case.  Returns the first byte that
 * differs, or DEMO_SAME.
 */
int
demo_text_differs(char *p, int n, int upto, char (*byte_at)(int))
{
  char want;
  int i;

  for (i = 0; i < n; i++) {
    want = i < upto ? demo_upper(byte_at(i)) : byte_at(i);
    if (p[i] != want)
      return i;
  }
  return DEMO_SAME;
}

/*
 * Read path into buf (size bytes) and compare it as demo_text_differs
 * does.  Returns the first byte that differs, DEMO_SAME, or
 * DEMO_UNREADABLE if path cannot be read whole.
 */
int
demo_file_differs(char *path, char *buf, int size, int upto,
                  char (*byte_at)(int))
{
  if (demo_read_file(path, buf, size) != size)
    return DEMO_UNREADABLE;
  return demo_text_differs(buf, size, upto, byte_at);
}

/* The first of n bytes where a and b differ, or DEMO_SAME. */
int
demo_first_difference(char *a, char *b, int n)
{
  int i;

  for (i = 0; i < n; i++)
    if (a[i] != b[i])
      return i;
  return DEMO_SAME;
}

/* The first byte of p[from..to) that is not zero, or DEMO_SAME. */
int
demo_first_nonzero(char *p, int from, int to)
{
  int i;

  for (i = from; i < to; i++)
    if (p[i] != 0)
      return i;
  return DEMO_SAME;
}

/* ------------------------------------------------------------------ */
/* A parent and its child taking turns.                                */
/* ------------------------------------------------------------------ */

/* Hand the turn to the other process through pipe end fd. */
static void
pass_turn(int fd)
{
  write(fd, "t", 1);
}

/*
 * Wait for the turn on pipe end fd.  Returns 0, or -1 if the other
 * process is gone.
 */
static int
await_turn(int fd)
{
  char c;

  return read(fd, &c, 1) == 1 ? 0 : -1;
}

/*
 * The turns of the fork demonstrations over mapping p, made strict by a
 * pair of pipes: fork; the child runs child_first(p) and passes the
 * turn; the parent runs parent_turn(p) and passes it back; the child
 * runs child_last(p) and exits.  The parent then reaps the child and
 * counts its failures (case child_runs_to_end if it was killed).
 * Returns 0 in the parent; -1, having counted a failure, if the pipes
 * or the child could not be made.
 */
int
demo_take_turns(char *p, void (*child_first)(char *),
                void (*parent_turn)(char *), void (*child_last)(char *))
{
  int to_child[2], to_parent[2];
  int pid, status;

  if (pipe(to_child) < 0) {
    failures++;
    return -1;
  }
  if (pipe(to_parent) < 0) {
    failures++;
    goto no_child;
  }
  pid = fork();
  if (pid < 0) {
    demo_check_that("fork", 0, "a child", -1);
    close(to_parent[0]);
    close(to_parent[1]);
    goto no_child;
  }
  if (pid == 0) {
    close(to_child[1]);
    close(to_parent[0]);
    child_first(p);
    pass_turn(to_parent[1]);
    if (await_turn(to_child[0]) < 0)
      exit(1);
    child_last(p);
    exit(failures ? 1 : 0);
  }

  close(to_child[0]);
  close(to_parent[1]);
  if (await_turn(to_parent[0]) == 0) {
    parent_turn(p);
    pass_turn(to_child[1]);
  }
  close(to_child[1]);
  close(to_parent[0]);
  wait(&status);
  child_status("child", status);
  return 0;

no_child:
  close(to_child[0]);
  close(to_child[1]);
  return -1;
}

/* ------------------------------------------------------------------ */
/* eager and lazy: the same files mapped with and without MAP_POPULATE */
/* ------------------------------------------------------------------ */

#define README    "README"
#define BIG_NAME  "bigfile71680"
#define BIG_SIZE  71680              /* 17.5 pages */
#define BIG_LINE  64                 /* bytes per line of BIG_NAME */
#define PAGES(n)  (((n) + PAGE - 1) / PAGE)

/*
 * Byte i of BIG_NAME: lines "line NNNN: " followed by letters and a
 * newline, BIG_LINE bytes each.
 */
static char
big_byte(int i)
{
  static char prefix[] = "line ";
  int line = i / BIG_LINE, col = i % BIG_LINE;

  if (col < 5)
    return prefix[col];
  if (col < 9)
    return '0' + (col == 5 ? line / 1000 : col == 6 ? line / 100 :
                  col == 7 ? line / 10 : line) % 10;
  if (col == 9)
    return ':';
  if (col == 10)
    return ' ';
  if (col == BIG_LINE - 1)
    return '\n';
  return 'a' + (line + col) % 26;
}

/* Print label and the line at p (at most max bytes). */
static void
print_first_line(char *label, char *p, int max)
{
  int n;

  for (n = 0; n < max && p[n] != '\n'; n++)
    ;
  printf("%s", label);
  write(1, p, n);
  printf("\n");
}

/*
 * Compare the size bytes mapped at p with what read() returns from fd.
 * Returns the first byte that differs, or DEMO_SAME if all agree.
 */
static int
mismatch_with_fd(int fd, char *p, int size)
{
  int off, n, bad;

  for (off = 0; off < size; off += n) {
    n = read(fd, chunk, PAGE);
    if (n <= 0)
      return off;
    bad = demo_first_difference(p + off, chunk, n);
    if (bad != DEMO_SAME)
      return off + bad;
  }
  return DEMO_SAME;
}

/*
 * Map README and BIG_NAME read-only with mapflags, measuring free memory
 * before and after mmap and after reading every mapped byte.  The
 * caller's after_mmap and after_touch check the pages used by each step
 * (used) against the number of pages mapped (npages).  Returns the
 * number of failed cases.
 */
int
demo_eagerlazy(int mapflags, void (*after_mmap)(long used, int npages),
               void (*after_touch)(long used, int npages))
{
  int readme_fd, big_fd, npages;
  char *readme, *big;
  uint64 before, mapped, touched;
  long used;
  struct stat st;

  if (demo_make_file("make_big_file", BIG_NAME, BIG_SIZE, big_byte) < 0)
    return failures;
  readme_fd = open(README, O_RDONLY);
  big_fd = open(BIG_NAME, O_RDONLY);
  if (readme_fd < 0 || big_fd < 0 || fstat(readme_fd, &st) < 0) {
    printf("test open_files: FAILED (expected %s and %s open, saw open fail)\n",
           README, BIG_NAME);
    return 1;
  }
  npages = PAGES(st.size) + PAGES(BIG_SIZE);

  before = freemem();
  readme = mmap(0, st.size, PROT_READ, mapflags, readme_fd, 0);
  big = mmap(0, BIG_SIZE, PROT_READ, mapflags, big_fd, 0);
  mapped = freemem();
  demo_check_mapped("mmap_readme", readme);
  demo_check_mapped("mmap_bigfile", big);
  if (readme == MAP_FAILED || big == MAP_FAILED)
    return failures;

  printf("%s: %s (%d bytes, %d pages) at %p, %s (%d bytes, %d pages) at %p\n",
         progname, README, (int)st.size, (int)PAGES(st.size), readme,
         BIG_NAME, BIG_SIZE, (int)PAGES(BIG_SIZE), big);
  printf("free pages before mmap: %d\n", (int)(before / PAGE));
  printf("free pages after mmap: %d\n", (int)(mapped / PAGE));
  used = (long)(before - mapped) / PAGE;
  printf("pages used by mmap: %ld (%d mapped)\n", used, npages);
  after_mmap(used, npages);

  print_first_line("first line of README: ", readme, 80);
  print_first_line("first line of bigfile71680: ", big, BIG_LINE);
  demo_check("readme_contents", mismatch_with_fd(readme_fd, readme, st.size),
             DEMO_SAME);
  demo_check("bigfile_contents", mismatch_with_fd(big_fd, big, BIG_SIZE),
             DEMO_SAME);
  touched = freemem();
  printf("free pages after touching: %d\n", (int)(touched / PAGE));
  used = (long)(mapped - touched) / PAGE;
  after_touch(used, npages);

  demo_check("munmap_readme", munmap(readme, st.size), 0);
  demo_check("munmap_bigfile", munmap(big, BIG_SIZE), 0);
  close(readme_fd);
  close(big_fd);
  unlink(BIG_NAME);
  return failures;
}
