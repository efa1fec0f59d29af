/*
 * mmap-shared: a writable shared mapping of a file.
 *
 * The program maps a file PROT_READ|PROT_WRITE MAP_SHARED through an
 * O_RDWR descriptor and turns its text to upper case through the
 * mapping, in two steps: msync pushes the first page's change into the
 * file while the mapping stays, munmap pushes the rest.  Bytes stored
 * past end of file in the last page never make the file longer.
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
#define FILE_NAME  "shared.txt"
#define FILE_SIZE  9000                  /* two pages and part of a third */
#define MAPPED     (((FILE_SIZE + PAGE - 1) / PAGE) * PAGE)
#define LINE_LEN   60
#define RW         (PROT_READ | PROT_WRITE)
#define AS_CREATED 0                     /* upper-case bytes in the original */

static char filebuf[FILE_SIZE];          /* what read() returns */

/* Byte i of the file as created: lower-case lines. */
static char
original(int i)
{
  return demo_text(i, LINE_LEN, 5);
}

/* The size of the test file, or -1. */
static long
file_size(void)
{
  struct stat st;

  if (stat(FILE_NAME, &st) < 0)
    return -1;
  return st.size;
}

/* The demonstration proper.  Returns the number of failed checks. */
static int
demo(void)
{
  char *p;
  int fd, i;

  if (demo_make_file("make_file", FILE_NAME, FILE_SIZE, original) < 0)
    return demo_failures();
  fd = open(FILE_NAME, O_RDWR);
  p = mmap(0, FILE_SIZE, RW, MAP_SHARED, fd, 0);
  printf("mmap-shared: %s mapped read/write, shared, at %p\n", FILE_NAME, p);
  demo_check_mapped("mmap_returns_address", p);
  close(fd);
  if (p == MAP_FAILED)
    return demo_failures();
  demo_check_bytes("mapping_shows_file", "the file's bytes",
                   demo_text_differs(p, FILE_SIZE, AS_CREATED, original));

  /* Step one: the first page, pushed to the file by msync. */
  for (i = 0; i < PAGE; i++)
    p[i] = demo_upper(p[i]);
  demo_check("msync", msync(p, MAPPED, MS_SYNC), 0);
  demo_check_bytes("msync_reaches_file", "the first page in upper case",
                   demo_file_differs(FILE_NAME, filebuf, FILE_SIZE, PAGE,
                                     original));
  printf("first line of the file after msync: ");
  write(1, filebuf, LINE_LEN);

  /* Step two: the rest, plus bytes past end of file, pushed by munmap. */
  for (i = PAGE; i < FILE_SIZE; i++)
    p[i] = demo_upper(p[i]);
  for (i = FILE_SIZE; i < MAPPED; i++)
    p[i] = '!';
  demo_check("munmap", munmap(p, FILE_SIZE), 0);
  demo_check_bytes("munmap_reaches_file", "the whole file in upper case",
                   demo_file_differs(FILE_NAME, filebuf, FILE_SIZE, FILE_SIZE,
                                     original));
  printf("last line of the file after munmap: ");
  write(1, filebuf + FILE_SIZE - FILE_SIZE % LINE_LEN - LINE_LEN, LINE_LEN);
  demo_check("file_size_unchanged", file_size(), FILE_SIZE);

  unlink(FILE_NAME);
  return demo_failures();
}

int
main(void)
{
  demo_main("mmap-shared", demo);
}
