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
#include "user/user.h"
#include "user/pagein.h"
#include "user/mman.h"
#include "user/demo.h"

#define PAGE     4096
#define NINTS    3000                        /* a little under three pages */
#define ARRAY_SZ (NINTS * sizeof(int))
#define NPAGES   ((ARRAY_SZ + PAGE - 1) / PAGE)

/* Case name over an array: bad is the first wrong element, or -1. */
static void
check_elements(char *name, int bad)
{
  if (bad < 0) {
    demo_pass(name);
    return;
  }
  printf("test %s: FAILED (expected every element right, saw element %d wrong)\n",
         name, bad);
  demo_count_failure();
}

/* The value the demonstration stores in element i. */
static int
square(int i)
{
  return i * i - 7;
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
  demo_check_that("mmap_returns_address", a != MAP_FAILED, "an address",
                  (long)a);
  if (a == MAP_FAILED)
    return demo_failures();
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
  demo_check_that("pages_arrive_on_touch", used >= (long)(NPAGES * PAGE),
             "at least the array's pages used", used / PAGE);

  demo_check("munmap", munmap(a, ARRAY_SZ), 0);
  demo_check("freed_array_kills",
             demo_access_in_child((char *)a, DEMO_STORE), -1);
  return demo_failures();
}

int
main(void)
{
  demo_main("mmap-malloc", demo);
}
