/*
 * The virtio-mmio transport (virtio 1.x, "modern", register version 2)
 * and the parts of the block device and split virtqueue this kernel
 * uses.  Values from the virtio 1.1 specification.
 */

/* Register offsets from the device's base address.  All are 32 bits. */
#define VIRTIO_MMIO_MAGIC_VALUE         0x000   /* "virt" */
#define VIRTIO_MMIO_VERSION             0x004   /* 2 for the modern layout */
#define VIRTIO_MMIO_DEVICE_ID           0x008   /* 2 = block device */
#define VIRTIO_MMIO_VENDOR_ID           0x00c
#define VIRTIO_MMIO_DEVICE_FEATURES     0x010   /* 32 feature bits, chosen by ... */
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014   /* ... this word index */
#define VIRTIO_MMIO_DRIVER_FEATURES     0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024
#define VIRTIO_MMIO_QUEUE_SEL           0x030   /* queue the QUEUE_ registers refer to */
#define VIRTIO_MMIO_QUEUE_NUM_MAX       0x034   /* largest queue the device allows */
#define VIRTIO_MMIO_QUEUE_NUM           0x038   /* size the driver chose */
#define VIRTIO_MMIO_QUEUE_READY         0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY        0x050   /* write a queue number: new buffers */
#define VIRTIO_MMIO_INTERRUPT_STATUS    0x060
#define VIRTIO_MMIO_INTERRUPT_ACK       0x064
#define VIRTIO_MMIO_STATUS              0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW      0x080   /* physical address of the descriptor table */
#define VIRTIO_MMIO_QUEUE_DESC_HIGH     0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW    0x090   /* ... of the available ring */
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH   0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW    0x0a0   /* ... of the used ring */
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH   0x0a4
#define VIRTIO_MMIO_CONFIG_GENERATION   0x0fc   /* changes when the configuration does */
#define VIRTIO_MMIO_CONFIG              0x100   /* the device-specific configuration */

#define VIRTIO_MAGIC          0x74726976   /* "virt", little-endian */
#define VIRTIO_MMIO_MODERN    2
#define VIRTIO_ID_BLOCK       2

/* Status register bits, set by the driver in this order. */
#define VIRTIO_STATUS_ACKNOWLEDGE  1    /* the driver has seen the device */
#define VIRTIO_STATUS_DRIVER       2    /* ... and knows how to drive it */
#define VIRTIO_STATUS_DRIVER_OK    4    /* ready: the device may run */
#define VIRTIO_STATUS_FEATURES_OK  8    /* feature negotiation is done */
#define VIRTIO_STATUS_FAILED       128  /* the driver gave up */

/* Interrupt status bits. */
#define VIRTIO_INT_USED_RING   1   /* the device used buffers */
#define VIRTIO_INT_CONFIG      2   /* the configuration changed */

/* Feature bit numbers (bit n of the 64-bit feature set). */
#define VIRTIO_BLK_F_RO             5    /* disk is read-only */
#define VIRTIO_BLK_F_SCSI           7    /* legacy SCSI passthrough */
#define VIRTIO_BLK_F_FLUSH          9    /* flush command: the device may cache writes */
#define VIRTIO_BLK_F_CONFIG_WCE     11   /* writeback cache mode switch */
#define VIRTIO_BLK_F_MQ             12   /* more than one queue */
#define VIRTIO_F_ANY_LAYOUT         27
#define VIRTIO_RING_F_INDIRECT_DESC 28
#define VIRTIO_RING_F_EVENT_IDX     29
#define VIRTIO_F_VERSION_1          32   /* modern device: required */

/* Split virtqueue: the descriptor table, available ring and used ring. */
#define VIRTQ_DESC_F_NEXT   1   /* the chain continues at next */
#define VIRTQ_DESC_F_WRITE  2   /* the device writes this buffer */

struct virtq_desc {
  uint64 addr;    /* physical address of the buffer */
  uint32 len;
  uint16 flags;   /* VIRTQ_DESC_F_* */
  uint16 next;    /* next descriptor of the chain */
};

struct virtq_avail {       /* driver -> device */
  uint16 flags;
  uint16 idx;              /* where the driver puts the next entry (mod queue size) */
  uint16 ring[];           /* heads of descriptor chains */
};

struct virtq_used_elem {
  uint32 id;               /* head of the chain the device finished */
  uint32 len;              /* bytes it wrote */
};

struct virtq_used {        /* device -> driver */
  uint16 flags;
  uint16 idx;              /* where the device puts the next entry */
  struct virtq_used_elem ring[];
};

/* Block device request: a header, the data (none for a flush), a status byte. */
#define VIRTIO_BLK_T_IN    0   /* read from the disk */
#define VIRTIO_BLK_T_OUT   1   /* write to the disk */
#define VIRTIO_BLK_T_FLUSH 4   /* make completed writes durable */

#define VIRTIO_BLK_S_OK    0
#define VIRTIO_BLK_SECTOR  512   /* the device counts in 512-byte sectors */

/* Block device configuration: offsets from VIRTIO_MMIO_CONFIG. */
#define VIRTIO_BLK_CFG_CAPACITY 0x00   /* 64 bits: size in sectors */

struct virtio_blk_req {
  uint32 type;       /* VIRTIO_BLK_T_* */
  uint32 reserved;
  uint64 sector;
};
