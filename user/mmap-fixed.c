/*
 * mmap-fixed: putting a mapping at an address of the program's choice.
 *
 * The program asks the kernel for a free place (an ordinary mmap that it
 * unmaps again), then maps there with MAP_FIXED and checks that exactly
 * that address comes back.  A second MAP_FIXED over part of the mapping
 * replaces that part with fresh memory, and a file mapped with MAP_FIXED
 * replaces another part with the file's contents; MAP_FIXED_NOREPLACE
 * refuses a range that is in use but takes a free one.
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

#define PAGE       4096
#define NPAGES     3                     /* pages in the fixed mapping */
#define FILE_NAME  "fixed.txt"
#define RW         (PROT_READ | PROT_WRITE)
#define ANON       (MAP_PRIVATE | MAP_ANONYMOUS)

static char filepage[PAGE];              /* the file's contents */

/* Fill page p with byte c. */
static void
fill(char *p, char c)
{
  memset(p, c, PAGE);
}

/* Is every byte of page p equal to c?  Returns 1 or 0. */
static int
filled_with(char *p, char c)
{
  int i;

  for (i = 0; i < PAGE; i++)
    if (p[i] != c)
      return 0;
  return 1;
}

/* Write one page of text to the test file; returns an fd reading it, or -1. */
static int
make_file(void)
{
  int fd, i;

  for (i = 0; i < PAGE; i++)
    filepage[i] = 'A' + i % 26;
  unlink(FILE_NAME);
  fd = open(FILE_NAME, O_CREATE | O_RDWR);
  if (fd < 0)
    return -1;
  if (write(fd, filepage, PAGE) != PAGE) {
    close(fd);
    return -1;
  }
  close(fd);
  return open(FILE_NAME, O_RDONLY);
}

/* The demonstration proper.  Returns the number of failed checks. */
static int
demo(void)
{
  char *hint, *p, *q, *below;
  int fd;

  /* Let the kernel find a free range, then give it back. */
  hint = mmap(0, NPAGES * PAGE, RW, ANON, -1, 0);
  if (!demo_check_mapped("first_mmap", hint))
    return demo_failures();
  munmap(hint, NPAGES * PAGE);
  printf("mmap-fixed: mapping %d pages at %p with MAP_FIXED\n", NPAGES, hint);

  p = mmap(hint, NPAGES * PAGE, RW, ANON | MAP_FIXED, -1, 0);
  demo_check_addr("fixed_returns_that_address", p, hint);
  if (p != hint)
    return demo_failures();
  fill(p, 'a');
  fill(p + PAGE, 'b');
  fill(p + 2 * PAGE, 'c');
  demo_check("fixed_mapping_usable", filled_with(p + PAGE, 'b'), 1);

  /* MAP_FIXED over the first page: fresh zeros there, the rest kept. */
  q = mmap(p, PAGE, RW, ANON | MAP_FIXED, -1, 0);
  demo_check_addr("fixed_over_mapping", q, p);
  demo_check("replaced_page_is_fresh", filled_with(p, 0), 1);
  demo_check("other_pages_kept",
             filled_with(p + PAGE, 'b') && filled_with(p + 2 * PAGE, 'c'), 1);

  /* A file mapped with MAP_FIXED over the last page. */
  fd = make_file();
  demo_check("make_file", fd >= 0, 1);
  if (fd >= 0) {
    q = mmap(p + 2 * PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0);
    demo_check_addr("fixed_file_over_anonymous", q, p + 2 * PAGE);
    if (q == p + 2 * PAGE)
      demo_check("replaced_by_file_contents", memcmp(q, filepage, PAGE), 0);
    close(fd);
  }

  /* MAP_FIXED_NOREPLACE: no on a used range, yes on a free one. */
  q = mmap(p, PAGE, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0);
  demo_check_addr("noreplace_on_used_range_fails", q, MAP_FAILED);
  demo_check("noreplace_left_mapping_alone", filled_with(p + PAGE, 'b'), 1);
  below = p - 2 * PAGE;
  q = mmap(below, 2 * PAGE, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0);
  demo_check_addr("noreplace_on_free_range", q, below);
  if (q == below) {
    fill(below + PAGE, 'd');
    demo_check("noreplace_mapping_usable", filled_with(below + PAGE, 'd'), 1);
    demo_check("munmap_noreplace_mapping", munmap(below, 2 * PAGE), 0);
  }

  demo_check_addr("fixed_unaligned_fails",
                  mmap(p + 1, PAGE, RW, ANON | MAP_FIXED, -1, 0), MAP_FAILED);
  demo_check("munmap", munmap(p, NPAGES * PAGE), 0);
  unlink(FILE_NAME);
  return demo_failures();
}

int
main(void)
{
  demo_main("mmap-fixed", demo);
}
