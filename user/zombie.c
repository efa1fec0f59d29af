/*
 * zombie: fork a child that exits at once, and exit without waiting
 * for it after a pause, so the child stays a zombie for that time
 * (and is then handed to init).
 */
#include "kernel/types.h"
#include "user/user.h"

#define PAUSE_TICKS 5

int
main(void)
{
  int pid = fork();

  if (pid < 0) {
    fprintf(2, "zombie: fork failed\n");
    exit(1);
  }
  if (pid == 0)
    exit(0);
  sleep(PAUSE_TICKS);
  exit(0);
}
