/*
 * stressfs: several processes at once each write a file of their own,
 * read it back and check it, then remove it.  Progress goes to the
 * console as it happens.
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"

#define WORKERS  4
#define BLOCKS   20     /* writes of CHUNK bytes per file */
#define CHUNK    512

static char data[CHUNK];

/* One worker: fill, verify and remove the file stressfs.<id>.  Exits. */
static void
worker(int id)
{
  char name[] = "stressfs.?";
  int fd, i, j;

  name[sizeof(name) - 2] = '0' + id;
  memset(data, 'a' + id, sizeof(data));

  printf("stressfs: worker %d writing %s\n", id, name);
  fd = open(name, O_CREATE | O_RDWR | O_TRUNC);
  if (fd < 0) {
    printf("stressfs: worker %d cannot create %s\n", id, name);
    exit(1);
  }
  for (i = 0; i < BLOCKS; i++) {
    if (write(fd, data, CHUNK) != CHUNK) {
      printf("stressfs: worker %d write failed\n", id);
      exit(1);
    }
  }
  close(fd);

  printf("stressfs: worker %d reading %s\n", id, name);
  fd = open(name, O_RDONLY);
  if (fd < 0) {
    printf("stressfs: worker %d cannot reopen %s\n", id, name);
    exit(1);
  }
  for (i = 0; i < BLOCKS; i++) {
    memset(data, 0, sizeof(data));
    if (read(fd, data, CHUNK) != CHUNK) {
      printf("stressfs: worker %d short read\n", id);
      exit(1);
    }
    for (j = 0; j < CHUNK; j++) {
      if (data[j] != 'a' + id) {
        printf("stressfs: worker %d read wrong data\n", id);
        exit(1);
      }
    }
  }
  close(fd);
  if (unlink(name) < 0) {
    printf("stressfs: worker %d cannot remove %s\n", id, name);
    exit(1);
  }
  printf("stressfs: worker %d done\n", id);
  exit(0);
}

int
main(void)
{
  int id, status, failures = 0;

  printf("stressfs starting\n");
  for (id = 0; id < WORKERS; id++) {
    int pid = fork();
    if (pid < 0) {
      printf("stressfs: fork failed\n");
      failures++;
      break;
    }
    if (pid == 0)
      worker(id);
  }
  while (wait(&status) >= 0) {
    if (status != 0)
      failures++;
  }
  if (failures) {
    printf("stressfs: FAILED\n");
    exit(1);
  }
  printf("stressfs: all workers done\n");
  exit(0);
}
