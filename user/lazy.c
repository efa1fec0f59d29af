/*
 * lazy: mapping files the default way, which allocates nothing until a
 * page is touched.
 *
 * The program maps README and a 71680-byte file of its own (bigfile71680,
 * numbered text lines) read-only and private, without MAP_POPULATE, and
 * prints the free memory before and after mapping and after touching.
 * mmap only records the mappings, so free memory barely moves (at most
 * LAZY_SLACK pages of bookkeeping) until the pages are touched, and
 * touching them all then costs at least the mapped pages.  Compare with
 * `eager`, which maps the same files with MAP_POPULATE: the testsuite
 * compares the two programs' "free pages after mmap" lines.
 *
 * The demonstration runs in a child; the parent reaps it and checks that
 * free memory is back where it started.  Output: one `test NAME:` line
 * per check, then ALL TESTS PASSED or SOME TESTS FAILED.
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"
#include "user/mman.h"
#include "user/demo.h"

#define LAZY_SLACK  2                    /* pages mmap may spend on bookkeeping */

/* Right after mmap: no page of either file is allocated yet. */
static void
after_mmap(long used, int npages)
{
  demo_check_pages("mmap_allocates_no_data_pages", used <= LAZY_SLACK,
                   "at most", LAZY_SLACK, used);
}

/* After reading every mapped byte: every page has been faulted in. */
static void
after_touch(long used, int npages)
{
  demo_check_pages("touch_faults_pages_in", used >= npages, "at least",
                   npages, used);
}

/*
 * The demonstration proper, shared with eager (demo_eagerlazy in
 * demo.c), the files mapped without MAP_POPULATE.  Returns the number of
 * failed checks.
 */
static int
demo(void)
{
  return demo_eagerlazy(MAP_PRIVATE, after_mmap, after_touch);
}

int
main(void)
{
  demo_main("lazy", demo);
}
