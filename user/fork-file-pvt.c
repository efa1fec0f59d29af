/*
 * fork-file-pvt: a private file mapping across fork.
 *
 * (Course handouts call this program mmap-fork-private;
 * xv6 file names hold at most DIRSIZ = 14 characters.)
 *
 * The parent maps a two-page file PROT_READ|PROT_WRITE MAP_PRIVATE,
 * stores into page 0 and forks.  The child inherits the parent's
 * private copy of page 0 and the file's page 1; after that, neither
 * sees the other's stores (copy-on-write), and the file never changes.
 * The two take turns through a pair of pipes:
 *
 *   parent: map, fill page 0 with 'P', fork
 *   child:  sees 'P' and the file; stores 'c' in both pages; passes
 *   parent: still sees 'P' and the file; stores 'p' in both; passes
 *   child:  still sees its 'c'; exits
 *   parent: still sees its 'p'; unmaps; the file is as created
 *
 * The demonstration runs in a child of its own; the first process reaps
 * it and checks that free memory is back where it started.  Output: one
 * `test NAME:` line per check, then ALL TESTS PASSED or SOME TESTS FAILED.
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "kernel/sysinfo.h"
#include "user/user.h"
#include "user/mman.h"

#define PAGE       4096
#define FILE_NAME  "forkpriv.txt"
#define FILE_SIZE  (2 * PAGE)

static char filebuf[FILE_SIZE];
static int failures;

static uint64
freemem(void)
{
  struct sysinfo si;

  if (sysinfo(&si) < 0)
    return 0;
  return si.freemem;
}

/* Print the result of case name: OK when saw equals want. */
static void
check(char *name, long saw, long want)
{
  if (saw == want) {
    printf("test %s: OK\n", name);
    return;
  }
  printf("test %s: FAILED (expected %ld, saw %ld)\n", name, want, saw);
  failures++;
}

/* Case name: are all n bytes at p equal to c? */
static void
check_fill(char *name, char *p, int n, char c)
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
  printf("test %s: OK\n", name);
}

/* Byte i of the file as created. */
static char
original(int i)
{
  return 'a' + (i * 11 + i / PAGE) % 26;
}

/* Case name: do the n bytes at p equal the file's bytes from off on? */
static void
check_file_bytes(char *name, char *p, int off, int n)
{
  int i;

  for (i = 0; i < n; i++) {
    if (p[i] != original(off + i)) {
      printf("test %s: FAILED (expected the file's bytes, saw byte %d = %d)\n",
             name, off + i, p[i]);
      failures++;
      return;
    }
  }
  printf("test %s: OK\n", name);
}

/* Count a child's failures: its exit status, or a line if it was killed. */
static void
absorb_child(char *who, int status)
{
  if (status < 0)
    printf("test %s_runs_to_end: FAILED (expected exit status 0, saw %d)\n",
           who, status);
  if (status != 0)
    failures++;
}

/* Hand the turn to the other process. */
static void
pass_turn(int fd)
{
  write(fd, "t", 1);
}

/* Wait for the turn.  Returns 0, or -1 if the other process is gone. */
static int
await_turn(int fd)
{
  char c;

  return read(fd, &c, 1) == 1 ? 0 : -1;
}

/* Write the test file.  Returns 0, or -1 if the file system refused. */
static int
make_file(void)
{
  int fd, i;

  for (i = 0; i < FILE_SIZE; i++)
    filebuf[i] = original(i);
  unlink(FILE_NAME);
  fd = open(FILE_NAME, O_CREATE | O_RDWR);
  if (fd < 0)
    return -1;
  i = write(fd, filebuf, FILE_SIZE);
  close(fd);
  return i == FILE_SIZE ? 0 : -1;
}

/* The child's side.  Never returns. */
static void
child(char *p, int from_parent, int to_parent)
{
  check_fill("child_sees_pre_fork_stores", p, PAGE, 'P');
  check_file_bytes("child_sees_file", p + PAGE, PAGE, PAGE);
  memset(p, 'c', FILE_SIZE);
  pass_turn(to_parent);
  if (await_turn(from_parent) < 0)
    exit(1);
  check_fill("child_misses_parent_stores", p, FILE_SIZE, 'c');
  check("child_munmap", munmap(p, FILE_SIZE), 0);
  exit(failures ? 1 : 0);
}

/* The demonstration proper.  Returns the number of failed checks. */
static int
demo(void)
{
  int to_child[2], to_parent[2];
  int fd, pid, status;
  char *p;

  if (make_file() < 0) {
    printf("test make_file: FAILED (expected a %d-byte file, saw a write fail)\n",
           FILE_SIZE);
    return 1;
  }
  fd = open(FILE_NAME, O_RDWR);
  p = mmap(0, FILE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  close(fd);
  printf("fork-file-pvt: %s mapped private at %p\n", FILE_NAME, p);
  check("mmap_returns_address", p == MAP_FAILED ? -1 : 0, 0);
  if (p == MAP_FAILED || pipe(to_child) < 0 || pipe(to_parent) < 0)
    return failures + 1;
  memset(p, 'P', PAGE);

  pid = fork();
  if (pid < 0) {
    printf("test fork: FAILED (expected a child, saw -1)\n");
    return failures + 1;
  }
  if (pid == 0) {
    close(to_child[1]);
    close(to_parent[0]);
    child(p, to_child[0], to_parent[1]);
  }
  close(to_child[0]);
  close(to_parent[1]);

  if (await_turn(to_parent[0]) == 0) {
    check_fill("parent_misses_child_stores", p, PAGE, 'P');
    check_file_bytes("parent_page1_still_file", p + PAGE, PAGE, PAGE);
    memset(p, 'p', FILE_SIZE);
    pass_turn(to_child[1]);
  }
  close(to_child[1]);
  close(to_parent[0]);
  wait(&status);
  absorb_child("child", status);
  check_fill("parent_keeps_own_stores", p, FILE_SIZE, 'p');
  check("parent_munmap", munmap(p, FILE_SIZE), 0);

  memset(filebuf, 0, FILE_SIZE);
  fd = open(FILE_NAME, O_RDONLY);
  check("read_file", read(fd, filebuf, FILE_SIZE), FILE_SIZE);
  close(fd);
  check_file_bytes("file_unchanged", filebuf, 0, FILE_SIZE);
  unlink(FILE_NAME);
  return failures;
}

int
main(void)
{
  uint64 before;
  int pid, status;

  before = freemem();
  pid = fork();
  if (pid < 0) {
    printf("fork-file-pvt: fork failed\n");
    exit(1);
  }
  if (pid == 0)
    exit(demo() ? 1 : 0);
  wait(&status);
  absorb_child("demo", status);
  check("nopageleak", freemem(), before);
  printf(failures ? "SOME TESTS FAILED\n" : "ALL TESTS PASSED\n");
  exit(failures ? 1 : 0);
}
