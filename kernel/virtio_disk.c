/*
 * Driver for the virtio block device QEMU attaches at VIRTIO0, using the
 * modern virtio-mmio transport.
 *
 * One virtqueue (queue 0) of QSIZE descriptors carries the requests.
 * A request is a chain of three descriptors: the request header (read
 * by the device), the BSIZE-byte data buffer (read by the device for a
 * write, written by it for a read) and a one-byte status (written by the
 * device).  The caller sleeps until the interrupt handler sees the
 * device put the chain on the used ring.
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

static struct {
  /* Protects everything here, and the queue memory shared with the device. */
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

  struct diskstat stats;       /* requests sent, for diskstat() */
} disk;

/* Read the 32-bit device register at offset. */
static uint32
reg_read(int offset)
{
  return *(volatile uint32 *)(VIRTIO0 + offset);
}

/* Write the 32-bit device register at offset. */
static void
reg_write(int offset, uint32 value)
{
  *(volatile uint32 *)(VIRTIO0 + offset) = value;
}

/* Write a physical address to a low/high register pair. */
static void
reg_write_addr(int low, int high, void *pa)
{
  reg_write(low, (uint64)pa & 0xffffffff);
  reg_write(high, (uint64)pa >> 32);
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
negotiate_features(void)
{
  uint64 offered, accepted;

  reg_write(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
  offered = reg_read(VIRTIO_MMIO_DEVICE_FEATURES);
  reg_write(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
  offered |= (uint64)reg_read(VIRTIO_MMIO_DEVICE_FEATURES) << 32;

  if ((offered & (1UL << VIRTIO_F_VERSION_1)) == 0)
    panic("virtio disk: device lacks VIRTIO_F_VERSION_1");
  accepted = offered & ((1UL << VIRTIO_F_VERSION_1) | (1UL << VIRTIO_BLK_F_FLUSH));
  disk.can_flush = (accepted & (1UL << VIRTIO_BLK_F_FLUSH)) != 0;

  reg_write(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
  reg_write(VIRTIO_MMIO_DRIVER_FEATURES, accepted & 0xffffffff);
  reg_write(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
  reg_write(VIRTIO_MMIO_DRIVER_FEATURES, accepted >> 32);
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
setup_queue(void)
{
  uint32 max;

  reg_write(VIRTIO_MMIO_QUEUE_SEL, 0);
  if (reg_read(VIRTIO_MMIO_QUEUE_READY) != 0)
    panic("virtio disk: queue 0 already in use");
  max = reg_read(VIRTIO_MMIO_QUEUE_NUM_MAX);
  if (max < QSIZE)
    panic("virtio disk: queue 0 too small");

  disk.desc = queue_page();
  disk.avail = queue_page();
  disk.used = queue_page();

  reg_write(VIRTIO_MMIO_QUEUE_NUM, QSIZE);
  reg_write_addr(VIRTIO_MMIO_QUEUE_DESC_LOW, VIRTIO_MMIO_QUEUE_DESC_HIGH,
                 disk.desc);
  reg_write_addr(VIRTIO_MMIO_QUEUE_DRIVER_LOW, VIRTIO_MMIO_QUEUE_DRIVER_HIGH,
                 disk.avail);
  reg_write_addr(VIRTIO_MMIO_QUEUE_DEVICE_LOW, VIRTIO_MMIO_QUEUE_DEVICE_HIGH,
                 disk.used);
  reg_write(VIRTIO_MMIO_QUEUE_READY, 1);
}

/* Find the device, negotiate, set up queue 0 and start the device. */
void
virtio_disk_init(void)
{
  uint32 status;
  int i;

  initlock(&disk.lock, "virtio_disk");
  wq_init(&disk.free_descs, "disk descriptors", &disk.lock);
  for (i = 0; i < QSIZE; i++)
    wq_init(&disk.req[i].done, "disk I/O", &disk.lock);

  if (reg_read(VIRTIO_MMIO_MAGIC_VALUE) != VIRTIO_MAGIC ||
      reg_read(VIRTIO_MMIO_VERSION) != VIRTIO_MMIO_MODERN ||
      reg_read(VIRTIO_MMIO_DEVICE_ID) != VIRTIO_ID_BLOCK ||
      reg_read(VIRTIO_MMIO_VENDOR_ID) != VIRTIO_VENDOR_QEMU)
    panic("virtio disk: no modern virtio block device at VIRTIO0");

  status = 0;
  reg_write(VIRTIO_MMIO_STATUS, status);   /* reset */
  status |= VIRTIO_STATUS_ACKNOWLEDGE;
  reg_write(VIRTIO_MMIO_STATUS, status);
  status |= VIRTIO_STATUS_DRIVER;
  reg_write(VIRTIO_MMIO_STATUS, status);

  negotiate_features();
  status |= VIRTIO_STATUS_FEATURES_OK;
  reg_write(VIRTIO_MMIO_STATUS, status);
  if ((reg_read(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK) == 0) {
    reg_write(VIRTIO_MMIO_STATUS, status | VIRTIO_STATUS_FAILED);
    panic("virtio disk: device refused our features");
  }

  setup_queue();

  status |= VIRTIO_STATUS_DRIVER_OK;
  reg_write(VIRTIO_MMIO_STATUS, status);
}

/*
 * Claim REQ_DESCS free descriptors into ids.  Returns 0, or -1 (having
 * claimed none) if too few are free.  Caller holds disk.lock.
 */
static int
claim_descs(uint16 *ids)
{
  int i, n;

  n = 0;
  for (i = 0; i < QSIZE && n < REQ_DESCS; i++)
    if (!disk.busy[i])
      ids[n++] = i;
  if (n < REQ_DESCS)
    return -1;
  for (n = 0; n < REQ_DESCS; n++)
    disk.busy[ids[n]] = 1;
  return 0;
}

/* Return descriptors to the free pool and wake anyone waiting for them.
   Caller holds disk.lock. */
static void
release_descs(uint16 *ids)
{
  int n;

  for (n = 0; n < REQ_DESCS; n++) {
    memset(&disk.desc[ids[n]], 0, sizeof(struct virtq_desc));
    disk.busy[ids[n]] = 0;
  }
  wq_wake_all(&disk.free_descs);
}

/* Fill in descriptor id.  Caller holds disk.lock. */
static void
set_desc(uint16 id, void *pa, uint32 len, uint16 flags, uint16 next)
{
  disk.desc[id].addr = (uint64)pa;
  disk.desc[id].len = len;
  disk.desc[id].flags = flags;
  disk.desc[id].next = next;
}

/*
 * Send one request and sleep until the device has done it: a read or a
 * write of BSIZE bytes at data (block blockno), or a flush (data 0).
 * A request is a chain of descriptors: the header, the data if any, and
 * the status byte.
 */
static void
disk_request(uint32 type, uint blockno, void *data)
{
  uint16 ids[REQ_DESCS];
  uint16 head;

  acquire(&disk.lock);
  while (claim_descs(ids) < 0)
    wq_sleep(&disk.free_descs);
  head = ids[0];

  disk.req[head].hdr.type = type;
  disk.req[head].hdr.reserved = 0;
  disk.req[head].hdr.sector = (uint64)blockno * (BSIZE / VIRTIO_BLK_SECTOR);
  disk.req[head].status = STATUS_PENDING;
  disk.req[head].pending = 1;

  if (data != 0) {
    set_desc(ids[0], &disk.req[head].hdr, sizeof(struct virtio_blk_req),
             VIRTQ_DESC_F_NEXT, ids[1]);
    set_desc(ids[1], data, BSIZE,
             VIRTQ_DESC_F_NEXT | (type == VIRTIO_BLK_T_IN ? VIRTQ_DESC_F_WRITE : 0), ids[2]);
  } else {
    set_desc(ids[0], &disk.req[head].hdr, sizeof(struct virtio_blk_req),
             VIRTQ_DESC_F_NEXT, ids[2]);
  }
  set_desc(ids[2], &disk.req[head].status, 1, VIRTQ_DESC_F_WRITE, 0);

  if (type == VIRTIO_BLK_T_OUT)
    disk.stats.writes++;
  else if (type == VIRTIO_BLK_T_IN)
    disk.stats.reads++;
  else
    disk.stats.flushes++;
  disk.avail->ring[disk.avail->idx % QSIZE] = head;
  __sync_synchronize();   /* chain and ring entry before the new idx */
  disk.avail->idx++;
  __sync_synchronize();   /* new idx before the notification */
  reg_write(VIRTIO_MMIO_QUEUE_NOTIFY, 0);

  while (disk.req[head].pending)
    wq_sleep(&disk.req[head].done);

  release_descs(ids);
  release(&disk.lock);
}

/*
 * Read block b->blockno into b->data (write == 0) or write b->data to
 * it (write == 1).  Sleeps until the device is done.  Caller holds
 * b->lock.
 */
void
virtio_disk_rw(struct buf *b, int write)
{
  disk_request(write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN, b->blockno, b->data);
}

/*
 * Make every write the device has completed durable: a write barrier
 * for the log (log.c).  A device that offers no write cache writes
 * through, so there is nothing to do.
 */
void
virtio_disk_flush(void)
{
  if (disk.can_flush)
    disk_request(VIRTIO_BLK_T_FLUSH, 0, 0);
}

/* Copy the request counts since boot into *out. */
void
virtio_disk_stats(struct diskstat *out)
{
  acquire(&disk.lock);
  *out = disk.stats;
  release(&disk.lock);
}

/*
 * The device finished one or more requests: acknowledge the interrupt
 * and wake the process waiting on each finished buffer.
 */
void
virtio_disk_intr(void)
{
  uint32 head;

  acquire(&disk.lock);

  reg_write(VIRTIO_MMIO_INTERRUPT_ACK,
            reg_read(VIRTIO_MMIO_INTERRUPT_STATUS) &
            (VIRTIO_INT_USED_RING | VIRTIO_INT_CONFIG));
  __sync_synchronize();

  while (disk.used_seen != *(volatile uint16 *)&disk.used->idx) {
    __sync_synchronize();   /* read the entry only after seeing idx */
    head = disk.used->ring[disk.used_seen % QSIZE].id;
    if (head >= QSIZE || !disk.req[head].pending)
      panic("virtio_disk_intr: unknown request");
    if (*(volatile uchar *)&disk.req[head].status != VIRTIO_BLK_S_OK)
      panic("virtio_disk_intr: disk I/O error");
    disk.req[head].pending = 0;
    wq_wake_all(&disk.req[head].done);
    disk.used_seen++;
  }

  release(&disk.lock);
}
