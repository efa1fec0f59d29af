/*
 * fork-anon-pvt: private anonymous memory across fork.
 *
 * (Course handouts call this program mmap-fork-anon-private;
 * xv6 file names hold at most DIRSIZ = 14 characters.)
 *
 * The parent fills a MAP_PRIVATE|MAP_ANONYMOUS mapping and forks.  The
 * child starts with the parent's values (copy-on-write), then each side
 * stores its own: neither sees the other's later stores.  The two take
 * turns through a pair of pipes, so the order of events is fixed:
 *
 *   parent: fill with 'P', fork
 *   child:  sees 'P'; stores 'c' in page 0; passes the turn
 *   parent: still sees 'P'; stores 'p' everywhere; passes the turn
 *   child:  still sees its 'c' and the old 'P'; exits
 *   parent: still sees its 'p'
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

#define PAGE    4096
#define NPAGES  2
#define LEN     (NPAGES * PAGE)

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

/* The child's side.  Never returns. */
static void
child(char *p, int from_parent, int to_parent)
{
  check_fill("child_sees_parent_values", p, LEN, 'P');
  memset(p, 'c', PAGE);
  check_fill("child_reads_own_stores", p, PAGE, 'c');
  pass_turn(to_parent);
  if (await_turn(from_parent) < 0)
    exit(1);
  check_fill("child_misses_parent_stores", p, PAGE, 'c');
  check_fill("child_keeps_old_values", p + PAGE, PAGE, 'P');
  check("child_munmap", munmap(p, LEN), 0);
  exit(failures ? 1 : 0);
}

/* The demonstration proper.  Returns the number of failed checks. */
static int
demo(void)
{
  int to_child[2], to_parent[2];
  int pid, status;
  char *p;

  p = mmap(0, LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  printf("fork-anon-pvt: %d private anonymous pages at %p\n", NPAGES, p);
  check("mmap_returns_address", p == MAP_FAILED ? -1 : 0, 0);
  if (p == MAP_FAILED || pipe(to_child) < 0 || pipe(to_parent) < 0)
    return failures + 1;
  memset(p, 'P', LEN);

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
    check_fill("parent_misses_child_stores", p, LEN, 'P');
    memset(p, 'p', LEN);
    pass_turn(to_child[1]);
  }
  close(to_child[1]);
  close(to_parent[0]);
  wait(&status);
  absorb_child("child", status);
  check_fill("parent_keeps_own_stores", p, LEN, 'p');
  check("parent_munmap", munmap(p, LEN), 0);
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
    printf("fork-anon-pvt: fork failed\n");
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
