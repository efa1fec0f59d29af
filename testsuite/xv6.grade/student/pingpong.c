/*
 * pingpong, a program that is not in xv6-mmap, which uprogs.exp adds
 * with EXTRA_UPROGS: the parent sends a byte to its child through one
 * pipe, the child answers through another, each says what it received.
 */
#include "kernel/types.h"
#include "user/user.h"

int
main(int argc, char *argv[])
{
  int to_child[2], to_parent[2];
  char byte = 'x';

  if (pipe(to_child) < 0 || pipe(to_parent) < 0) {
    fprintf(2, "pingpong: pipe failed\n");
    exit(1);
  }
  if (fork() == 0) {
    if (read(to_child[0], &byte, 1) != 1)
      exit(1);
    printf("%d: received ping\n", getpid());
    write(to_parent[1], &byte, 1);
    exit(0);
  }
  write(to_child[1], &byte, 1);
  if (read(to_parent[0], &byte, 1) != 1)
    exit(1);
  printf("%d: received pong\n", getpid());
  wait(0);
  exit(0);
}
