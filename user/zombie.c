/*
 * zombie: fork a child that exits at once, and exit without waiting
 * for it after a pause, so the child stays a zombie for that time
 * (and is then handed to init).
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/cmd.h"

#define PAUSE_TICKS 5

int
main(int argc, char *argv[])
{
  int pid;

  cmd_start("zombie", argc, 0, 0, "");
  pid = fork();
  if (pid < 0)
    cmd_fail(0, "fork failed");
  if (pid == 0)
    exit(0);
  sleep(PAUSE_TICKS);
  exit(0);
}
