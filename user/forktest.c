/*
 * forktest: fill the process table with children, then empty it.
 *
 * fork must fail, not hang or panic, once all NPROC slots are taken;
 * wait must hand back each child exactly once, with the status it
 * exited with, and then report that none is left; and once they are
 * reaped the slots must be free again.  Prints "fork test", then
 * "fork test OK" or "fork test FAILED: WHY".
 */
#include "kernel/types.h"
#include "kernel/param.h"
#include "user/user.h"

#define CHILD_STATUS 7   /* what every child exits with */

static int children[NPROC];   /* pids, until reaped: then 0 */

static void fail(const char *why) __attribute__((noreturn));

static void
fail(const char *why)
{
  printf("fork test FAILED: %s\n", why);
  exit(1);
}

/*
 * Fork children that exit at once (they hold their slots as zombies
 * until reaped) until fork fails.  Returns how many were made.
 */
static int
fill_table(void)
{
  int made, pid;

  for (made = 0; made < NPROC; made++) {
    pid = fork();
    if (pid < 0)
      return made;
    if (pid == 0)
      exit(CHILD_STATUS);
    children[made] = pid;
  }
  fail("fork never failed with NPROC children");
}

/* Wait for one child; check that it is one of ours, not seen before. */
static void
reap_one(int made)
{
  int pid, status, i;

  pid = wait(&status);
  if (pid < 0)
    fail("wait stopped early");
  if (status != CHILD_STATUS)
    fail("a child's exit status was lost");
  for (i = 0; i < made; i++) {
    if (children[i] == pid) {
      children[i] = 0;
      return;
    }
  }
  fail("wait returned a pid that is no child, or one twice");
}

/* A fork after the reaping must find a slot. */
static void
check_slots_free(void)
{
  int pid = fork();

  if (pid < 0)
    fail("no free slot after reaping every child");
  if (pid == 0)
    exit(0);
  if (wait(0) != pid)
    fail("wait missed the last child");
}

int
main(void)
{
  int made, i;

  printf("fork test\n");
  made = fill_table();
  if (made == 0)
    fail("no fork succeeded");
  for (i = 0; i < made; i++)
    reap_one(made);
  if (wait(0) != -1)
    fail("wait found a child after the last one");
  check_slots_free();
  printf("fork test OK\n");
  exit(0);
}
