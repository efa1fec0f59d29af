/*
 * forktest: fork until the process table is full, check that the
 * count makes sense, then wait for every child and check that wait
 * reports no more.  Uses write() only, so it stays tiny.
 */
#include "kernel/types.h"
#include "kernel/param.h"
#include "user/user.h"

static void
say(const char *s)
{
  write(1, s, strlen(s));
}

static void
fail(const char *why)
{
  say("fork test FAILED: ");
  say(why);
  say("\n");
  exit(1);
}

int
main(void)
{
  int made, pid;

  say("fork test\n");

  /* Children just exit; the table fills with them (running or zombie). */
  for (made = 0; made < NPROC; made++) {
    pid = fork();
    if (pid < 0)
      break;
    if (pid == 0)
      exit(0);
  }
  if (made == NPROC)
    fail("fork never failed with NPROC children");
  if (made == 0)
    fail("no fork succeeded");

  for (; made > 0; made--) {
    if (wait(0) < 0)
      fail("wait stopped early");
  }
  if (wait(0) != -1)
    fail("wait found an extra child");

  say("fork test OK\n");
  exit(0);
}
