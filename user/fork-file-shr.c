/*
 * fork-file-shr: a shared file mapping across fork.
 *
 * (Course handouts call this program mmap-fork-shared;
 * xv6 file names hold at most DIRSIZ = 14 characters.)
 *
 * The parent maps a two-page file PROT_READ|PROT_WRITE MAP_SHARED and
 * forks.  Parent and child map the same pages: a store by either is
 * seen by the other at once, and both sets of stores are in the file
 * once the child has exited and the parent has unmapped.  The two take
 * turns through a pair of pipes:
 *
 *   parent: map, fill page 0 with 'P' (page 1 untouched), fork
 *   child:  sees 'P' and the file's page 1; stores 'c' in page 1; passes
 *   parent: sees 'c'; stores 'p' in page 0; passes
 *   child:  sees 'p'; exits without munmap
 *   parent: unmaps; the file holds 'p' then 'c', and has its old size
 *
 * The demonstration runs in a child of its own; the first process reaps
 * it and checks that free memory is back where it started.  Output: one
 * `test NAME:` line per check, then ALL TESTS PASSED or SOME TESTS FAILED.
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "kernel/stat.h"
#include "user/user.h"
#include "user/mman.h"
#include "user/demo.h"

#define PAGE       4096
#define FILE_NAME  "forkshared.txt"
#define FILE_SIZE  (2 * PAGE)

static char filebuf[FILE_SIZE];

/* Byte i of the file as created. */
static char
original(int i)
{
  return 'a' + (i * 13 + i / PAGE) % 26;
}

/* The child's first turn: the parent's 'P' in page 0, the file in page 1. */
static void
child_first(char *p)
{
  demo_check_fill("child_sees_parent_values", p, PAGE, 'P');
  demo_check_file_bytes("child_sees_file", p + PAGE, PAGE, PAGE, original);
  memset(p + PAGE, 'c', PAGE);
}

/* The parent's turn: the child's 'c' is already there. */
static void
parent_turn(char *p)
{
  demo_check_fill("parent_sees_child_stores", p + PAGE, PAGE, 'c');
  memset(p, 'p', PAGE);
}

/*
 * The child's last turn: it sees the parent's 'p', and leaves its
 * mapping for exit to drop.
 */
static void
child_last(char *p)
{
  demo_check_fill("child_sees_parent_stores", p, PAGE, 'p');
}

/* The demonstration proper.  Returns the number of failed checks. */
static int
demo(void)
{
  struct stat st;
  int fd;
  char *p;

  if (demo_make_file("make_file", FILE_NAME, FILE_SIZE, original) < 0)
    return demo_failures();
  fd = open(FILE_NAME, O_RDWR);
  p = mmap(0, FILE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  close(fd);
  printf("fork-file-shr: %s mapped shared at %p\n", FILE_NAME, p);
  if (!demo_check_mapped("mmap_returns_address", p))
    return demo_failures();
  memset(p, 'P', PAGE);

  if (demo_take_turns(p, child_first, parent_turn, child_last) < 0)
    return demo_failures();
  demo_check_fill("parent_still_sees_child_stores", p + PAGE, PAGE, 'c');
  demo_check("parent_munmap", munmap(p, FILE_SIZE), 0);

  memset(filebuf, 0, FILE_SIZE);
  fd = open(FILE_NAME, O_RDONLY);
  demo_check("read_file", read(fd, filebuf, FILE_SIZE), FILE_SIZE);
  demo_check("fstat", fstat(fd, &st), 0);
  close(fd);
  demo_check_fill("file_has_parent_stores", filebuf, PAGE, 'p');
  demo_check_fill("file_has_child_stores", filebuf + PAGE, PAGE, 'c');
  demo_check("file_size_unchanged", st.size, FILE_SIZE);
  unlink(FILE_NAME);
  return demo_failures();
}

int
main(void)
{
  demo_main("fork-file-shr", demo);
}
