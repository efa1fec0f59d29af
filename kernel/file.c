/*
 * Open files: the system-wide table of struct file, shared by
 * descriptors (and mappings) through a reference count, and what each
 * kind of file does when it is read, written, examined or closed.
 *
 * Each kind has a row of operations in kinds[], picked by f->type;
 * the functions everyone calls (fileread, filewrite, filestat,
 * fileclose) check what is common and hand over to the row.  A new
 * kind of file is a new row.
 */
#include "types.h"
#include "riscv.h"
#include "defs.h"
#include "param.h"
#include "fs.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "pagetree.h"
#include "file.h"
#include "stat.h"
#include "fcntl.h"
#include "vma.h"
#include "proc.h"

struct devsw devsw[NDEV];

static struct {
  struct spinlock lock;   /* protects every ref, and a free slot's claiming */
  struct file slot[NFILE];
} ftable;

/* ------------------------------------------------------- kinds of file */

/*
 * What a kind of file does.  read and write move up to n bytes between
 * the file and user address addr and return the bytes moved, or -1; a
 * kind without one cannot be read (or written).  stat fills in *st, or
 * is 0 for a kind with no inode.  release lets go of what the file
 * refers to, at its last reference.
 */
struct file_ops {
  int (*read)(struct file *f, uint64 addr, int n);
  int (*write)(struct file *f, uint64 addr, int n);
  void (*stat)(struct file *f, struct stat *st);
  void (*release)(struct file *f);
};

static int
pipe_read(struct file *f, uint64 addr, int n)
{
  return piperead(f->pipe, addr, n);
}

static int
pipe_write(struct file *f, uint64 addr, int n)
{
  return pipewrite(f->pipe, addr, n);
}

static void
pipe_release(struct file *f)
{
  pipeclose(f->pipe, f->writable);
  f->pipe = 0;
}

/*
 * Move n bytes between the device behind f and user address addr, in
 * the direction writing says.  Returns what the driver returns, or -1
 * if f's major number names no driver for the direction.
 */
static int
device_io(struct file *f, uint64 addr, int n, int writing)
{
  struct devsw *d;
  int (*io)(int user_buf, uint64 buf, int n);

  if (f->major < 0 || f->major >= NDEV)
    return -1;
  d = &devsw[f->major];
  io = writing ? d->write : d->read;
  return io ? io(1, addr, n) : -1;
}

static int
device_read(struct file *f, uint64 addr, int n)
{
  return device_io(f, addr, n, 0);
}

static int
device_write(struct file *f, uint64 addr, int n)
{
  return device_io(f, addr, n, 1);
}

/*
 * Read up to n bytes from inode file f into user address addr, at f's
 * offset, advancing it.  readi copies under the inode lock, where no
 * page fault may be taken (lockorder.h: the fault could need this very
 * inode, or another process's, whose holder waits for us); so the copy
 * stops at a user page that is not there yet, and the page is faulted
 * in here, with the lock dropped, before the read goes on.
 * Returns the bytes read, or -1.
 */
static int
inode_read(struct file *f, uint64 addr, int n)
{
  int done = 0, r;

  myproc()->deferred_access = 0;
  do {
    ilock(f->ip);
    r = readi(f->ip, 1, addr + done, f->off, n - done);
    if (r > 0) {
      f->off += r;
      done += r;
    }
    iunlock(f->ip);
  } while (done < n && r != 0 && vm_fault_deferred(myproc()));
  return done > 0 ? done : r;
}

/*
 * One transaction: write up to n bytes (at most log_write_max()) from
 * user address addr at f's offset, and advance the offset past what
 * was written.  The copy from user memory stops at a page that is not
 * there yet, as in inode_read.  Returns the bytes written, or -1.
 */
static int
write_one_op(struct file *f, uint64 addr, int n)
{
  int blocks = log_write_blocks(n), r;

  begin_op_blocks(blocks);
  ilock(f->ip);
  r = writei(f->ip, 1, addr, f->off, n);
  if (r > 0)
    f->off += r;
  iunlock(f->ip);
  end_op_blocks(blocks);
  return r;
}

/*
 * Write n bytes to an inode file, split into transactions small enough
 * for the log; a piece cut short by a user page that needed a fault
 * goes on once the page is faulted in (with no lock held).  Returns n,
 * or -1 if any piece fell short (the pieces before it stay written).
 */
static int
inode_write(struct file *f, uint64 addr, int n)
{
  int done, piece, r;

  myproc()->deferred_access = 0;
  for (done = 0; done < n; done += r) {
    piece = n - done;
    if (piece > log_write_max())
      piece = log_write_max();
    r = write_one_op(f, addr + done, piece);
    if (r < piece && !vm_fault_deferred(myproc()))
      return -1;
    if (r < 0)
      r = 0;
  }
  return n;
}

static void
inode_stat(struct file *f, struct stat *st)
{
  ilock(f->ip);
  stati(f->ip, st);
  iunlock(f->ip);
}

/* iput may free the file, which writes the disk: a transaction. */
static void
inode_release(struct file *f)
{
  begin_op();
  iput(f->ip);
  end_op();
  f->ip = 0;
}

static const struct file_ops kinds[] = {
  [FD_NONE]   = { 0,           0,            0,          0 },
  [FD_PIPE]   = { pipe_read,   pipe_write,   0,          pipe_release },
  [FD_INODE]  = { inode_read,  inode_write,  inode_stat, inode_release },
  [FD_DEVICE] = { device_read, device_write, inode_stat, inode_release },
};

/* ------------------------------------------------------ the file table */

void
fileinit(void)
{
  initlock(&ftable.lock, "ftable");
}

/* Claim a free struct file with one reference.  Returns 0 if none. */
struct file*
filealloc(void)
{
  struct file *f;

  acquire(&ftable.lock);
  for (f = ftable.slot; f < &ftable.slot[NFILE] && f->ref != 0; f++)
    ;
  if (f < &ftable.slot[NFILE]) {
    f->ref = 1;
    f->program = 0;
  } else {
    f = 0;
  }
  release(&ftable.lock);
  return f;
}

/*
 * A running program's file is never written.  exec maps a program's
 * text and data from its file's pages as they are first touched, so a
 * write or a truncation would change, or take away, code the program
 * has yet to run.  So, as on Linux (where open fails with ETXTBSY), a
 * regular file is not opened for writing while a process runs it, and
 * not run while it is open for writing (a writable shared mapping keeps
 * its file open).  Both facts are read from the table itself: a program
 * being run has its shared program file there, a writer a writable
 * file.  exec and open each look and then enter their file while
 * holding ip's lock, so an exec and an open racing for one file cannot
 * both win.
 */

/* The program file of ip, if some process runs it.  Caller holds ftable.lock. */
static struct file*
program_file(struct inode *ip)
{
  struct file *f;

  for (f = ftable.slot; f < &ftable.slot[NFILE]; f++)
    if (f->ref > 0 && f->program && f->ip == ip)
      return f;
  return 0;
}

/* Is ip open for writing?  Caller holds ftable.lock. */
static int
open_for_writing(struct inode *ip)
{
  struct file *f;

  for (f = ftable.slot; f < &ftable.slot[NFILE]; f++)
    if (f->ref > 0 && f->writable && f->ip == ip)
      return 1;
  return 0;
}

/*
 * The open file through which exec maps program ip (locked, a regular
 * file): the one every process running it already shares, with a new
 * reference, or a new read-only file with a reference to ip of its
 * own.  So a program run by many processes takes one slot of the
 * table, not one each.  Returns 0 if ip is open for writing, or if the
 * table is full.
 */
struct file*
file_of_program(struct inode *ip)
{
  struct file *f;
  int busy;

  acquire(&ftable.lock);
  if ((f = program_file(ip)) != 0)
    f->ref++;
  busy = open_for_writing(ip);
  release(&ftable.lock);
  if (f != 0 || busy)
    return f;
  if ((f = filealloc()) == 0)
    return 0;
  f->type = FD_INODE;
  f->readable = 1;
  f->writable = 0;
  f->off = 0;
  f->pipe = 0;
  f->major = 0;
  f->ip = idup(ip);
  acquire(&ftable.lock);   /* a racing exec may share f once it is whole */
  f->program = 1;
  release(&ftable.lock);
  return f;
}

/*
 * Make f, claimed with filealloc, the open file of ip (which the caller
 * has locked and holds a reference to) with the access omode asks for:
 * O_RDONLY, O_WRONLY or O_RDWR, and O_TRUNC to cut a regular file to
 * nothing.  A device inode makes a device file, any other an inode file
 * at offset 0.  Inside a transaction (itrunc).  Returns 0, with ip's
 * reference handed over to f; or -1, f and ip untouched, if ip is a
 * program some process is running and omode would write it.  Leaves ip
 * locked either way.
 */
int
fileopen(struct file *f, struct inode *ip, int omode)
{
  int writable = (omode & (O_WRONLY | O_RDWR)) != 0;

  acquire(&ftable.lock);
  if (writable && program_file(ip) != 0) {
    release(&ftable.lock);
    return -1;
  }
  f->ip = ip;
  f->writable = writable;
  release(&ftable.lock);
  f->readable = (omode & O_WRONLY) == 0;
  if (ip->type == T_DEVICE) {
    f->major = ip->major;
    f->type = FD_DEVICE;
  } else {
    f->off = 0;
    f->type = FD_INODE;
  }
  if ((omode & O_TRUNC) && ip->type == T_FILE)
    itrunc(ip);
  return 0;
}

/*
 * Add delta (+1 or -1) to the references to f, which must be open;
 * but the last reference is never dropped here: it stays while
 * fileclose() releases f, so that no filealloc() can hand the slot
 * out meanwhile.  Returns 0, or -1 when delta would drop the last one
 * (nothing changed).
 */
static int
change_refs(struct file *f, int delta)
{
  int r = 0;

  acquire(&ftable.lock);
  if (f->ref < 1)
    panic("file: reference to a file that is not open");
  if (f->ref + delta < 1)
    r = -1;
  else
    f->ref += delta;
  release(&ftable.lock);
  return r;
}

/* Add a reference to f, which must be open.  Returns f. */
struct file*
filedup(struct file *f)
{
  change_refs(f, +1);
  return f;
}

/*
 * Drop a reference to f.  The last one releases what f refers to
 * (which may sleep, so without ftable.lock), then frees the slot.
 */
void
fileclose(struct file *f)
{
  if (change_refs(f, -1) == 0)
    return;   /* others still use f */

  if (kinds[f->type].release)
    kinds[f->type].release(f);
  f->type = FD_NONE;

  acquire(&ftable.lock);
  f->ref = 0;
  release(&ftable.lock);
}

/* Copy f's metadata to user address addr.  Returns 0, or -1. */
int
filestat(struct file *f, uint64 addr)
{
  struct stat st;

  if (kinds[f->type].stat == 0)
    return -1;
  kinds[f->type].stat(f, &st);
  if (copyout(myproc()->pagetable, addr, (char *)&st, sizeof(st)) < 0)
    return -1;
  return 0;
}

/*
 * Read up to n bytes from f into user address addr, advancing an inode
 * file's offset.  Returns the bytes read, or -1.
 */
int
fileread(struct file *f, uint64 addr, int n)
{
  if (!f->readable || kinds[f->type].read == 0)
    return -1;
  return kinds[f->type].read(f, addr, n);
}

/* Write n bytes from user address addr to f.  Returns the bytes
   written, or -1. */
int
filewrite(struct file *f, uint64 addr, int n)
{
  if (!f->writable || kinds[f->type].write == 0)
    return -1;
  return kinds[f->type].write(f, addr, n);
}
