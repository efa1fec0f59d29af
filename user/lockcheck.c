/*
 * lockcheck: show that the kernel's lock rule is checked.  The kernel
 * may never take a page fault while it holds a lock (kernel/lockorder.h);
 * the lockcheck() system call takes a lock and then a fault on purpose,
 * so a working check panics the kernel, naming the rule.  This program
 * prints a line and exits only if the check did not fire.
 *
 *   lockcheck        under a spin lock
 *   lockcheck sleep  under a sleep lock
 */
#include "kernel/types.h"
#include "user/user.h"

int
main(int argc, char *argv[])
{
  int sleeplock = argc > 1 && strcmp(argv[1], "sleep") == 0;

  printf("lockcheck: a page fault under a %s lock\n", sleeplock ? "sleep" : "spin");
  lockcheck(sleeplock);
  printf("lockcheck: the kernel let the fault through\n");
  exit(1);
}
