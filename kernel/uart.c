/*
 * Driver for the 16550-compatible UART that QEMU puts at UART0.
 *
 * Output written by processes (uartwrite) goes through a small ring
 * buffer that the transmit-ready interrupt drains, so a writer only
 * waits when the buffer is full.  The kernel's own output (printf and
 * echo) uses uartputc_sync, which polls the transmitter directly.
 * Input arrives through the receive interrupt and goes to consoleintr.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "waitqueue.h"
#include "defs.h"

/* Register offsets from UART0. */
#define RHR  0   /* receive holding (read) */
#define THR  0   /* transmit holding (write) */
#define IER  1   /* interrupt enable */
#define FCR  2   /* FIFO control (write) */
#define ISR  2   /* interrupt status (read) */
#define LCR  3   /* line control */
#define LSR  5   /* line status */

/* With LCR_DLAB set, offsets 0 and 1 hold the baud-rate divisor. */
#define DLL  0
#define DLM  1

#define IER_RX_ENABLE   (1 << 0)
#define IER_TX_ENABLE   (1 << 1)
#define FCR_FIFO_ENABLE (1 << 0)
#define FCR_FIFO_CLEAR  (3 << 1)   /* reset both FIFOs */
#define LCR_8N1         3          /* 8 data bits, no parity, 1 stop bit */
#define LCR_DLAB        (1 << 7)
#define LSR_RX_READY    (1 << 0)   /* a byte is waiting in RHR */
#define LSR_TX_IDLE     (1 << 5)   /* THR can take another byte */

#define BAUD_38400_DIVISOR 3       /* 115200 / 38400 */

static inline uchar
uart_read(int reg)
{
  return *(volatile uchar *)(UART0 + reg);
}

static inline void
uart_write(int reg, uchar v)
{
  *(volatile uchar *)(UART0 + reg) = v;
}

/* Bytes waiting to be transmitted, oldest at tx_buf[tx_first]. */
#define TX_BUF_SIZE 32
static struct spinlock tx_lock;   /* protects tx_buf, tx_first, tx_count */
static char tx_buf[TX_BUF_SIZE];
static int tx_first;
static int tx_count;
static struct waitqueue tx_room; /* writers waiting for tx_count to drop */

/* Is the transmitter ready to take another byte? */
static int
tx_ready(void)
{
  return (uart_read(LSR) & LSR_TX_IDLE) != 0;
}

/* Has a received byte arrived in RHR? */
static int
rx_ready(void)
{
  return (uart_read(LSR) & LSR_RX_READY) != 0;
}

/*
 * Set the bit rate and the line format.  The divisor registers share
 * their offsets with RHR/THR and IER, so they are reached only while
 * LCR's DLAB bit is set; writing the format clears it again.
 */
static void
set_line(uint divisor, uchar format)
{
  uart_write(LCR, LCR_DLAB);
  uart_write(DLL, divisor & 0xff);
  uart_write(DLM, divisor >> 8);
  uart_write(LCR, format);
}

/*
 * Configure the UART with its interrupts off, so that none arrives
 * half-way (or before consoleintr can take input), then turn them on.
 */
void
uartinit(void)
{
  initlock(&tx_lock, "uart tx");
  wq_init(&tx_room, "uart output room", &tx_lock);

  uart_write(IER, 0);
  set_line(BAUD_38400_DIVISOR, LCR_8N1);
  uart_write(FCR, FCR_FIFO_ENABLE | FCR_FIFO_CLEAR);
  uart_write(IER, IER_RX_ENABLE | IER_TX_ENABLE);
}

/*
 * Feed buffered bytes to the transmitter while it has room.
 * Caller holds tx_lock.  Wakes writers waiting for buffer space.
 */
static void
uart_push(void)
{
  int sent = 0;

  while (tx_count > 0 && tx_ready()) {
    uart_write(THR, tx_buf[tx_first]);
    tx_first = (tx_first + 1) % TX_BUF_SIZE;
    tx_count--;
    sent = 1;
  }
  if (sent)
    wq_wake_all(&tx_room);
}

/*
 * Once panic() has printed its message and set panicked, any hart
 * that comes here to print stops for good, so the message stays the
 * last thing on the console.
 */
static void
stop_if_panicked(void)
{
  if (!panicked)
    return;
  for (;;)
    ;
}

/*
 * Queue the n bytes at buf for transmission, in order.  Each byte
 * waits for room in the buffer (with tx_lock let go meanwhile), and the
 * transmitter takes what it can at once; the transmit-ready interrupt
 * feeds it the rest.  May sleep, so not for interrupt handlers or code
 * holding spinlocks.
 */
void
uartwrite(const char *buf, int n)
{
  int i;

  acquire(&tx_lock);
  for (i = 0; i < n; i++) {
    while (tx_count == TX_BUF_SIZE)
      wq_sleep(&tx_room);
    stop_if_panicked();
    tx_buf[(tx_first + tx_count) % TX_BUF_SIZE] = buf[i];
    tx_count++;
    uart_push();
  }
  release(&tx_lock);
}

/*
 * Send c now, spinning until the transmitter takes it.  Never sleeps,
 * so usable anywhere, including with interrupts off.
 */
void
uartputc_sync(int c)
{
  push_off();
  stop_if_panicked();
  while (!tx_ready())
    ;
  uart_write(THR, c);
  pop_off();
}

/*
 * The UART raised an interrupt: bytes arrived, the transmitter
 * drained, or both; the interrupt does not say which, so serve both.
 * Reading ISR acknowledges a transmit-ready interrupt; reading RHR
 * a receive one.
 */
void
uartintr(void)
{
  uart_read(ISR);

  while (rx_ready())
    consoleintr(uart_read(RHR));

  acquire(&tx_lock);
  uart_push();
  release(&tx_lock);
}
