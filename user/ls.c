/*
 * ls [path ...]: for each path (default "."), one line per entry of a
 * directory, or one for the file itself:
 *   name type inode size
 * with the name padded to DIRSIZ columns.  A path that cannot be
 * listed gets a complaint (cmd.h); ls goes on with the others and then
 * exits 1.
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fs.h"
#include "kernel/fcntl.h"
#include "kernel/param.h"
#include "user/user.h"
#include "user/cmd.h"

/* Print the line for a file called name (cut at a '/' or DIRSIZ
   characters). */
static void
print_entry(const char *name, struct stat *st)
{
  char column[DIRSIZ + 1];
  int len = 0;

  while (len < DIRSIZ && name[len] != '\0' && name[len] != '/')
    len++;
  memset(column, ' ', DIRSIZ);
  memmove(column, name, len);
  column[DIRSIZ] = '\0';
  printf("%s %d %d %d\n", column, st->type, st->ino, (int) st->size);
}

/* The part of path after its last '/' that is not at the end. */
static const char *
last_element(const char *path)
{
  const char *p, *after = path;

  for (p = path; *p != '\0'; p++)
    if (*p == '/' && p[1] != '\0')
      after = p + 1;
  return after;
}

/*
 * The next entry in use of the directory open on fd, into *de with its
 * name NUL-terminated in name.  Returns 0 at the end of the directory.
 */
static int
next_entry(int fd, struct dirent *de, char name[DIRSIZ + 1])
{
  do {
    if (read(fd, de, sizeof(*de)) != sizeof(*de))
      return 0;
  } while (de->inum == 0);
  memmove(name, de->name, DIRSIZ);
  name[DIRSIZ] = '\0';
  return 1;
}

/* List the entries of the directory open on fd, whose path is dir. */
static void
list_dir(int fd, const char *dir)
{
  char path[MAXPATH], name[DIRSIZ + 1];
  struct dirent de;
  struct stat st;
  int dirlen = strlen(dir);

  if (dirlen + 1 + DIRSIZ + 1 > sizeof(path)) {
    cmd_warn(dir, "path too long");
    return;
  }
  while (next_entry(fd, &de, name)) {
    /* stat by path, not by de.inum: a file's type and size live in its
       inode, which only a path reaches from user space. */
    strcpy(path, dir);
    path[dirlen] = '/';
    strcpy(path + dirlen + 1, name);
    if (stat(path, &st) < 0)
      cmd_warn(path, "cannot stat");
    else
      print_entry(name, &st);
  }
}

/* List path: a directory's entries, or the file itself. */
static void
ls(const char *path)
{
  struct stat st;
  int fd;

  if ((fd = cmd_open(path)) < 0)
    return;
  if (fstat(fd, &st) < 0)
    cmd_warn(path, "cannot stat");
  else if (st.type == T_DIR)
    list_dir(fd, path);
  else
    print_entry(last_element(path), &st);
  close(fd);
}

int
main(int argc, char *argv[])
{
  int i;

  cmd_start("ls", argc, 0, CMD_MANY, "[path ...]");
  if (argc == 1)
    ls(".");
  for (i = 1; i < argc; i++)
    ls(argv[i]);
  cmd_exit();
}
