/*
 * mmap-private: a writable private mapping of a file.
 *
 * The program maps a file PROT_READ|PROT_WRITE MAP_PRIVATE, turns its
 * text to upper case through the mapping and reads the change back
 * through the mapping; the file itself must not change, neither while
 * the mapping exists nor after munmap.  A private writable mapping of a
 * read-only file descriptor is allowed too.
 *
 * The demonstration runs in a child; the parent reaps it and checks that
 * free memory is back where it started.  Output: one `test NAME:` line
 * per check, then ALL TESTS PASSED or SOME TESTS FAILED.
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "kernel/stat.h"
#include "user/user.h"
#include "user/mman.h"
#include "user/demo.h"

#define PAGE       4096
#define FILE_NAME  "private.txt"
#define FILE_SIZE  6000                  /* one page and part of a second */
#define LINE_LEN   50
#define RW         (PROT_READ | PROT_WRITE)
#define AS_CREATED 0                     /* upper-case bytes in the original */

static char filebuf[FILE_SIZE];          /* what read() returns */

/* Byte i of the file as created: lower-case lines. */
static char
original(int i)
{
  return demo_text(i, LINE_LEN, 3);
}

/* The first byte of the file that is not as created, or DEMO_SAME. */
static int
file_changes(void)
{
  return demo_file_differs(FILE_NAME, filebuf, FILE_SIZE, AS_CREATED, original);
}

/* The demonstration proper.  Returns the number of failed checks. */
static int
demo(void)
{
  struct stat st;
  char *p;
  int fd, i;

  if (demo_make_file("make_file", FILE_NAME, FILE_SIZE, original) < 0)
    return demo_failures();
  fd = open(FILE_NAME, O_RDWR);
  p = mmap(0, FILE_SIZE, RW, MAP_PRIVATE, fd, 0);
  printf("mmap-private: %s mapped read/write, private, at %p\n", FILE_NAME, p);
  if (!demo_check_mapped("mmap_returns_address", p))
    return demo_failures();
  demo_check_bytes("mapping_shows_file", "the file's bytes",
                   demo_text_differs(p, FILE_SIZE, AS_CREATED, original));

  for (i = 0; i < FILE_SIZE; i++)
    p[i] = demo_upper(p[i]);
  printf("first line through the mapping now: ");
  write(1, p, LINE_LEN);
  demo_check_bytes("stores_visible_in_mapping", "upper-case text",
                   demo_text_differs(p, FILE_SIZE, FILE_SIZE, original));
  demo_check_bytes("file_unchanged_while_mapped", "the original text",
                   file_changes());

  demo_check("munmap", munmap(p, FILE_SIZE), 0);
  demo_check_bytes("file_unchanged_after_munmap", "the original text",
                   file_changes());
  printf("first line of the file: ");
  write(1, filebuf, LINE_LEN);
  demo_check("fstat", fstat(fd, &st), 0);
  demo_check("file_size_unchanged", st.size, FILE_SIZE);
  close(fd);

  /* PROT_WRITE with MAP_PRIVATE needs no write permission on the fd. */
  fd = open(FILE_NAME, O_RDONLY);
  p = mmap(0, FILE_SIZE, RW, MAP_PRIVATE, fd, 0);
  close(fd);
  if (demo_check_mapped("private_write_on_rdonly_fd", p)) {
    for (i = 0; i < FILE_SIZE; i++)
      p[i] = demo_upper(p[i]);
    demo_check_bytes("rdonly_fd_stores_visible", "upper-case text",
                     demo_text_differs(p, FILE_SIZE, FILE_SIZE, original));
    demo_check("munmap_rdonly_fd_mapping", munmap(p, FILE_SIZE), 0);
    demo_check_bytes("file_still_unchanged", "the original text",
                     file_changes());
  }

  unlink(FILE_NAME);
  return demo_failures();
}

int
main(void)
{
  demo_main("mmap-private", demo);
}
