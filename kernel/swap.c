/*
 * The swap area on virtio disk 1 (see swap.h): a table of reference
 * counts, one per page-sized slot, and page-sized reads and writes.
 *
 * Slot numbers start at 1, so that 0 can mean "no slot".  The disk is
 * read and written one whole page per request, straight from and into
 * the page: the block cache plays no part.
 */

#include "types.h"
#include "param.h"
#include "riscv.h"
#include "spinlock.h"
#include "defs.h"
#include "swap.h"

/* Self-test patterns: two distinct, neither the kalloc junk fill. */
#define PATTERN(page, i)  ((uchar)((i) * 7 + (page) * 101 + 3))

static struct {
  /* Protects refs, used and next.  Innermost (lockorder.h). */
  struct spinlock lock;
  uint nslots;                       /* slots 1..nslots exist; 0: no swap.
                                        Set at boot, fixed once init runs */
  uint used;                         /* slots with a reference */
  uint next;                         /* where swap_alloc() looks first */
  ushort refs[SWAP_MAXSLOTS + 1];    /* references per slot; refs[0] unused */
} swap;

/*
 * Find the swap disk and size the swap area to it.  Once, at boot;
 * prints what it found.
 */
void
swapinit(void)
{
  uint64 slots;

  initlock(&swap.lock, "swap");
  swap.next = 1;
  if (virtio_disk_attach(SWAP_DISK) < 0) {
    printf("swap: no disk on virtio-mmio bus 1, running without swap\n");
    return;
  }
  slots = virtio_disk_size(SWAP_DISK) / PGSIZE;
  if (slots > SWAP_MAXSLOTS) {
    printf("swap: using %d of the disk's %d MiB\n",
           (int)(SWAP_MAXSLOTS / (1024 * 1024 / PGSIZE)),
           (int)(virtio_disk_size(SWAP_DISK) / (1024 * 1024)));
    slots = SWAP_MAXSLOTS;
  }
  if (slots == 0)
    printf("swap: the disk on virtio-mmio bus 1 holds no whole page, running without swap\n");
  swap.nslots = slots;
}

/* Returns 1 if there is a swap area, else 0. */
int
swap_present(void)
{
  return swap.nslots > 0;
}

/* Panics unless slot names a slot of the swap area; who names the caller. */
static void
check_slot(uint slot, char *who)
{
  if (slot == 0 || slot > swap.nslots)
    panic(who);
}

/*
 * Take a free slot, with one reference.  Returns its number, or 0 if
 * every slot is in use (or there is no swap).
 */
uint
swap_alloc(void)
{
  uint i, slot;

  acquire(&swap.lock);
  for (i = 0; i < swap.nslots; i++) {
    slot = (swap.next - 1 + i) % swap.nslots + 1;
    if (swap.refs[slot] == 0) {
      swap.refs[slot] = 1;
      swap.used++;
      swap.next = slot % swap.nslots + 1;
      release(&swap.lock);
      return slot;
    }
  }
  release(&swap.lock);
  return 0;
}

/*
 * Add a reference to slot, which must be in use.  A slot holds at most
 * SWAP_MAXREFS references; one more panics.
 */
void
swap_ref(uint slot)
{
  check_slot(slot, "swap_ref: no such slot");
  acquire(&swap.lock);
  if (swap.refs[slot] == 0)
    panic("swap_ref: slot is free");
  if (swap.refs[slot] == SWAP_MAXREFS)
    panic("swap_ref: slot has SWAP_MAXREFS references already");
  swap.refs[slot]++;
  release(&swap.lock);
}

/* Drop a reference to slot; with the last, the slot is free again. */
void
swap_free(uint slot)
{
  check_slot(slot, "swap_free: no such slot");
  acquire(&swap.lock);
  if (swap.refs[slot] == 0)
    panic("swap_free: slot is free already");
  if (--swap.refs[slot] == 0)
    swap.used--;
  release(&swap.lock);
}

/* Returns the references slot holds (0: it is free). */
int
swap_refs(uint slot)
{
  int n;

  check_slot(slot, "swap_refs: no such slot");
  acquire(&swap.lock);
  n = swap.refs[slot];
  release(&swap.lock);
  return n;
}

/*
 * Write the page at pa to slot (write == 1), or read slot into it
 * (write == 0), and sleep until the disk is done.  The caller holds a
 * reference to the slot and no lock.  A disk error is fatal.
 */
static void
slot_io(uint slot, void *pa, int write)
{
  check_slot(slot, write ? "swap_write: no such slot" : "swap_read: no such slot");
  if (swap_refs(slot) == 0)
    panic(write ? "swap_write: slot is free" : "swap_read: slot is free");
  if (virtio_disk_io(SWAP_DISK, (uint64)(slot - 1) * SWAP_SLOT_SECTORS,
                     pa, PGSIZE, write) < 0)
    panic(write ? "swap_write: I/O error on the swap disk"
                : "swap_read: I/O error on the swap disk");
}

/* Write the page at kernel address pa to slot. */
void
swap_write(uint slot, void *pa)
{
  slot_io(slot, pa, 1);
}

/* Read slot into the page at kernel address pa. */
void
swap_read(uint slot, void *pa)
{
  slot_io(slot, pa, 0);
}

/* Report the slots there are and the slots in use. */
void
swap_stats(uint64 *total, uint64 *used)
{
  acquire(&swap.lock);
  *total = swap.nslots;
  *used = swap.used;
  release(&swap.lock);
}

/*
 * Returns the first byte of the page at pa that differs from pattern
 * page's, or -1 if none does.
 */
static int
pattern_mismatch(uchar *pa, int page)
{
  int i;

  for (i = 0; i < PGSIZE; i++)
    if (pa[i] != PATTERN(page, i))
      return i;
  return -1;
}

/*
 * Check the swap disk at boot: write two pages of distinct patterns to
 * two slots, read them back into other pages, compare, free the slots,
 * and say how it went.  A failure turns swap off.  Needs a process
 * context (the disk I/O sleeps): the first process runs it, before
 * init.
 */
void
swap_selftest(void)
{
  uchar *out[2], *in[2];
  uint slot[2];
  int p, i, bad = -1, badpage = 0;

  if (!swap_present())
    return;
  for (p = 0; p < 2; p++) {
    out[p] = kalloc();
    in[p] = kalloc();
    slot[p] = swap_alloc();
    if (out[p] == 0 || in[p] == 0 || slot[p] == 0)
      panic("swap_selftest: out of memory or slots at boot");
    for (i = 0; i < PGSIZE; i++)
      out[p][i] = PATTERN(p, i);
    swap_write(slot[p], out[p]);
  }
  for (p = 0; p < 2; p++) {
    swap_read(slot[p], in[p]);
    if (bad < 0 && (bad = pattern_mismatch(in[p], p)) >= 0)
      badpage = p;
    swap_free(slot[p]);
    kfree(out[p]);
    kfree(in[p]);
  }

  if (bad >= 0) {
    printf("swap: self-test FAILED (slot %d, byte %d read back wrong), running without swap\n",
           slot[badpage], bad);
    acquire(&swap.lock);
    swap.nslots = 0;
    release(&swap.lock);
    return;
  }
  printf("swap: %d KiB on virtio disk 1, self-test ok\n",
         (int)(swap.nslots * (PGSIZE / 1024)));
}
