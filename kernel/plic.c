/*
 * The platform-level interrupt controller (PLIC): routes device
 * interrupts (the UART, the virtio disks) to harts.  Each hart has a
 * supervisor-mode "context" with its own enable bits, priority
 * threshold and claim register (see PLIC_* in memlayout.h).
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "defs.h"

/* Every PLIC register is a 32-bit word. */
#define PLIC_WORD(addr) (*(volatile uint32 *)(addr))

#define IRQ_PRIORITY   1   /* any nonzero priority beats threshold 0 */
#define ACCEPT_ALL     0   /* threshold: take every enabled priority */

/* Once, at boot: give the devices we use a nonzero priority. */
void
plicinit(void)
{
  PLIC_WORD(PLIC_PRIORITY + UART0_IRQ * 4) = IRQ_PRIORITY;
  PLIC_WORD(PLIC_PRIORITY + VIRTIO0_IRQ * 4) = IRQ_PRIORITY;
  PLIC_WORD(PLIC_PRIORITY + VIRTIO1_IRQ * 4) = IRQ_PRIORITY;
}

/* On each hart: accept UART and both disks' interrupts in S mode. */
void
plicinithart(void)
{
  int hart = cpuid();

  PLIC_WORD(PLIC_SENABLE(hart)) =
    (1 << UART0_IRQ) | (1 << VIRTIO0_IRQ) | (1 << VIRTIO1_IRQ);
  PLIC_WORD(PLIC_SPRIORITY(hart)) = ACCEPT_ALL;
}

/* Returns the pending interrupt this hart now owns, or 0 if none. */
int
plic_claim(void)
{
  return PLIC_WORD(PLIC_SCLAIM(cpuid()));
}

/* Tell the PLIC this hart has finished with irq. */
void
plic_complete(int irq)
{
  PLIC_WORD(PLIC_SCLAIM(cpuid())) = irq;
}
