/*
 * Driver for the virtio block devices QEMU attaches to the virt
 * machine's virtio-mmio slots, using the modern virtio-mmio transport.
 * Disk n sits in slot n (registers at VIRTIO(n), interrupt VIRTIO_IRQ(n),
 * memlayout.h): disk 0 (ROOT_DISK) holds the file system and must be
 * there; disk 1 (SWAP_DISK) is the swap area (swap.c), and may be absent.
 * The same code drives both, through one struct vdisk each.
 *
 * One virtqueue (queue 0) of QSIZE descriptors per disk carries the
 * requests.  A request is a chain of three descriptors: the request
 * header (read by the device), the data buffer (read by the device for
 * a write, written by it for a read; BSIZE bytes for the file system, a
 * page for swap) and a one-byte status (written by the device).  The
 * caller sleeps until the interrupt handler sees the device put the
 * chain on the used ring.
 */

#include "types.h"
#include "riscv.h"
#include "defs.h"
#include "param.h"
#include "diskstat.h"
#include "memlayout.h"
#include "spinlock.h"
#include "waitqueue.h"
#include "sleeplock.h"
#include "fs.h"
#include "buf.h"
#include "virtio.h"

#define QSIZE         8            /* descriptors in queue 0 */
#define REQ_DESCS     3            /* descriptors per request */
#define VIRTIO_VENDOR_QEMU 0x554d4551   /* "QEMU" */
#define STATUS_PENDING 0xff        /* not yet written by the device */

struct vdisk {
  uint64 base;                 /* its registers: VIRTIO(n) */
  int attached;                /* found and set up; never cleared */

  /* Protects what follows, and the queue memory shared with the device. */
  struct spinlock lock;

  struct virtq_desc *desc;     /* QSIZE descriptors, one page */
  struct virtq_avail *avail;   /* one page */
  struct virtq_used *used;     /* one page */

  char busy[QSIZE];            /* descriptor i is part of a request */
  struct waitqueue free_descs; /* senders waiting for descriptors */
  uint16 used_seen;            /* used-ring entries already handled */

  /* The request whose chain starts at descriptor i. */
  struct {
    struct virtio_blk_req hdr;
    uchar status;              /* VIRTIO_BLK_S_*, written by the device */
    int pending;               /* sent, not yet done: its sender sleeps */
    struct waitqueue done;     /* the sender, waiting for the device */
  } req[QSIZE];

  int can_flush;               /* VIRTIO_BLK_F_FLUSH: the host may cache writes */
  uint64 sectors;              /* capacity, in VIRTIO_BLK_SECTOR-byte sectors */

  struct diskstat stats;       /* requests sent, for diskstat() */
};

static struct vdisk disks[NDISK];

/* Lock names, one per disk: they show in lock-rule messages. */
static char *lock_names[NDISK] = { "virtio_disk0", "virtio_disk1" };

/* Read the 32-bit register at offset of disk d. */
static uint32
reg_read(struct vdisk *d, int offset)
{
  return *(volatile uint32 *)(d->base + offset);
}

/* Write the 32-bit register at offset of disk d. */
static void
reg_write(struct vdisk *d, int offset, uint32 value)
{
  *(volatile uint32 *)(d->base + offset) = value;
}

/* Write a physical address to a low/high register pair of disk d. */
static void
reg_write_addr(struct vdisk *d, int low, int high, void *pa)
{
  reg_write(d, low, (uint64)pa & 0xffffffff);
  reg_write(d, high, (uint64)pa >> 32);
}

/*
 * Agree on features: the modern interface (VERSION_1), which we need,
 * and FLUSH if the device offers it.  A driver that takes FLUSH lets
 * the host cache writes (QEMU otherwise writes every block through to
 * its disk, a host flush per write), in return for sending a flush
 * wherever an earlier write must be durable before a later one: the
 * log's barriers (log.c).  Every other feature, among them RO, SCSI,
 * CONFIG_WCE, MQ, ANY_LAYOUT, EVENT_IDX and INDIRECT_DESC, stays off.
 */
static void
negotiate_features(struct vdisk *d)
{
  uint64 offered, accepted;

  reg_write(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
  offered = reg_read(d, VIRTIO_MMIO_DEVICE_FEATURES);
  reg_write(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
  offered |= (uint64)reg_read(d, VIRTIO_MMIO_DEVICE_FEATURES) << 32;

  if ((offered & (1UL << VIRTIO_F_VERSION_1)) == 0)
    panic("virtio disk: device lacks VIRTIO_F_VERSION_1");
  accepted = offered & ((1UL << VIRTIO_F_VERSION_1) | (1UL << VIRTIO_BLK_F_FLUSH));
  d->can_flush = (accepted & (1UL << VIRTIO_BLK_F_FLUSH)) != 0;

  reg_write(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
  reg_write(d, VIRTIO_MMIO_DRIVER_FEATURES, accepted & 0xffffffff);
  reg_write(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
  reg_write(d, VIRTIO_MMIO_DRIVER_FEATURES, accepted >> 32);
}

/*
 * The disk's capacity in sectors, from its configuration space.  The
 * 64-bit field is read as two words; the generation counter, the same
 * before and after, shows that no change came in between.
 */
static uint64
read_capacity(struct vdisk *d)
{
  uint32 gen, low, high;

  do {
    gen = reg_read(d, VIRTIO_MMIO_CONFIG_GENERATION);
    low = reg_read(d, VIRTIO_MMIO_CONFIG + VIRTIO_BLK_CFG_CAPACITY);
    high = reg_read(d, VIRTIO_MMIO_CONFIG + VIRTIO_BLK_CFG_CAPACITY + 4);
  } while (reg_read(d, VIRTIO_MMIO_CONFIG_GENERATION) != gen);
  return ((uint64)high << 32) | low;
}

/* A zeroed page for part of the queue. */
static void*
queue_page(void)
{
  void *p;

  p = kalloc();
  if (p == 0)
    panic("virtio disk: no memory for the queue");
  memset(p, 0, PGSIZE);
  return p;
}

/* Give queue 0 to the device. */
static void
setup_queue(struct vdisk *d)
{
  uint32 max;

  reg_write(d, VIRTIO_MMIO_QUEUE_SEL, 0);
  if (reg_read(d, VIRTIO_MMIO_QUEUE_READY) != 0)
    panic("virtio disk: queue 0 already in use");
  max = reg_read(d, VIRTIO_MMIO_QUEUE_NUM_MAX);
  if (max < QSIZE)
    panic("virtio disk: queue 0 too small");

  d->desc = queue_page();
  d->avail = queue_page();
  d->used = queue_page();

  reg_write(d, VIRTIO_MMIO_QUEUE_NUM, QSIZE);
  reg_write_addr(d, VIRTIO_MMIO_QUEUE_DESC_LOW, VIRTIO_MMIO_QUEUE_DESC_HIGH,
                 d->desc);
  reg_write_addr(d, VIRTIO_MMIO_QUEUE_DRIVER_LOW, VIRTIO_MMIO_QUEUE_DRIVER_HIGH,
                 d->avail);
  reg_write_addr(d, VIRTIO_MMIO_QUEUE_DEVICE_LOW, VIRTIO_MMIO_QUEUE_DEVICE_HIGH,
                 d->used);
  reg_write(d, VIRTIO_MMIO_QUEUE_READY, 1);
}

/*
 * Look for a block device in virtio-mmio slot n; if one is there,
 * negotiate, set up its queue 0 and start it.  Returns 0 when disk n
 * is ready, -1 when the slot holds no modern virtio block device.
 * Once, at boot, for each disk.
 */
int
virtio_disk_attach(int n)
{
  struct vdisk *d = &disks[n];
  uint32 status;
  int i;

  d->base = VIRTIO(n);
  initlock(&d->lock, lock_names[n]);
  wq_init(&d->free_descs, "disk descriptors", &d->lock);
  for (i = 0; i < QSIZE; i++)
    wq_init(&d->req[i].done, "disk I/O", &d->lock);

  if (reg_read(d, VIRTIO_MMIO_MAGIC_VALUE) != VIRTIO_MAGIC ||
      reg_read(d, VIRTIO_MMIO_VERSION) != VIRTIO_MMIO_MODERN ||
      reg_read(d, VIRTIO_MMIO_DEVICE_ID) != VIRTIO_ID_BLOCK ||
      reg_read(d, VIRTIO_MMIO_VENDOR_ID) != VIRTIO_VENDOR_QEMU)
    return -1;

  status = 0;
  reg_write(d, VIRTIO_MMIO_STATUS, status);   /* reset */
  status |= VIRTIO_STATUS_ACKNOWLEDGE;
  reg_write(d, VIRTIO_MMIO_STATUS, status);
  status |= VIRTIO_STATUS_DRIVER;
  reg_write(d, VIRTIO_MMIO_STATUS, status);

  negotiate_features(d);
  status |= VIRTIO_STATUS_FEATURES_OK;
  reg_write(d, VIRTIO_MMIO_STATUS, status);
  if ((reg_read(d, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK) == 0) {
    reg_write(d, VIRTIO_MMIO_STATUS, status | VIRTIO_STATUS_FAILED);
    panic("virtio disk: device refused our features");
  }

  setup_queue(d);
  d->sectors = read_capacity(d);

  status |= VIRTIO_STATUS_DRIVER_OK;
  reg_write(d, VIRTIO_MMIO_STATUS, status);
  d->attached = 1;
  return 0;
}

/* The root disk: it must be there. */
void
virtio_disk_init(void)
{
  if (virtio_disk_attach(ROOT_DISK) < 0)
    panic("virtio disk: no modern virtio block device at VIRTIO0");
}

/* Returns the capacity of attached disk n, in bytes. */
uint64
virtio_disk_size(int n)
{
  return disks[n].sectors * VIRTIO_BLK_SECTOR;
}

/*
 * Claim REQ_DESCS free descriptors into ids.  Returns 0, or -1 (having
 * claimed none) if too few are free.  Caller holds d->lock.
 */
static int
claim_descs(struct vdisk *d, uint16 *ids)
{
  int i, n;

  n = 0;
  for (i = 0; i < QSIZE && n < REQ_DESCS; i++)
    if (!d->busy[i])
      ids[n++] = i;
  if (n < REQ_DESCS)
    return -1;
  for (n = 0; n < REQ_DESCS; n++)
    d->busy[ids[n]] = 1;
  return 0;
}

/* Return descriptors to the free pool and wake anyone waiting for them.
   Caller holds d->lock. */
static void
release_descs(struct vdisk *d, uint16 *ids)
{
  int n;

  for (n = 0; n < REQ_DESCS; n++) {
    memset(&d->desc[ids[n]], 0, sizeof(struct virtq_desc));
    d->busy[ids[n]] = 0;
  }
  wq_wake_all(&d->free_descs);
}

/* Fill in descriptor id.  Caller holds d->lock. */
static void
set_desc(struct vdisk *d, uint16 id, void *pa, uint32 len, uint16 flags, uint16 next)
{
  d->desc[id].addr = (uint64)pa;
  d->desc[id].len = len;
  d->desc[id].flags = flags;
  d->desc[id].next = next;
}

/*
 * Send one request to disk n and sleep until the device has done it: a
 * read (VIRTIO_BLK_T_IN) or a write (VIRTIO_BLK_T_OUT) of len bytes
 * (a multiple of VIRTIO_BLK_SECTOR) at data from or to sector, or a
 * flush (data 0).  A request is a chain of descriptors: the header, the
 * data if any, and the status byte.  Returns the device's status:
 * VIRTIO_BLK_S_OK (0) when it succeeded.
 */
static int
disk_request(int n, uint32 type, uint64 sector, void *data, uint32 len)
{
  struct vdisk *d = &disks[n];
  uint16 ids[REQ_DESCS];
  uint16 head;
  int status;

  if (!d->attached)
    panic("virtio disk: request to a disk that is not attached");
  acquire(&d->lock);
  while (claim_descs(d, ids) < 0)
    wq_sleep(&d->free_descs);
  head = ids[0];

  d->req[head].hdr.type = type;
  d->req[head].hdr.reserved = 0;
  d->req[head].hdr.sector = sector;
  d->req[head].status = STATUS_PENDING;
  d->req[head].pending = 1;

  if (data != 0) {
    set_desc(d, ids[0], &d->req[head].hdr, sizeof(struct virtio_blk_req),
             VIRTQ_DESC_F_NEXT, ids[1]);
    set_desc(d, ids[1], data, len,
             VIRTQ_DESC_F_NEXT | (type == VIRTIO_BLK_T_IN ? VIRTQ_DESC_F_WRITE : 0), ids[2]);
  } else {
    set_desc(d, ids[0], &d->req[head].hdr, sizeof(struct virtio_blk_req),
             VIRTQ_DESC_F_NEXT, ids[2]);
  }
  set_desc(d, ids[2], &d->req[head].status, 1, VIRTQ_DESC_F_WRITE, 0);

  if (type == VIRTIO_BLK_T_OUT)
    d->stats.writes++;
  else if (type == VIRTIO_BLK_T_IN)
    d->stats.reads++;
  else
    d->stats.flushes++;
  d->avail->ring[d->avail->idx % QSIZE] = head;
  __sync_synchronize();   /* chain and ring entry before the new idx */
  d->avail->idx++;
  __sync_synchronize();   /* new idx before the notification */
  reg_write(d, VIRTIO_MMIO_QUEUE_NOTIFY, 0);

  while (d->req[head].pending)
    wq_sleep(&d->req[head].done);
  status = d->req[head].status;

  release_descs(d, ids);
  release(&d->lock);
  return status;
}

/*
 * Read block b->blockno of the root disk into b->data (write == 0) or
 * write b->data to it (write == 1).  Sleeps until the device is done.
 * Caller holds b->lock.
 */
void
virtio_disk_rw(struct buf *b, int write)
{
  uint64 sector = (uint64)b->blockno * (BSIZE / VIRTIO_BLK_SECTOR);

  if (disk_request(ROOT_DISK, write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN,
                   sector, b->data, BSIZE) != VIRTIO_BLK_S_OK)
    panic("virtio_disk_rw: disk I/O error");
}

/*
 * Read len bytes from disk n at sector into pa (write == 0), or write
 * them from pa (write == 1): one request, whatever len is (a multiple
 * of VIRTIO_BLK_SECTOR).  Sleeps until the device is done; the caller
 * holds no spin lock.  Returns 0, or -1 if the device reports an error.
 */
int
virtio_disk_io(int n, uint64 sector, void *pa, uint len, int write)
{
  if (len % VIRTIO_BLK_SECTOR != 0)
    panic("virtio_disk_io: length not a whole number of sectors");
  if (disk_request(n, write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN,
                   sector, pa, len) != VIRTIO_BLK_S_OK)
    return -1;
  return 0;
}

/*
 * Make every write the root disk has completed durable: a write
 * barrier for the log (log.c).  A device that offers no write cache
 * writes through, so there is nothing to do.
 */
void
virtio_disk_flush(void)
{
  if (disks[ROOT_DISK].can_flush &&
      disk_request(ROOT_DISK, VIRTIO_BLK_T_FLUSH, 0, 0, 0) != VIRTIO_BLK_S_OK)
    panic("virtio_disk_flush: disk I/O error");
}

/* Copy the root disk's request counts since boot into *out. */
void
virtio_disk_stats(struct diskstat *out)
{
  struct vdisk *d = &disks[ROOT_DISK];

  acquire(&d->lock);
  *out = d->stats;
  release(&d->lock);
}

/*
 * Disk n finished one or more requests: acknowledge the interrupt and
 * wake the process waiting on each finished request.
 */
void
virtio_disk_intr(int n)
{
  struct vdisk *d = &disks[n];
  uint32 head;

  if (!d->attached)
    return;
  acquire(&d->lock);

  reg_write(d, VIRTIO_MMIO_INTERRUPT_ACK,
            reg_read(d, VIRTIO_MMIO_INTERRUPT_STATUS) &
            (VIRTIO_INT_USED_RING | VIRTIO_INT_CONFIG));
  __sync_synchronize();

  while (d->used_seen != *(volatile uint16 *)&d->used->idx) {
    __sync_synchronize();   /* read the entry only after seeing idx */
    head = d->used->ring[d->used_seen % QSIZE].id;
    if (head >= QSIZE || !d->req[head].pending)
      panic("virtio_disk_intr: unknown request");
    d->req[head].pending = 0;
    wq_wake_all(&d->req[head].done);
    d->used_seen++;
  }

  release(&d->lock);
}
