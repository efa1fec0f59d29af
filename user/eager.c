/*
 * eager: mapping files with MAP_POPULATE, which reads every page in
 * before mmap returns.
 *
 * The program maps README and a 71680-byte file of its own (bigfile71680,
 * numbered text lines) read-only and private with MAP_POPULATE, and
 * prints the free memory before and after mapping and after touching.
 * Every mapped page is already allocated when mmap returns, so free
 * memory drops by at least the mapped pages at once, and touching the
 * pages costs nothing more.  Compare with `lazy`, which maps the same
 * files without MAP_POPULATE: the testsuite compares the two programs'
 * "free pages after mmap" lines.
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

/* Right after mmap: every mapped page is already allocated. */
static void
after_mmap(long used, int npages)
{
  demo_check_pages("populate_allocates_every_page", used >= npages,
                   "at least", npages, used);
}

/* After reading every mapped byte: no page more. */
static void
after_touch(long used, int npages)
{
  demo_check_pages("touch_allocates_nothing", used == 0, "exactly", 0, used);
}

/*
 * The demonstration proper, shared with lazy (demo_eagerlazy in
 * demo.c), the files mapped with MAP_POPULATE.  Returns the number of
 * failed checks.
 */
static int
demo(void)
{
  return demo_eagerlazy(MAP_PRIVATE | MAP_POPULATE, after_mmap, after_touch);
}

int
main(void)
{
  demo_main("eager", demo);
}
