/*
 * growsup: mappings that grow upward through their guard page.
 *
 * The page just above a MAP_GROWSUP mapping is its guard page: touching
 * it makes the mapping one page longer, as long as one free page still
 * separates the mapping from the next one above.  The cases:
 *
 *   anonymous   a one-page mapping grows page by page, by stores and by
 *               a load, keeping what was stored in it (vmainfo shows the
 *               new end each time);
 *   no room     with another mapping one page above the end, touching
 *               the guard page kills the process;
 *   one page    with another mapping two pages above the end, the first
 *               touch grows the mapping and the next one kills;
 *   file        a shared file mapping grows the same way, and the grown
 *               pages that were written extend the file at munmap.
 *
 * Each case runs in a child of its own, so a kill ends only that case;
 * a child that touches where it must not is a grandchild.  The parent
 * checks at the end that free memory is back where it started.  Output:
 * one `test NAME:` line per check, then ALL TESTS PASSED or SOME TESTS
 * FAILED.
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "kernel/stat.h"
#include "kernel/vmainfo.h"
#include "user/user.h"
#include "user/pagein.h"
#include "user/mman.h"
#include "user/demo.h"

#define PAGE       4096
#define RW         (PROT_READ | PROT_WRITE)
#define ANON_GROW  (MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSUP)
#define ANON       (MAP_PRIVATE | MAP_ANONYMOUS)
#define GROWTHS    4                     /* guard-page stores in the anonymous case */
#define MAXINFO    32                    /* mappings vmainfo may report */
#define FILE_NAME  "growfile"

static struct vmainfo info[MAXINFO];
static char filebuf[3 * PAGE];

/* The end of this process's mapping that starts at start, or 0 if none. */
static char*
mapping_end(char *start)
{
  int n, i;

  n = vmainfo(0, info, MAXINFO);
  for (i = 0; i < n; i++)
    if (info[i].start == (uint64)start)
      return (char *)info[i].end;
  return 0;
}

/* A one-page anonymous mapping that grows page by page. */
static int
anonymous_growth(void)
{
  char *g, *end;
  int k, bad;

  g = mmap(0, PAGE, RW, ANON_GROW, -1, 0);
  if (!demo_check_mapped("mmap_growsup", g))
    return demo_failures();
  printf("growsup: anonymous mapping %p..%p, guard page at %p\n", g, g + PAGE, g + PAGE);
  demo_check_addr("starts_one_page_long", mapping_end(g), g + PAGE);
  g[0] = '0';

  g[PAGE] = '1';
  end = mapping_end(g);
  printf("growsup: stored at %p; mapping now %p..%p\n", g + PAGE, g, end);
  demo_check_addr("guard_store_grows_one_page", end, g + 2 * PAGE);
  for (k = 2; k <= GROWTHS; k++)
    g[k * PAGE] = '0' + k;
  end = mapping_end(g);
  printf("growsup: stored %d more pages up; mapping now %p..%p\n", GROWTHS - 1, g, end);
  demo_check_addr("grows_again_and_again", end, g + (GROWTHS + 1) * PAGE);

  bad = -1;
  for (k = 0; k <= GROWTHS && bad < 0; k++)
    if (g[k * PAGE] != '0' + k)
      bad = k;
  demo_check("grown_pages_keep_stores", bad, -1);
  demo_check("guard_load_reads_zero", g[(GROWTHS + 1) * PAGE], 0);
  demo_check_addr("guard_load_grows_one_page", mapping_end(g),
                  g + (GROWTHS + 2) * PAGE);
  demo_check("munmap_grown", munmap(g, (GROWTHS + 2) * PAGE), 0);
  return demo_failures();
}

/* Another mapping one page above the end: the guard page may not grow. */
static int
no_room(void)
{
  char *g, *above;

  g = mmap(0, PAGE, RW, ANON_GROW, -1, 0);
  if (!demo_check_mapped("mmap_growsup_no_room", g))
    return demo_failures();
  above = mmap(g + 2 * PAGE, PAGE, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0);
  demo_check_addr("neighbour_one_page_above", above, g + 2 * PAGE);
  printf("growsup: mapping %p..%p, next mapping at %p; touching %p\n",
         g, g + PAGE, above, g + PAGE);
  demo_check("no_room_kills", demo_access_in_child(g + PAGE, DEMO_STORE),
             -1);
  demo_check_addr("no_room_no_growth", mapping_end(g), g + PAGE);
  munmap(above, PAGE);
  demo_check("munmap_no_room", munmap(g, PAGE), 0);
  return demo_failures();
}

/* Another mapping two pages above the end: room to grow by one page. */
static int
one_page_of_room(void)
{
  char *g, *above;

  g = mmap(0, PAGE, RW, ANON_GROW, -1, 0);
  if (!demo_check_mapped("mmap_growsup_one_page", g))
    return demo_failures();
  above = mmap(g + 3 * PAGE, PAGE, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0);
  demo_check_addr("neighbour_two_pages_above", above, g + 3 * PAGE);
  printf("growsup: mapping %p..%p, next mapping at %p\n", g, g + PAGE, above);
  g[PAGE] = 'g';
  demo_check_addr("grows_while_a_page_remains", mapping_end(g), g + 2 * PAGE);
  demo_check("stops_one_page_below_neighbour",
             demo_access_in_child(g + 2 * PAGE, DEMO_STORE), -1);
  demo_check_addr("stopped_at_two_pages", mapping_end(g), g + 2 * PAGE);
  munmap(above, PAGE);
  demo_check("munmap_one_page", munmap(g, 2 * PAGE), 0);
  return demo_failures();
}

/* A shared file mapping that grows; written grown pages extend the file. */
static int
file_growth(void)
{
  struct stat st;
  char *p;
  int fd;

  memset(filebuf, 'f', PAGE);
  unlink(FILE_NAME);
  fd = open(FILE_NAME, O_CREATE | O_RDWR);
  demo_check("make_file", write(fd, filebuf, PAGE), PAGE);
  p = mmap(0, PAGE, RW, MAP_SHARED | MAP_GROWSUP, fd, 0);
  if (!demo_check_mapped("mmap_file_growsup", p))
    return demo_failures();
  printf("growsup: %s (one page) mapped shared at %p\n", FILE_NAME, p);
  demo_check_fill("file_page_mapped", p, PAGE, 'f');

  memset(p + PAGE, 'g', PAGE);
  demo_check_addr("file_mapping_grows", mapping_end(p), p + 2 * PAGE);
  memset(p + 2 * PAGE, 'h', PAGE);
  demo_check("grown_clean_page_reads_zero", p[3 * PAGE], 0);
  demo_check_addr("file_mapping_grows_again", mapping_end(p), p + 4 * PAGE);
  demo_check("munmap_file_mapping", munmap(p, 4 * PAGE), 0);

  demo_check("fstat", fstat(fd, &st), 0);
  printf("growsup: %s is now %d bytes\n", FILE_NAME, (int)st.size);
  demo_check("written_growth_extends_file", st.size, 3 * PAGE);
  close(fd);
  demo_read_file(FILE_NAME, filebuf, sizeof(filebuf));
  demo_check_fill("file_keeps_first_page", filebuf, PAGE, 'f');
  demo_check_fill("file_has_first_grown_page", filebuf + PAGE, PAGE, 'g');
  demo_check_fill("file_has_second_grown_page", filebuf + 2 * PAGE, PAGE, 'h');
  unlink(FILE_NAME);
  return demo_failures();
}

/* Run case in a child; count its failures, or report it if killed. */
static void
run_case(char *name, int (*fn)(void))
{
  int pid, status;

  pid = fork();
  if (pid < 0) {
    printf("test %s: FAILED (expected a child, saw fork fail)\n", name);
    demo_count_failure();
    return;
  }
  if (pid == 0)
    exit(fn() ? 1 : 0);
  wait(&status);
  if (status < 0)
    printf("test %s: FAILED (expected the case to run to its end, saw it killed)\n",
           name);
  if (status != 0)
    demo_count_failure();
}

int
main(void)
{
  uint64 before;

  before = freemem();
  run_case("anonymous_growth", anonymous_growth);
  run_case("no_room", no_room);
  run_case("one_page_of_room", one_page_of_room);
  run_case("file_growth", file_growth);
  demo_finish(before);
}
