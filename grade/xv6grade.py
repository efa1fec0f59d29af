"""xv6grade: the library the graders of xv6-mmap are written with.

A grader is a Python 3 script named grade-lab-NAME, kept at the top of
a build tree together with this file, which it imports.  It lists the
boots to make and the points each can earn:

    from xv6grade import Lab

    lab = Lab()
    run = lab.boot("mmaptest", ["mmaptest"], timeout=300)
    run.expect(10, "a file maps", r"^test file_content: OK$")
    run.expect(20, "every case passes", r"^ALL TESTS PASSED$")
    lab.grade()

lab.grade() builds the tree with make.  Then, for each boot, it starts
`make qemu-gdb` (or `make qemu`), with CPUS=N when the boot asks for N
harts; lets the kernel go through QEMU's GDB stub, on the port `make
print-gdbport` names; types each command at the shell's "$ " prompt;
and keeps the console output.  Last, it judges every test against that
output, prints one line per test and "Score: N/M", and exits with
status 0 only for full marks.  Variables given to make (`make grade
GDBPORT=26000 CPUS=1`) reach every make the grader runs.

The console output of every boot is saved in grade-NAME.out, in the
directory the grader runs in (NAME: the grader's, grade-lab-NAME).
XV6_TIMEOUT_SCALE=F in the environment multiplies every timeout (for a
slow machine); -v copies the console to the screen as it comes.
"""

import argparse
import os
import re
import select
import signal
import socket
import subprocess
import sys
import time

__all__ = ["Lab"]

PROMPT = "$ "
CTRL_A_X = b"\x01x"      # QEMU's console: quit
START_SECONDS = 60       # from make qemu-gdb to the GDB stub listening
NUDGE_SECONDS = 5        # from "init: starting sh" to the first prompt
QUIT_SECONDS = 5         # from Ctrl-A x to QEMU gone
PANIC = re.compile(r"[^\n]*panic:[^\n]*")


def timeout_scale():
    """XV6_TIMEOUT_SCALE from the environment, or 1."""
    try:
        return max(float(os.environ.get("XV6_TIMEOUT_SCALE", "1")), 0.1)
    except ValueError:
        return 1.0


def transcript_name(grader):
    """The file that keeps the console output of grader's boots.  It
    must not look like a grader itself: make grade runs grade-lab-*."""
    if grader.startswith("grade-lab-"):
        grader = grader[len("grade-lab-"):]
    return "grade-%s.out" % grader


def run_make(*args):
    """Run make quietly with args; returns its output (stdout), or
    raises RuntimeError when it fails."""
    cmd = ["make", "-s", "--no-print-directory"] + list(args)
    done = subprocess.run(cmd, stdout=subprocess.PIPE)
    if done.returncode != 0:
        raise RuntimeError("`%s` failed (status %d)"
                           % (" ".join(cmd), done.returncode))
    return done.stdout.decode("utf-8", "replace")


# ------------------------------------------------------------ tests

class Test:
    """points for a line of the console that matches pattern (or, when
    present is False, for no such line), in the output of one command
    or of the whole boot."""

    def __init__(self, points, title, pattern, present, command):
        self.points = points
        self.title = title
        self.pattern = re.compile(pattern)
        self.present = present
        self.command = command

    def judge(self, console):
        """Returns None when the test passes, else why it fails."""
        lines = console.lines(self.command)
        if lines is None:
            return "`%s` never ran" % self.command
        found = [line for line in lines if self.pattern.search(line)]
        where = "`%s`" % self.command if self.command else "the console"
        if self.present and not found:
            return "no line of %s matches %s" % (where, self.pattern.pattern)
        if not self.present and found:
            return "%s printed: %s" % (where, found[0])
        return None


class Boot:
    """One boot of the kernel: the commands typed, in order, and the
    tests judged on what it printed."""

    def __init__(self, title, commands, cpus, gdb, timeout):
        self.title = title
        self.commands = list(commands)
        self.cpus = cpus
        self.gdb = gdb
        self.timeout = timeout
        self.tests = []

    def expect(self, points, title, pattern, of=None):
        """points when a line matches pattern (a regular expression);
        of=COMMAND looks only at the output of that command."""
        self.tests.append(Test(points, title, pattern, True, of))

    def refuse(self, points, title, pattern, of=None):
        """points when no line matches pattern."""
        self.tests.append(Test(points, title, pattern, False, of))

    def make_target(self):
        """The make command line that starts this boot's QEMU."""
        args = ["qemu-gdb" if self.gdb else "qemu"]
        if self.cpus is not None:
            args.append("CPUS=%d" % self.cpus)
        return args


class Lab:
    """A grader: its boots, then grade() to run them and score."""

    def __init__(self):
        self.boots = []

    def boot(self, title, commands, cpus=None, gdb=True, timeout=120):
        """A boot that types commands at the shell, with timeout seconds
        for all of them; cpus=N boots N harts (make's CPUS=N), gdb=False
        boots with `make qemu` instead of `make qemu-gdb`."""
        boot = Boot(title, commands, cpus, gdb, timeout)
        self.boots.append(boot)
        return boot

    def grade(self):
        """Build, run every boot, print the results and the score, and
        exit: status 0 for full marks, else 1."""
        parser = argparse.ArgumentParser(
            description="Build xv6, boot it, and score what it prints.")
        parser.add_argument("-v", "--verbose", action="store_true",
                            help="copy the console to the screen")
        options = parser.parse_args()

        name = os.path.basename(sys.argv[0])
        possible = sum(t.points for b in self.boots for t in b.tests)
        try:
            run_make()
        except RuntimeError as e:
            print("%s: the build fails: %s" % (name, e))
            print("Score: 0/%d" % possible)
            sys.exit(1)

        total = 0
        with open(transcript_name(name), "w") as log:
            for boot in self.boots:
                total += self.run_boot(boot, log, options.verbose)
        print("Score: %d/%d" % (total, possible))
        sys.exit(0 if total == possible else 1)

    def run_boot(self, boot, log, verbose):
        """Runs one boot, prints its tests' results; returns the points
        earned."""
        target = " ".join(["make"] + boot.make_target())
        print("== %s (%s) ==" % (boot.title, target), flush=True)
        started = time.time()
        console = Machine(boot, verbose).run()
        log.write("==== %s (%s)\n%s\n" % (boot.title, target, console.text))
        log.flush()
        if console.trouble:
            print("   the boot ended early: %s" % console.trouble)

        earned = 0
        for test in boot.tests:
            why = test.judge(console)
            if why is None:
                earned += test.points
            print("   %-50s %-4s %3d/%d" % (test.title,
                                          "OK" if why is None else "FAIL",
                                          test.points if why is None else 0,
                                          test.points))
            if why:
                print("      " + why)
        print("   (%.1f s)" % (time.time() - started), flush=True)
        return earned


# ------------------------------------------------------------ the machine

class Console:
    """What a boot printed: all of it (text), and each command's own
    output, its lines between the command and the next prompt."""

    def __init__(self):
        self.text = ""
        self.outputs = []       # (command, its output as text)
        self.trouble = None     # why the boot ended early, if it did

    def lines(self, command=None):
        """The lines of command's output (the first run of it), or of
        the whole console; None if command never ran."""
        if command is None:
            return self.text.split("\n")
        for cmd, output in self.outputs:
            if cmd == command:
                return output.split("\n")
        return None


class Trouble(Exception):
    """The boot cannot go on: the kernel panicked, QEMU exited, or the
    time ran out."""


class Machine:
    """One run of QEMU through make, driven over its console."""

    def __init__(self, boot, verbose):
        self.boot = boot
        self.verbose = verbose
        self.console = Console()
        self.proc = None
        self.gdb = None
        scale = timeout_scale()
        self.deadline = time.time() + boot.timeout * scale
        self.start_seconds = START_SECONDS * scale

    def run(self):
        """Boots, types the commands, quits; returns the Console."""
        try:
            self.start()
            self.wait_for_shell()
            for command in self.boot.commands:
                self.type_command(command)
        except Trouble as e:
            self.console.trouble = str(e)
        finally:
            self.stop()
        return self.console

    # -- starting and stopping

    def start(self):
        """Starts make in a process group of its own (so that stop() can
        end make, its shell and QEMU at once), and lets the kernel run."""
        port = None
        if self.boot.gdb:
            try:
                port = int(run_make("print-gdbport").strip())
            except (RuntimeError, ValueError) as e:
                raise Trouble("no GDB port from make print-gdbport: %s" % e)
            if port_is_busy(port):
                raise Trouble("something already listens on GDB port %d "
                              "(another QEMU?); choose another with "
                              "GDBPORT=N" % port)
        cmd = ["make", "-s", "--no-print-directory"] + self.boot.make_target()
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT,
                                     start_new_session=True)
        if port is not None:
            self.gdb = self.connect_gdb(port)
            # A GDB remote-protocol packet: $command#checksum; c continues.
            self.gdb.sendall(b"$c#63")

    def connect_gdb(self, port):
        """A connection to QEMU's GDB stub, once it listens."""
        give_up = time.time() + self.start_seconds
        while True:
            try:
                return socket.create_connection(("127.0.0.1", port), 1)
            except OSError:
                pass
            self.read(0.2)
            if time.time() > give_up:
                raise Trouble("QEMU's GDB stub never listened on port %d"
                              % port)

    def stop(self):
        """Quits QEMU with Ctrl-A x, then kills whatever is left of make's
        process group (make, its shell, QEMU): nothing outlives a boot."""
        if self.proc is None:
            return
        try:
            self.proc.stdin.write(CTRL_A_X)
            self.proc.stdin.flush()
            self.proc.wait(QUIT_SECONDS)
        except (OSError, subprocess.TimeoutExpired):
            pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()
        for pipe in (self.proc.stdin, self.proc.stdout):
            try:
                pipe.close()
            except OSError:
                pass
        if self.gdb:
            self.gdb.close()

    # -- reading and typing

    def read(self, seconds):
        """Adds what QEMU prints within seconds to the console; returns
        the new text ("" if none).  Raises Trouble on a panic or when
        QEMU has exited."""
        before = len(self.console.text)
        text = self.read_raw(seconds)
        # The panic line may have begun in an earlier read.
        line_start = self.console.text.rfind("\n", 0, before) + 1
        panic = PANIC.search(self.console.text, line_start)
        if panic:
            # Keep what follows the panic message (a backtrace) too.
            end = time.time() + 1
            while time.time() < end and self.read_raw(end - time.time()):
                pass
            raise Trouble("kernel " + panic.group(0).strip())
        return text

    def read_raw(self, seconds):
        """read() without the check for a panic."""
        fd = self.proc.stdout.fileno()
        ready, _, _ = select.select([fd], [], [], max(seconds, 0))
        if not ready:
            return ""
        data = os.read(fd, 4096)
        if not data:
            raise Trouble("make or QEMU exited")
        text = data.decode("utf-8", "replace").replace("\r", "")
        if self.verbose:
            sys.stdout.write(text)
            sys.stdout.flush()
        self.console.text += text
        return text

    def send(self, data):
        """Types data at the console."""
        try:
            self.proc.stdin.write(data)
            self.proc.stdin.flush()
        except OSError:
            raise Trouble("make or QEMU exited")

    def time_left(self):
        """Seconds left for this boot; raises Trouble when none are."""
        left = self.deadline - time.time()
        if left <= 0:
            raise Trouble("timeout after %.0f s"
                          % (self.boot.timeout * timeout_scale()))
        return left

    def at_prompt(self, since):
        """Whether the console, from offset since, ends in a prompt."""
        return self.console.text[since:].endswith(PROMPT)

    def wait_for_shell(self):
        """Waits for the shell's first prompt.  A hart that starts late
        can print into the middle of that prompt: when none comes soon
        after init starts the shell, an empty command asks for another."""
        shell_started = None
        nudged = False
        while not self.at_prompt(0):
            self.read(min(self.time_left(), 0.5))
            if (shell_started is None
                    and "init: starting sh" in self.console.text):
                shell_started = time.time()
            if (shell_started and not nudged
                    and time.time() - shell_started > NUDGE_SECONDS):
                self.send(b"\n")
                nudged = True
        if nudged:
            # A shell that was only slow prompts twice: take both.
            end = time.time() + 2
            while time.time() < end and self.read(end - time.time()):
                pass

    def type_command(self, command):
        """Types command and waits for the next prompt; records the
        command's output (without its echo)."""
        since = len(self.console.text)
        self.send(command.encode() + b"\n")
        try:
            while not self.at_prompt(since):
                self.read(self.time_left())
        finally:
            output = self.console.text[since:]
            if output.startswith(command + "\n"):
                output = output[len(command) + 1:]
            if output.endswith(PROMPT):
                output = output[:-len(PROMPT)]
            self.console.outputs.append((command, output))


def port_is_busy(port):
    """Whether something accepts connections on 127.0.0.1:port."""
    try:
        socket.create_connection(("127.0.0.1", port), 1).close()
        return True
    except OSError:
        return False
