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
#include "user/user.h"
#include "user/mman.h"
#include "user/demo.h"

#define PAGE    4096
#define NPAGES  2
#define LEN     (NPAGES * PAGE)

/* The child's first turn: it starts with the parent's 'P'. */
static void
child_first(char *p)
{
  demo_check_fill("child_sees_parent_values", p, LEN, 'P');
  memset(p, 'c', PAGE);
  demo_check_fill("child_reads_own_stores", p, PAGE, 'c');
}

/* The parent's turn: the child's 'c' is not in its copy. */
static void
parent_turn(char *p)
{
  demo_check_fill("parent_misses_child_stores", p, LEN, 'P');
  memset(p, 'p', LEN);
}

/* The child's last turn: the parent's 'p' is not in its copy. */
static void
child_last(char *p)
{
  demo_check_fill("child_misses_parent_stores", p, PAGE, 'c');
  demo_check_fill("child_keeps_old_values", p + PAGE, PAGE, 'P');
  demo_check("child_munmap", munmap(p, LEN), 0);
}

/* The demonstration proper.  Returns the number of failed checks. */
static int
demo(void)
{
  char *p;

  p = mmap(0, LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  printf("fork-anon-pvt: %d private anonymous pages at %p\n", NPAGES, p);
  if (!demo_check_mapped("mmap_returns_address", p))
    return demo_failures();
  memset(p, 'P', LEN);

  if (demo_take_turns(p, child_first, parent_turn, child_last) < 0)
    return demo_failures();
  demo_check_fill("parent_keeps_own_stores", p, LEN, 'p');
  demo_check("parent_munmap", munmap(p, LEN), 0);
  return demo_failures();
}

int
main(void)
{
  demo_main("fork-anon-pvt", demo);
}
