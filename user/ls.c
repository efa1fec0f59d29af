/*
 * ls: for each argument (default "."), list the entries of a
 * directory, or the file itself, one per line:
 *   name type inode size
 * with the name padded to DIRSIZ columns.
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fs.h"
#include "kernel/fcntl.h"
#include "kernel/param.h"
#include "user/user.h"

/* The last component of path. */
static const char *
basename(const char *path)
{
  const char *last = path;
  const char *p;

  for (p = path; *p != '\0'; p++) {
    if (*p == '/' && p[1] != '\0')
      last = p + 1;
  }
  return last;
}

/* Print one line for name (cut at a '/' or DIRSIZ characters). */
static void
show(const char *name, struct stat *st)
{
  char padded[DIRSIZ + 1];
  int n = 0;

  while (n < DIRSIZ && name[n] != '\0' && name[n] != '/') {
    padded[n] = name[n];
    n++;
  }
  while (n < DIRSIZ)
    padded[n++] = ' ';
  padded[n] = '\0';
  printf("%s %d %d %d\n", padded, st->type, st->ino, (int) st->size);
}

/* List the directory open on fd, whose path is dir. */
static void
list_dir(int fd, const char *dir)
{
  char path[MAXPATH];
  struct dirent de;
  struct stat st;
  uint dirlen = strlen(dir);

  if (dirlen + 1 + DIRSIZ + 1 > sizeof(path)) {
    fprintf(2, "ls: path too long\n");
    return;
  }
  strcpy(path, dir);
  path[dirlen] = '/';
  while (read(fd, &de, sizeof(de)) == sizeof(de)) {
    if (de.inum == 0)
      continue;
    memmove(path + dirlen + 1, de.name, DIRSIZ);
    path[dirlen + 1 + DIRSIZ] = '\0';
    if (stat(path, &st) < 0) {
      fprintf(2, "ls: cannot stat %s\n", path);
      continue;
    }
    show(path + dirlen + 1, &st);
  }
}

/* List path: a directory's entries, or the file itself. */
static void
ls(const char *path)
{
  struct stat st;
  int fd;

  fd = open(path, O_RDONLY);
  if (fd < 0) {
    fprintf(2, "ls: cannot open %s\n", path);
    return;
  }
  if (fstat(fd, &st) < 0) {
    fprintf(2, "ls: cannot stat %s\n", path);
  } else if (st.type == T_DIR) {
    list_dir(fd, path);
  } else {
    show(basename(path), &st);
  }
  close(fd);
}

int
main(int argc, char *argv[])
{
  int i;

  if (argc < 2)
    ls(".");
  for (i = 1; i < argc; i++)
    ls(argv[i]);
  exit(0);
}
