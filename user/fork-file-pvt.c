/*
 * fork-file-pvt: a private file mapping across fork.
 *
 * (Course handouts call this program mmap-fork-private;
 * xv6 file names hold at most DIRSIZ = 14 characters.)
 *
 * The parent maps a two-page file PROT_READ|PROT_WRITE MAP_PRIVATE,
 * stores into page 0 and forks.  The child inherits the parent's
 * private copy of page 0 and the file's page 1; after that, neither
 * sees the other's stores (copy-on-write), and the file never changes.
 * The two take turns through a pair of pipes:
 *
 *   parent: map, fill page 0 with 'P', fork
 *   child:  sees 'P' and the file; stores 'c' in both pages; passes
 *   parent: still sees 'P' and the file; stores 'p' in both; passes
 *   child:  still sees its 'c'; exits
 *   parent: still sees its 'p'; unmaps; the file is as created
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

#define PAGE       4096
#define FILE_NAME  "forkpriv.txt"
#define FILE_SIZE  (2 * PAGE)

static char filebuf[FILE_SIZE];

/* Byte i of the file as created. */
static char
original(int i)
{
  return 'a' + (i * 11 + i / PAGE) % 26;
}

/* The child's first turn: the parent's 'P' in page 0, the file in page 1. */
static void
child_first(char *p)
{
  demo_check_fill("child_sees_pre_fork_stores", p, PAGE, 'P');
  demo_check_file_bytes("child_sees_file", p + PAGE, PAGE, PAGE, original);
  memset(p, 'c', FILE_SIZE);
}

/* The parent's turn: the child's 'c' is not in its copy. */
static void
parent_turn(char *p)
{
  demo_check_fill("parent_misses_child_stores", p, PAGE, 'P');
  demo_check_file_bytes("parent_page1_still_file", p + PAGE, PAGE, PAGE,
                        original);
  memset(p, 'p', FILE_SIZE);
}

/* The child's last turn: the parent's 'p' is not in its copy. */
static void
child_last(char *p)
{
  demo_check_fill("child_misses_parent_stores", p, FILE_SIZE, 'c');
  demo_check("child_munmap", munmap(p, FILE_SIZE), 0);
}

/* The demonstration proper.  Returns the number of failed checks. */
static int
demo(void)
{
  int fd;
  char *p;

  if (demo_make_file("make_file", FILE_NAME, FILE_SIZE, original) < 0)
    return demo_failures();
  fd = open(FILE_NAME, O_RDWR);
  p = mmap(0, FILE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  close(fd);
  printf("fork-file-pvt: %s mapped private at %p\n", FILE_NAME, p);
  if (!demo_check_mapped("mmap_returns_address", p))
    return demo_failures();
  memset(p, 'P', PAGE);

  if (demo_take_turns(p, child_first, parent_turn, child_last) < 0)
    return demo_failures();
  demo_check_fill("parent_keeps_own_stores", p, FILE_SIZE, 'p');
  demo_check("parent_munmap", munmap(p, FILE_SIZE), 0);

  demo_check("read_file", demo_read_file(FILE_NAME, filebuf, FILE_SIZE),
             FILE_SIZE);
  demo_check_file_bytes("file_unchanged", filebuf, 0, FILE_SIZE, original);
  unlink(FILE_NAME);
  return demo_failures();
}

int
main(void)
{
  demo_main("fork-file-pvt", demo);
}
