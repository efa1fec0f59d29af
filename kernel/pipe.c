/*
 * Pipes: a PIPESIZE-byte ring buffer shared by a read end and a write
 * end, each an open file.
 *
 * User bytes travel through a small buffer on the kernel stack, and the
 * pipe's spinlock is never held while copying to or from user memory:
 * copyin/copyout may have to fault in a mapped page, which can sleep on
 * the disk.
 */
#include "types.h"
#include "riscv.h"
#include "defs.h"
#include "param.h"
#include "spinlock.h"
#include "vma.h"
#include "proc.h"
#include "fs.h"
#include "sleeplock.h"
#include "pagetree.h"
#include "file.h"

#define PIPESIZE   512
#define PIPE_CHUNK 128   /* bytes moved per trip through the bounce buffer */

struct pipe {
  struct spinlock lock;   /* protects everything below */
  char ring[PIPESIZE];
  uint head;              /* index of the oldest unread byte */
  uint used;              /* unread bytes, starting at head */
  int reader_open;        /* the read end is still open */
  int writer_open;        /* the write end is still open */
  struct waitqueue data;  /* readers, waiting for bytes or the end */
  struct waitqueue room;  /* writers, waiting for room or a closed reader */
};

/* Turn the open file f into one end of pipe pi. */
static void
attach_end(struct file *f, struct pipe *pi, int writable)
{
  f->type = FD_PIPE;
  f->pipe = pi;
  f->readable = !writable;
  f->writable = writable;
}

/*
 * Make a pipe and its two open files: *rf reads, *wf writes.
 * Returns 0, or -1 with nothing allocated.
 */
int
pipealloc(struct file **rf, struct file **wf)
{
  struct pipe *pi = 0;

  *rf = filealloc();
  *wf = filealloc();
  if (*rf != 0 && *wf != 0)
    pi = (struct pipe *)kalloc();
  if (pi == 0) {
    /* Still FD_NONE, so closing them just frees the slots. */
    if (*rf != 0)
      fileclose(*rf);
    if (*wf != 0)
      fileclose(*wf);
    *rf = *wf = 0;
    return -1;
  }

  initlock(&pi->lock, "pipe");
  wq_init(&pi->data, "pipe data", &pi->lock);
  wq_init(&pi->room, "pipe room", &pi->lock);
  pi->head = 0;
  pi->used = 0;
  pi->reader_open = 1;
  pi->writer_open = 1;
  attach_end(*rf, pi, 0);
  attach_end(*wf, pi, 1);
  return 0;
}

/*
 * Close one end (the write end if writable).  The processes waiting at
 * the other end are woken, to see the end of file or the broken pipe;
 * the last close frees the pipe.
 */
void
pipeclose(struct pipe *pi, int writable)
{
  int *this_end_open = writable ? &pi->writer_open : &pi->reader_open;
  struct waitqueue *other_end = writable ? &pi->data : &pi->room;
  int both_closed;

  acquire(&pi->lock);
  *this_end_open = 0;
  wq_wake_all(other_end);
  both_closed = !pi->reader_open && !pi->writer_open;
  release(&pi->lock);

  if (both_closed)
    kfree((char *)pi);
}

/*
 * Append n bytes from kbuf to the ring, sleeping while it is full.
 * Caller holds pi->lock.  Returns 0, or -1 if the read end is closed or
 * the writer is killed.
 */
static int
ring_put(struct pipe *pi, char *kbuf, int n)
{
  int i;

  for (i = 0; i < n; i++) {
    while (pi->used == PIPESIZE) {
      if (!pi->reader_open)
        return -1;
      wq_wake_all(&pi->data);
      if (wq_sleep_killable(&pi->room) < 0)
        return -1;
    }
    if (!pi->reader_open)
      return -1;
    pi->ring[(pi->head + pi->used) % PIPESIZE] = kbuf[i];
    pi->used++;
  }
  return 0;
}

/*
 * Write n bytes from user address addr.  Blocks until every byte is in
 * the pipe.  Returns n; the bytes written before a bad user address
 * (-1 if none); or -1 if the read end closes or the writer is killed.
 */
int
pipewrite(struct pipe *pi, uint64 addr, int n)
{
  struct proc *p = myproc();
  char kbuf[PIPE_CHUNK];
  int done, chunk;

  for (done = 0; done < n; done += chunk) {
    chunk = n - done < PIPE_CHUNK ? n - done : PIPE_CHUNK;
    if (copyin(p->pagetable, kbuf, addr + done, chunk) < 0)
      return done > 0 ? done : -1;
    acquire(&pi->lock);
    if (ring_put(pi, kbuf, chunk) < 0) {
      release(&pi->lock);
      return -1;
    }
    wq_wake_all(&pi->data);
    release(&pi->lock);
  }
  return done;
}

/*
 * Take up to max bytes from the ring into kbuf.  Caller holds pi->lock.
 * Returns the number taken.
 */
static int
ring_take(struct pipe *pi, char *kbuf, int max)
{
  int n = 0;

  while (n < max && pi->used > 0) {
    kbuf[n++] = pi->ring[pi->head];
    pi->head = (pi->head + 1) % PIPESIZE;
    pi->used--;
  }
  return n;
}

/*
 * Read up to n bytes into user address addr.  Sleeps until at least one
 * byte is there or the write end is closed, then returns what is
 * available without waiting again.  Returns the bytes read (0 at end of
 * file), or -1 if killed or addr is bad before anything was delivered.
 */
int
piperead(struct pipe *pi, uint64 addr, int n)
{
  struct proc *p = myproc();
  char kbuf[PIPE_CHUNK];
  int done = 0, chunk, want;

  acquire(&pi->lock);
  while (pi->used == 0 && pi->writer_open) {
    if (wq_sleep_killable(&pi->data) < 0) {
      release(&pi->lock);
      return -1;
    }
  }

  while (done < n) {
    want = n - done < PIPE_CHUNK ? n - done : PIPE_CHUNK;
    chunk = ring_take(pi, kbuf, want);
    if (chunk == 0)
      break;
    wq_wake_all(&pi->room);
    release(&pi->lock);
    if (copyout(p->pagetable, addr + done, kbuf, chunk) < 0)
      return done > 0 ? done : -1;
    done += chunk;
    acquire(&pi->lock);
  }
  release(&pi->lock);
  return done;
}
