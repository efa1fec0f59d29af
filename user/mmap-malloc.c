/*
 * mmap-malloc: anonymous memory used the way malloc'ed memory is.
 *
 * An array of ints is carved out of a private anonymous mapping instead
 * of the heap: it starts out zeroed, holds what is stored in it, costs
 * physical pages only once touched, and goes away with munmap, after
 * which touching it kills the process.
 *
 * The demonstration runs in a child; the parent reaps it and checks that
 * free memory is back where it started.  Output: one `test NAME:` line
 * per check, then ALL TESTS PASSED or SOME TESTS FAILED.
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "kernel/sysinfo.h"
#include "user/user.h"
#include "user/mman.h"

#define PAGE     4096
#define NINTS    3000                        /* a little under three pages */
#define ARRAY_SZ (NINTS * sizeof(int))
#define NPAGES   ((ARRAY_SZ + PAGE - 1) / PAGE)

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

/* Like check, for a condition that what describes. */
static void
check_that(char *name, int ok, char *what, long saw)
{
  if (ok) {
    printf("test %s: OK\n", name);
    return;
  }
  printf("test %s: FAILED (expected %s, saw %ld)\n", name, what, saw);
  failures++;
}

/* Case name over an array: bad is the first wrong element, or -1. */
static void
check_elements(char *name, int bad)
{
  if (bad < 0) {
    printf("test %s: OK\n", name);
    return;
  }
  printf("test %s: FAILED (expected every element right, saw element %d wrong)\n",
         name, bad);
  failures++;
}

/* The value the demonstration stores in element i. */
static int
square(int i)
{
  return i * i - 7;
}

/*
 * Run addr[0] = 1 in a child and return the child's exit status:
 * -1 if the kernel killed it, 0 if the store went through.
 */
static int
store_in_child(int *addr)
{
  int pid, status;

  pid = fork();
  if (pid < 0)
    return -2;
  if (pid == 0) {
    *(volatile int *)addr = 1;
    exit(0);
  }
  if (wait(&status) != pid)
    return -2;
  return status;
}

/* The demonstration proper.  Returns the number of failed checks. */
static int
demo(void)
{
  int *a;
  int i, bad;
  uint64 untouched;
  long used;

  a = mmap(0, ARRAY_SZ, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  printf("mmap-malloc: %d ints (%d bytes, %d pages) at %p\n",
         NINTS, (int)ARRAY_SZ, (int)NPAGES, a);
  check_that("mmap_returns_address", a != MAP_FAILED, "an address", (long)a);
  if (a == MAP_FAILED)
    return failures;
  untouched = freemem();

  bad = -1;
  for (i = 0; i < NINTS && bad < 0; i++)
    if (a[i] != 0)
      bad = i;
  check_elements("starts_zeroed", bad);

  for (i = 0; i < NINTS; i++)
    a[i] = square(i);
  bad = -1;
  for (i = 0; i < NINTS && bad < 0; i++)
    if (a[i] != square(i))
      bad = i;
  check_elements("reads_back_stores", bad);
  printf("a[0] = %d, a[%d] = %d, a[%d] = %d\n",
         a[0], NINTS / 2, a[NINTS / 2], NINTS - 1, a[NINTS - 1]);

  used = (long)(untouched - freemem());
  printf("pages allocated by touching the array: %ld\n", used / PAGE);
  check_that("pages_arrive_on_touch", used >= (long)(NPAGES * PAGE),
             "at least the array's pages used", used / PAGE);

  check("munmap", munmap(a, ARRAY_SZ), 0);
  check("freed_array_kills", store_in_child(a), -1);
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
    printf("mmap-malloc: fork failed\n");
    exit(1);
  }
  if (pid == 0)
    exit(demo() ? 1 : 0);
  wait(&status);
  if (status < 0)
    printf("test demo_runs_to_end: FAILED (expected exit status 0, saw %d)\n", status);
  if (status != 0)
    failures++;
  check("nopageleak", freemem(), before);
  printf(failures ? "SOME TESTS FAILED\n" : "ALL TESTS PASSED\n");
  exit(failures ? 1 : 0);
}
