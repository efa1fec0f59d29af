/*
 * testcase.c: the case runner of mmaptest, cachetest and limitstest,
 * and the helpers their cases share (see testcase.h).
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "kernel/stat.h"
#include "kernel/vmstat.h"
#include "user/user.h"
#include "user/pagein.h"
#include "user/mman.h"
#include "user/testcase.h"

/* The user stack is one page: the file helpers' buffers live here instead. */
static char readbuf[PAGE];
static char writebuf[PAGE];   /* a page per write(): fewer transactions */

static int msgfd = -1;   /* a case's process writes its failure reason here */

/* ------------------------------------------------------------- checks */

/* Report "expected EXPECTED, saw SAW" to the runner and end this case. */
void
fail(char *expected, char *saw)
{
  fprintf(msgfd, "expected %s, saw %s\n", expected, saw);
  exit(1);
}

/* Fail unless saw == want; what names the value. */
void
expect_eq(char *what, long saw, long want)
{
  if (saw == want)
    return;
  fprintf(msgfd, "expected %s = %ld, saw %ld\n", what, want, saw);
  exit(1);
}

/* Fail unless saw <= most; what names the value. */
void
expect_le(char *what, long saw, long most)
{
  if (saw <= most)
    return;
  fprintf(msgfd, "expected %s <= %ld, saw %ld\n", what, most, saw);
  exit(1);
}

/* Fail unless cond holds; what says what should have happened. */
void
expect(int cond, char *what)
{
  if (!cond)
    fail(what, "otherwise");
}

/* Fail unless the n bytes at p are zeros. */
void
expect_zero(char *p, int n)
{
  int i;

  for (i = 0; i < n; i++)
    if (p[i] != 0)
      expect_eq("byte that should be zero at offset", i, -1);
}

/* What vmstat() says now. */
struct vmstat
vmstat_now(void)
{
  struct vmstat st;

  if (vmstat(&st) < 0)
    fail("vmstat to work", "-1");
  return st;
}


/* --------------------------------------------------------- test files */

/* The byte stored at offset i of every test file. */
char
pattern(int i)
{
  return 'A' + (i * 7 + i / PAGE) % 26;
}

/* Create name holding n bytes of pattern(); returns an fd opened with mode. */
int
make_file(char *name, int n, int mode)
{
  char *buf = writebuf;
  int fd, i, chunk, done;

  unlink(name);
  fd = open(name, O_CREATE | O_RDWR);
  if (fd < 0)
    fail("the test file to be created", "open failing");
  for (done = 0; done < n; done += chunk) {
    chunk = n - done < PAGE ? n - done : PAGE;
    for (i = 0; i < chunk; i++)
      buf[i] = pattern(done + i);
    if (write(fd, buf, chunk) != chunk)
      fail("the test file to be written", "write failing");
  }
  close(fd);
  fd = open(name, mode);
  if (fd < 0)
    fail("the test file to open", "open failing");
  return fd;
}

/* The size of the file name. */
long
file_size(char *name)
{
  struct stat st;

  if (stat(name, &st) < 0)
    return -1;
  return st.size;
}

/* Read byte off of file name with read(). */
int
file_byte(char *name, int off)
{
  char *buf = readbuf;
  int fd, n, got = 0;
  char c = 0;

  fd = open(name, O_RDONLY);
  if (fd < 0)
    return -1;
  while (got <= off && (n = read(fd, buf, off - got + 1 < PAGE ? off - got + 1 : PAGE)) > 0) {
    if (got + n > off)
      c = buf[off - got];
    got += n;
  }
  close(fd);
  return got > off ? (c & 0xff) : -1;
}

/* Check that [p, p+n) holds the file pattern from file offset off on. */
void
expect_pattern(char *p, int off, int n)
{
  int i;

  for (i = 0; i < n; i++)
    if (p[i] != pattern(off + i))
      expect_eq("mapped byte (file offset)", off + i, -1);
}

/* ------------------------------------------------ files and processes */

int
open_ok(char *name, int mode)
{
  int fd = open(name, mode);

  if (fd < 0)
    fail("open to work", "-1");
  return fd;
}

void
make_pipe(int fds[2])
{
  if (pipe(fds) < 0)
    fail("pipe to work", "-1");
}

/*
 * Wait for n children; returns the first non-zero exit status, or 0
 * (-2 if there were fewer than n children).
 */
int
reap(int n)
{
  int status, bad = 0;

  while (n-- > 0) {
    if (wait(&status) < 0)
      return -2;
    if (status != 0 && bad == 0)
      bad = status;
  }
  return bad;
}

/* Send byte c down fd (taking turns between processes). */
void
tell(int fd, int c)
{
  char b = c;

  write(fd, &b, 1);
}

/* The next byte from fd, or -1 at end of file. */
int
hear(int fd)
{
  char b;

  if (read(fd, &b, 1) != 1)
    return -1;
  return b & 0xff;
}

void
fork_helper(void (*fn)(int go, int back), int go[2], int back[2])
{
  int pid = fork();

  if (pid < 0)
    fail("fork to work", "-1");
  if (pid == 0) {
    close(go[1]);
    close(back[0]);
    fn(go[0], back[1]);
    exit(0);
  }
}

/* ------------------------------------------------------------ mappings */

char *
map_ok(long len, int prot, int flags, int fd, long off)
{
  char *p = mmap(0, len, prot, flags, fd, off);

  if (p == MAP_FAILED)
    fail("mmap to succeed", "MAP_FAILED");
  return p;
}

/* Run fn(arg) in a child; returns its exit status (-1 when killed). */
int
run_child(void (*fn)(char *), char *arg)
{
  int pid, status = 0;

  pid = fork();
  if (pid < 0)
    fail("fork to succeed", "-1");
  if (pid == 0) {
    fn(arg);
    exit(0);
  }
  wait(&status);
  return status;
}

static void
do_read(char *p)
{
  volatile char c = *p;

  (void)c;
}

static void
do_write(char *p)
{
  *(volatile char *)p = 1;
}

/* Does reading (writing) p kill the process that tries? */
int
kills_read(char *p)
{
  return run_child(do_read, p) == -1;
}

int
kills_write(char *p)
{
  return run_child(do_write, p) == -1;
}

/* -------------------------------------------------------------- runner */

/*
 * Run one case in a child and print its line.  Returns 1 if it passed.
 * pfd is the pipe children report through.
 */
static int
run_case(struct testcase *t, int pfd[2], void (*cleanup)(void))
{
  char msg[200];
  int pid, status = 0, n = 0;
  uint64 before, after;

  /* Name the case first: if it panics the kernel, the log says which. */
  printf("test %s: ", t->name);
  before = free_less_swap();
  pid = fork();
  if (pid < 0) {
    printf("FAILED (expected fork to work, saw -1)\n");
    return 0;
  }
  if (pid == 0) {
    close(pfd[0]);
    msgfd = pfd[1];
    t->fn();
    exit(0);
  }
  wait(&status);
  if (cleanup)
    cleanup();
  after = free_less_swap();

  if (status == 1) {
    while (n < sizeof(msg) - 1 && read(pfd[0], msg + n, 1) == 1 && msg[n] != '\n')
      n++;
    msg[n] = 0;
    printf("FAILED (%s)\n", msg);
    return 0;
  }
  if (status != 0) {
    printf("FAILED (expected exit status 0, saw %d)\n", status);
    return 0;
  }
  if (after != before) {
    printf("FAILED (expected free memory (cache counted as free) less swap used %ld after the case, saw %ld)\n",
           before, after);
    return 0;
  }
  printf("OK\n");
  return 1;
}

/* Is name one of the names in argv[1..argc)? (no names: every case) */
static int
selected(char *name, int argc, char *argv[])
{
  int i;

  if (argc < 2)
    return 1;
  for (i = 1; i < argc; i++)
    if (strcmp(argv[i], name) == 0)
      return 1;
  return 0;
}

int
run_cases(struct testcase *cases, int n, int argc, char *argv[],
          void (*cleanup)(void))
{
  int i, pfd[2], failed = 0;

  if (pipe(pfd) < 0) {
    printf("%s: pipe failed\n", argv[0]);
    exit(1);
  }
  pagein_self();   /* so that the leak checks count only the cases' pages */
  for (i = 0; i < n; i++)
    if (selected(cases[i].name, argc, argv) && !run_case(&cases[i], pfd, cleanup))
      failed++;
  printf(failed ? "SOME TESTS FAILED\n" : "ALL TESTS PASSED\n");
  return failed;
}
