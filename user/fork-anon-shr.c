/*
 * fork-anon-shr: shared anonymous memory across fork.
 *
 * (Course handouts call this program mmap-fork-anon-shared;
 * xv6 file names hold at most DIRSIZ = 14 characters.)
 *
 * A MAP_SHARED|MAP_ANONYMOUS mapping is the same memory in parent and
 * child after fork: a store by either is seen by the other at once,
 * with no system call in between but the pipe that says "done".  The
 * two take turns through a pair of pipes:
 *
 *   parent: fill pages 0 and 1 with 'P' (page 2 stays untouched), fork
 *   child:  sees 'P'; stores 'c' in page 0 and 'n' in page 2, which it
 *           is the first to touch; passes the turn
 *   parent: sees 'c' and 'n'; stores 'p' in page 1; passes the turn
 *   child:  sees 'p'; unmaps its copy and exits
 *   parent: still sees all three pages after the child's munmap and exit
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
#define NPAGES  3
#define LEN     (NPAGES * PAGE)

/* The child's first turn: it sees 'P', and is first to touch page 2. */
static void
child_first(char *p)
{
  demo_check_fill("child_sees_parent_values", p, 2 * PAGE, 'P');
  memset(p, 'c', PAGE);
  memset(p + 2 * PAGE, 'n', PAGE);
}

/* The parent's turn: the child's stores are already there. */
static void
parent_turn(char *p)
{
  demo_check_fill("parent_sees_child_stores", p, PAGE, 'c');
  demo_check_fill("parent_sees_child_first_touch", p + 2 * PAGE, PAGE, 'n');
  memset(p + PAGE, 'p', PAGE);
}

/* The child's last turn: it sees the parent's 'p', then unmaps. */
static void
child_last(char *p)
{
  demo_check_fill("child_sees_parent_stores", p + PAGE, PAGE, 'p');
  demo_check("child_munmap", munmap(p, LEN), 0);
}

/* The demonstration proper.  Returns the number of failed checks. */
static int
demo(void)
{
  char *p;

  p = mmap(0, LEN, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  printf("fork-anon-shr: %d shared anonymous pages at %p\n", NPAGES, p);
  if (!demo_check_mapped("mmap_returns_address", p))
    return demo_failures();
  memset(p, 'P', 2 * PAGE);

  if (demo_take_turns(p, child_first, parent_turn, child_last) < 0)
    return demo_failures();
  demo_check_fill("page0_kept_after_child_exit", p, PAGE, 'c');
  demo_check_fill("page1_kept_after_child_exit", p + PAGE, PAGE, 'p');
  demo_check_fill("page2_kept_after_child_exit", p + 2 * PAGE, PAGE, 'n');
  demo_check("parent_munmap", munmap(p, LEN), 0);
  return demo_failures();
}

int
main(void)
{
  demo_main("fork-anon-shr", demo);
}
