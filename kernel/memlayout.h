/*
 * Physical and virtual memory layout.
 *
 * QEMU's virt machine puts its devices below 0x80000000 and RAM from
 * KERNBASE up.  The kernel maps devices and RAM at their physical
 * addresses ("direct map"), so a physical address is also a kernel
 * virtual address.
 *
 *   0x00100000  VIRT_TEST   sifive_test: write to power QEMU off
 *   0x0c000000  PLIC        platform-level interrupt controller
 *   0x10000000  UART0       16550 serial port
 *   0x10001000  VIRTIO0     virtio-mmio slot 0: the root disk
 *   0x10002000  VIRTIO1     virtio-mmio slot 1: the swap disk, if any
 *   0x80000000  KERNBASE    kernel text, then data, then free pages
 *               PHYSTOP     end of the most RAM the kernel can use; the
 *                           RAM the machine has may end lower (phystop,
 *                           kalloc.c, from the device tree)
 */

#define VIRT_TEST     0x00100000L
#define VIRT_TEST_POWEROFF 0x5555   /* value that powers QEMU off */

#define UART0         0x10000000L
#define UART0_IRQ     10

/* virtio-mmio slot n: registers at VIRTIO(n), interrupt VIRTIO_IRQ(n). */
#define VIRTIO(n)     (0x10001000L + (n) * 0x1000L)
#define VIRTIO_IRQ(n) (1 + (n))
#define VIRTIO0       VIRTIO(0)
#define VIRTIO0_IRQ   VIRTIO_IRQ(0)
#define VIRTIO1       VIRTIO(1)
#define VIRTIO1_IRQ   VIRTIO_IRQ(1)

#define PLIC                 0x0c000000L
#define PLIC_PRIORITY        (PLIC + 0x0)
#define PLIC_PENDING         (PLIC + 0x1000)
#define PLIC_SENABLE(hart)   (PLIC + 0x2080 + (hart) * 0x100)
#define PLIC_SPRIORITY(hart) (PLIC + 0x201000 + (hart) * 0x2000)
#define PLIC_SCLAIM(hart)    (PLIC + 0x201004 + (hart) * 0x2000)

/*
 * The most RAM the kernel uses, in MiB (configure --with-memory, which
 * also gives QEMU that much by default).  It runs on less: kinit() reads
 * the size of the RAM from the device tree.
 */
#ifndef XV6_MEMORY_MB
#define XV6_MEMORY_MB 128
#endif
#define KERNBASE  0x80000000L
#define PHYSTOP   (KERNBASE + (uint64)XV6_MEMORY_MB * 1024 * 1024)

/*
 * The top of every address space, user and kernel alike:
 *   TRAMPOLINE  the trap entry/exit code, mapped at the same address in
 *               every page table so it survives the satp switch
 *   TRAPFRAME   (user tables only) the page that saves user registers
 *   KSTACK(p)   (kernel table only) process p's kernel stack, each with
 *               an unmapped guard page below it
 */
#define TRAMPOLINE  (MAXVA - PGSIZE)
#define TRAPFRAME   (TRAMPOLINE - PGSIZE)
#define KSTACK(p)   (TRAMPOLINE - ((p) + 1) * 2 * PGSIZE)
