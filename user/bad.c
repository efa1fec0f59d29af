/*
 * bad: accesses that no mapping allows kill the process.
 *
 * The program maps README read-only and reads it through the mapping,
 * which is fine.  Then, each in a child of its own, it makes the
 * accesses that are not: a load from the page just past the mapping, a
 * store into the read-only mapping, and a load from a page that lies
 * inside a larger mapping of README but wholly past its end of file
 * (SIGBUS on Linux).  The kernel prints one "killed" line for each and
 * the child's exit status is -1; the parent's mapping is unharmed.
 *
 * The demonstration runs in a child; the first process reaps it and
 * checks that free memory is back where it started.  Output: one
 * `test NAME:` line per check, then ALL TESTS PASSED or SOME TESTS FAILED.
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "kernel/stat.h"
#include "user/user.h"
#include "user/mman.h"
#include "user/demo.h"

#define PAGE         4096
#define README       "README"
#define PAGES(n)     (((n) + PAGE - 1) / PAGE)
#define EXTRA_PAGES  2               /* the larger mapping's pages past EOF */

static char filebuf[PAGE];            /* README's first page, from read() */

/* The demonstration proper.  Returns the number of failed checks. */
static int
demo(void)
{
  int fd, n, len;
  struct stat st;
  char *p, *big;

  fd = open(README, O_RDONLY);
  if (fd < 0 || fstat(fd, &st) < 0) {
    printf("test open_readme: FAILED (expected README open, saw open fail)\n");
    return 1;
  }
  n = read(fd, filebuf, PAGE);
  len = PAGES(st.size) * PAGE;

  p = mmap(0, st.size, PROT_READ, MAP_PRIVATE, fd, 0);
  printf("bad: README (%d bytes) mapped read-only at %p..%p\n",
         (int)st.size, p, p + len);
  if (!demo_check_mapped("mmap_readme", p))
    return demo_failures();

  demo_check("read_inside_mapping", memcmp(p, filebuf, n), 0);
  printf("bad: touching %p, the page past the mapping\n", p + len);
  demo_check("access_past_mapping_kills",
             demo_access_in_child(p + len, DEMO_LOAD), -1);
  printf("bad: storing into the read-only mapping at %p\n", p);
  demo_check("store_to_readonly_kills",
             demo_access_in_child(p, DEMO_STORE), -1);

  big = mmap(0, len + EXTRA_PAGES * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
  if (demo_check_mapped("mmap_past_end_of_file", big)) {
    demo_check("partial_last_page_zero_tail",
               demo_first_nonzero(big, st.size, len), DEMO_SAME);
    printf("bad: touching %p, a page of the mapping past end of file\n", big + len);
    demo_check("beyond_end_of_file_kills",
               demo_access_in_child(big + len, DEMO_LOAD), -1);
    demo_check("munmap_past_end_of_file",
               munmap(big, len + EXTRA_PAGES * PAGE), 0);
  }

  demo_check("mapping_unharmed", memcmp(p, filebuf, n), 0);
  demo_check("munmap_readme", munmap(p, st.size), 0);
  close(fd);
  return demo_failures();
}

int
main(void)
{
  demo_main("bad", demo);
}
