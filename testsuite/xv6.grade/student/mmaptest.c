/*
 * A student's mmaptest, written the way the lab handouts write theirs
 * (one file, its own helpers, no case runner), which grade.exp and
 * uprogs.exp put in place of ours.  One of its two cases holds a wrong
 * belief: that a store through a MAP_PRIVATE mapping reaches the file.
 * So it fails that case against a correct kernel, as a real mmaptest
 * fails a case against a broken one, and a grader must take points away.
 */
#include "kernel/param.h"
#include "kernel/fcntl.h"
#include "kernel/types.h"
#include "kernel/riscv.h"
#include "kernel/fs.h"
#include "user/user.h"

#define MAP_FAILED ((char *) -1)
#define FILE_NAME  "student.map"

static char block[BSIZE];
static int failures;

/* Print the verdict of case name: why it failed, or OK when why is 0. */
static void
verdict(char *name, char *why)
{
  if (why) {
    printf("test %s: FAILED (%s)\n", name, why);
    failures++;
  } else {
    printf("test %s: OK\n", name);
  }
}

/* A file of one page, every byte 'a'; returns 0 on success. */
static int
write_page_file(void)
{
  int fd, i;

  memset(block, 'a', BSIZE);
  fd = open(FILE_NAME, O_CREATE | O_TRUNC | O_RDWR);
  if (fd < 0)
    return -1;
  for (i = 0; i < PGSIZE / BSIZE; i++) {
    if (write(fd, block, BSIZE) != BSIZE) {
      close(fd);
      return -1;
    }
  }
  close(fd);
  return 0;
}

/* The mapping shows the file's bytes. */
static char *
file_content(void)
{
  char *p;
  int fd, i;

  if (write_page_file() < 0 || (fd = open(FILE_NAME, O_RDONLY)) < 0)
    return "cannot make the file";
  p = mmap(0, PGSIZE, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (p == MAP_FAILED)
    return "mmap failed";
  for (i = 0; i < PGSIZE; i++) {
    if (p[i] != 'a')
      return "the mapping differs from the file";
  }
  munmap(p, PGSIZE);
  return 0;
}

/* The wrong belief: a private store shows in the file. */
static char *
private_stays_private(void)
{
  char *p, c;
  int fd;

  if (write_page_file() < 0 || (fd = open(FILE_NAME, O_RDWR)) < 0)
    return "cannot make the file";
  p = mmap(0, PGSIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  if (p == MAP_FAILED) {
    close(fd);
    return "mmap failed";
  }
  p[0] = 'z';
  munmap(p, PGSIZE);
  if (read(fd, &c, 1) != 1)
    c = 0;
  close(fd);
  if (c != 'z')
    return "expected the file to hold the private store, saw it unchanged";
  return 0;
}

int
main(int argc, char *argv[])
{
  verdict("file_content", file_content());
  verdict("private_stays_private", private_stays_private());
  unlink(FILE_NAME);
  printf(failures ? "SOME TESTS FAILED\n" : "ALL TESTS PASSED\n");
  exit(failures ? 1 : 0);
}
