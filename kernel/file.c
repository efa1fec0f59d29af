/*
 * Open files: the system-wide table of struct file, shared by
 * descriptors (and mappings) through a reference count, and the
 * read/write/stat operations that route to pipes, devices or inodes.
 */
#include "types.h"
#include "riscv.h"
#include "defs.h"
#include "param.h"
#include "fs.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "file.h"
#include "stat.h"
#include "fcntl.h"
#include "vma.h"
#include "proc.h"

struct devsw devsw[NDEV];

/*
 * The largest write one log transaction may carry: the blocks it can
 * touch (data, plus an indirect block, the inode and bitmap blocks,
 * each possibly counted twice when a write straddles) must fit in
 * MAXOPBLOCKS.
 */
#define MAX_WRITE_PER_OP (((MAXOPBLOCKS - 1 - 1 - 2) / 2) * BSIZE)

static struct {
  struct spinlock lock;   /* protects every ref, and a free slot's claiming */
  struct file slot[NFILE];
} ftable;

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
  for (f = ftable.slot; f < &ftable.slot[NFILE]; f++) {
    if (f->ref != 0)
      continue;
    f->ref = 1;
    release(&ftable.lock);
    return f;
  }
  release(&ftable.lock);
  return 0;
}

/* Add a reference to f, which must be open.  Returns f. */
struct file*
filedup(struct file *f)
{
  acquire(&ftable.lock);
  if (f->ref < 1)
    panic("filedup: file not open");
  f->ref++;
  release(&ftable.lock);
  return f;
}

/*
 * Drop a reference to f.  The last one releases what f refers to: a
 * pipe end, or an inode (inside a transaction, since iput may free it).
 *
 * Releasing may sleep, so it happens without ftable.lock.  Meanwhile the
 * slot keeps its one reference, so filealloc cannot hand it out; nobody
 * else can reach it, since that reference was the last.
 */
void
fileclose(struct file *f)
{
  int last;

  acquire(&ftable.lock);
  if (f->ref < 1)
    panic("fileclose: file not open");
  last = f->ref == 1;
  if (!last)
    f->ref--;
  release(&ftable.lock);
  if (!last)
    return;

  if (f->type == FD_PIPE) {
    pipeclose(f->pipe, f->writable);
  } else if (f->type == FD_INODE || f->type == FD_DEVICE) {
    begin_op();
    iput(f->ip);
    end_op();
  }
  f->type = FD_NONE;
  f->pipe = 0;
  f->ip = 0;

  acquire(&ftable.lock);
  f->ref = 0;
  release(&ftable.lock);
}

/* Copy f's metadata to user address addr.  Returns 0, or -1. */
int
filestat(struct file *f, uint64 addr)
{
  struct stat st;

  if (f->type != FD_INODE && f->type != FD_DEVICE)
    return -1;
  ilock(f->ip);
  stati(f->ip, &st);
  iunlock(f->ip);
  if (copyout(myproc()->pagetable, addr, (char *)&st, sizeof(st)) < 0)
    return -1;
  return 0;
}

/*
 * Read (or, if writing, write) n bytes between the device behind f and
 * user address addr.  Returns what the driver returns, or -1 if f's
 * major number names no driver for the direction.
 */
static int
device_io(struct file *f, uint64 addr, int n, int writing)
{
  int (*io)(int user, uint64 addr, int n);

  if (f->major < 0 || f->major >= NDEV)
    return -1;
  io = writing ? devsw[f->major].write : devsw[f->major].read;
  if (io == 0)
    return -1;
  return io(1, addr, n);
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
 * Read up to n bytes from f into user address addr, advancing an inode
 * file's offset.  Returns the bytes read, or -1.
 */
int
fileread(struct file *f, uint64 addr, int n)
{
  if (!f->readable)
    return -1;

  switch (f->type) {
  case FD_PIPE:
    return piperead(f->pipe, addr, n);
  case FD_DEVICE:
    return device_io(f, addr, n, 0);
  case FD_INODE:
    return inode_read(f, addr, n);
  default:
    panic("fileread: bad file type");
  }
}

/*
 * One transaction: write up to n bytes (at most MAX_WRITE_PER_OP) from
 * user address addr at f's offset, and advance the offset past what
 * was written.  The copy from user memory stops at a page that is not
 * there yet, as in inode_read.  Returns the bytes written, or -1.
 */
static int
write_one_op(struct file *f, uint64 addr, int n)
{
  int r;

  begin_op();
  ilock(f->ip);
  r = writei(f->ip, 1, addr, f->off, n);
  if (r > 0)
    f->off += r;
  iunlock(f->ip);
  end_op();
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
    if (piece > MAX_WRITE_PER_OP)
      piece = MAX_WRITE_PER_OP;
    r = write_one_op(f, addr + done, piece);
    if (r < piece && !vm_fault_deferred(myproc()))
      return -1;
    if (r < 0)
      r = 0;
  }
  return n;
}

/*
 * Write n bytes from user address addr to f.
 * Returns n, or -1 on failure.
 */
int
filewrite(struct file *f, uint64 addr, int n)
{
  if (!f->writable)
    return -1;

  switch (f->type) {
  case FD_PIPE:
    return pipewrite(f->pipe, addr, n);
  case FD_DEVICE:
    return device_io(f, addr, n, 1);
  case FD_INODE:
    return inode_write(f, addr, n);
  default:
    panic("filewrite: bad file type");
  }
}
