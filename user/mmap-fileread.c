/*
 * mmap-fileread: reading a file through a read-only private mapping.
 *
 * The program writes a small text file, maps it PROT_READ MAP_PRIVATE
 * and checks that the mapping holds exactly what read() returns, that
 * the rest of the last page reads as zeros, that a mapping at an offset
 * shows that part of the file, and that the mapping keeps working after
 * its file descriptor is closed.
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
#define FILE_NAME  "fileread.txt"
#define FILE_SIZE  10000                 /* two pages and part of a third */
#define LINE_LEN   40                    /* bytes per line, newline included */
#define MAPPED     (((FILE_SIZE + PAGE - 1) / PAGE) * PAGE)

static char filebuf[FILE_SIZE];          /* the file as read() sees it */

/* Byte i of the file: lines of letters, each ending in a newline. */
static char
text_at(int i)
{
  if (i % LINE_LEN == LINE_LEN - 1)
    return '\n';
  return 'a' + (i / LINE_LEN + i % LINE_LEN) % 26;
}

/* The demonstration proper.  Returns the number of failed checks. */
static int
demo(void)
{
  char *p, *part;
  int fd;

  if (demo_make_file("make_file", FILE_NAME, FILE_SIZE, text_at) < 0)
    return demo_failures();
  fd = open(FILE_NAME, O_RDONLY);
  p = mmap(0, FILE_SIZE, PROT_READ, MAP_PRIVATE, fd, 0);
  printf("mmap-fileread: %s (%d bytes) mapped read-only at %p\n",
         FILE_NAME, FILE_SIZE, p);
  if (!demo_check_mapped("mmap_returns_address", p))
    return demo_failures();
  demo_check("close_fd_while_mapped", close(fd), 0);

  fd = open(FILE_NAME, O_RDONLY);
  demo_check("read_whole_file", read(fd, filebuf, FILE_SIZE), FILE_SIZE);
  printf("first line through the mapping: ");
  write(1, p, LINE_LEN);
  demo_check_bytes("mapping_matches_read", "the bytes read() returns",
                   demo_first_difference(p, filebuf, FILE_SIZE));
  demo_check_bytes("last_page_zero_tail", "zeros past end of file",
                   demo_first_nonzero(p, FILE_SIZE, MAPPED));

  part = mmap(0, PAGE, PROT_READ, MAP_PRIVATE, fd, PAGE);
  if (demo_check_mapped("mmap_at_offset", part)) {
    demo_check_bytes("offset_maps_second_page", "the file's second page",
                     demo_first_difference(part, filebuf + PAGE, PAGE));
    demo_check("munmap_offset_mapping", munmap(part, PAGE), 0);
  }
  close(fd);

  demo_check("munmap", munmap(p, FILE_SIZE), 0);
  unlink(FILE_NAME);
  return demo_failures();
}

int
main(void)
{
  demo_main("mmap-fileread", demo);
}
