#!/usr/bin/perl
# report.pl: turn mmapbench's `bench NAME PARAM VALUE UNIT KIND` lines into
# the table `make bench` prints, bench/results.csv, and the goal checks of
# the benchmark issue.
#
#   perl report.pl [--clock=icount|wall] [--csv=FILE] [--previous=FILE] BENCH-OUTPUT
#   perl report.pl --compare OLD.csv NEW.csv
#
# --previous compares the new figures with an earlier results.csv (the
# one `make bench` kept from its last run) when both were taken with the
# same clock.  --compare does only that.  Figures of kind cpu are pure
# path length under icount and must agree within 2%; io figures include
# waits for the disk, mem figures are page counts and disk figures counts
# of blocks written, shown for reference.

use strict;
use warnings;

my $AGREE = 2.0;   # percent within which two runs' cpu figures must agree

my ($clock, $csv, $previous, $compare) = ('icount', '', '', 0);
my @files;
for my $arg (@ARGV) {
    if ($arg =~ /^--clock=(icount|wall)$/) { $clock = $1; }
    elsif ($arg =~ /^--csv=(.+)$/) { $csv = $1; }
    elsif ($arg =~ /^--previous=(.+)$/) { $previous = $1; }
    elsif ($arg eq '--compare') { $compare = 1; }
    else { push @files, $arg; }
}

# size(PAGES): a page count as a size, "4 KiB" ... "1 GiB".
sub size {
    my ($kib) = ($_[0] * 4);
    return "$kib KiB" if $kib < 1024;
    return ($kib / 1024) . " MiB" if $kib < 1024 * 1024;
    return ($kib / 1024 / 1024) . " GiB";
}

sub children { return $_[0] == 1 ? "1 child" : "$_[0] children" }
sub processes { return $_[0] == 1 ? "1 unrelated process maps" : "$_[0] unrelated processes map" }
sub vmas { return $_[0] == 1 ? "1 VMA" : "$_[0] VMAs" }
sub mappings { return $_[0] == 1 ? "1 existing mapping" : "$_[0] existing mappings" }

# What each figure is, given its PARAM.
my %describe = (
    'fault-file-cold'     => sub { "first touch, file page on disk only (cold)" },
    'null-syscall'        => sub { "null system call (getpid)" },
    'clock-read'          => sub { "clock_ns() (rdtime)" },
    'zero-page'           => sub { "zero 4 KiB, word loop (as kernel memset)" },
    'copy-page'           => sub { "copy 4 KiB, word loop (as kernel memmove)" },
    'fault-anon'          => sub { "first touch, anonymous private page" },
    'fault-minor'         => sub { "first touch, shared page already in memory" },
    'reaccess'            => sub { "re-access of a mapped page (no fault)" },
    'fault-file-cached'   => sub { "first touch, file page in buffer cache" },
    'fault-file-shared'   => sub { "first touch, file page in page cache (shared)" },
    'fault-file-private'  => sub { "first touch, file page in page cache (private, read)" },
    'read-cached'         => sub { "read() of a cached 4 KiB page" },
    'scan-read'           => sub { "scan " . size($_[0]) . " file: read() 4 KiB, per page" },
    'scan-mmap'           => sub { "scan " . size($_[0]) . " file: mmap+touch, per page" },
    'mmap-munmap'         => sub { "mmap + munmap, " . size($_[0]) . " untouched" },
    'mmap'                => sub { "mmap, " . size($_[0]) . " untouched" },
    'munmap'              => sub { "munmap, " . size($_[0]) . " untouched" },
    'mmap-munmap-among'   => sub { "mmap + munmap of one page, with " . mappings($_[0]) },
    'munmap-writeback'    => sub { "munmap write-back, $_[0] dirty shared, per page" },
    'writeback-writes'    => sub { "write-back of " . ($_[0] == 1 ? "1 dirty page" : "$_[0] dirty pages")
                                       . ": disk writes per page" },
    'fork-cow'            => sub { $_[0] ? "fork, $_[0] MiB touched private mmap (COW)"
                                             : "fork, no extra memory" },
    'fork-heap'           => sub { $_[0] ? "fork, $_[0] MiB touched sbrk heap (COW)"
                                             : "fork, no extra memory (again)" },
    'fork-exit'           => sub { $_[0] ? "fork + exit + wait, $_[0]-page written shared file mapping"
                                             : "fork + exit + wait, no mapping" },
    'fork-exit-writes'    => sub { "fork + exit + wait, $_[0] written pages: disk writes/fork" },
    'fork-exec'           => sub { "fork + exec + exit + wait, mmapbench -exit" },
    'fault-vmas-seq'      => sub { "first touch among " . vmas($_[0]) . ", sequential" },
    'fault-vmas-random'   => sub { "first touch among " . vmas($_[0]) . ", random" },
    'mem-map-lazy'        => sub { "pages used: map 256 KiB file, touch 1 page" },
    'mem-map-populate'    => sub { "pages used: same with MAP_POPULATE" },
    'mem-children-shared' => sub { "pages used: " . children($_[0]) . ", 256 KiB MAP_SHARED" },
    'mem-children-none'   => sub { "pages used: " . children($_[0]) . ", no mapping" },
    'text-pages'          => sub { "pages of mmapbench's text (read-only segment)" },
    'mem-exec'            => sub { "pages used: " . ($_[0] == 1 ? "1 process" : "$_[0] processes")
                                       . " running mmapbench" },
    'mem-procs-file'      => sub { "pages used: " . processes($_[0]) . " one 256 KiB file" },
    'pipe-pingpong'       => sub { "pipe ping-pong round trip, $_[0] processes asleep elsewhere" },
    'bigscan-read'        => sub { "scan $_[0] MiB file (2x free memory): read() 4 KiB, per page" },
    'bigscan-mmap'        => sub { "scan $_[0] MiB file (2x free memory): mmap+touch, per page" },
    'workset-file'        => sub { "mapped file, working set $_[0]% of free: per page" },
    'anon-seq'            => sub { "anonymous memory $_[0]% of free, in order: per touch" },
    'anon-random'         => sub { "anonymous memory $_[0]% of free, at random: per touch" },
    'pageins-seq'         => sub { "  page-ins per touch, $_[0]% of free, in order" },
    'pageouts-seq'        => sub { "  page-outs per touch, $_[0]% of free, in order" },
    'pageins-random'      => sub { "  page-ins per touch, $_[0]% of free, at random" },
    'pageouts-random'     => sub { "  page-outs per touch, $_[0]% of free, at random" },
);

# read_bench(FILE): the figures in mmapbench's output, in order, as
# hashes {name, param, value, unit, kind}.
sub read_bench {
    my ($file) = @_;
    my @rows;
    open(my $in, '<', $file) or die "report.pl: $file: $!\n";
    while (<$in>) {
        next unless /^bench (\S+) (\d+) ([\d.]+) (ns|pages|writes|pages\/touch) (cpu|io|mem|disk)\s*$/;
        push @rows, { name => $1, param => $2, value => $3, unit => $4, kind => $5 };
    }
    close($in);
    die "report.pl: no bench lines in $file\n" unless @rows;
    return @rows;
}

# read_csv(FILE): the rows of a results.csv, and the clock it was taken with.
sub read_csv {
    my ($file) = @_;
    my (@rows, $taken);
    open(my $in, '<', $file) or die "report.pl: $file: $!\n";
    while (<$in>) {
        chomp;
        my @f = split /,/;
        next if $f[0] eq 'name';
        push @rows, { name => $f[0], param => $f[1], value => $f[2], unit => $f[3],
                      kind => $f[4] };
        $taken = $f[6];
    }
    close($in);
    return (\@rows, $taken // '');
}

# agreement(OLD, NEW): print how far two runs' figures differ; returns the
# largest difference among cpu figures, in percent.
sub agreement {
    my ($old, $new) = @_;
    my %before = map { ("$_->{name} $_->{param}" => $_) } @$old;
    my ($worst, $worst_name, $count) = (0, '', 0);
    my @off;
    for my $r (@$new) {
        my $o = $before{"$r->{name} $r->{param}"} or next;
        next unless $r->{kind} eq 'cpu' && $o->{value} > 0;
        my $diff = 100 * abs($r->{value} - $o->{value}) / $o->{value};
        $count++;
        push @off, sprintf("  %-24s %6s  %12.1f  %12.1f  %5.2f%%", $r->{name}, $r->{param},
                           $o->{value}, $r->{value}, $diff) if $diff > $AGREE;
        ($worst, $worst_name) = ($diff, "$r->{name} $r->{param}") if $diff > $worst;
    }
    printf "Agreement with the previous run: %d cpu figures, largest difference %.2f%% (%s): %s\n",
        $count, $worst, $worst_name || '-', $worst <= $AGREE ? "within $AGREE%" : "NOT within $AGREE%";
    print "$_\n" for @off;
    return $worst;
}

if ($compare) {
    die "usage: report.pl --compare OLD.csv NEW.csv\n" unless @files == 2;
    my ($old) = read_csv($files[0]);
    my ($new) = read_csv($files[1]);
    exit(agreement($old, $new) <= $AGREE ? 0 : 1);
}

die "usage: report.pl [--clock=icount|wall] [--csv=FILE] [--previous=FILE] BENCH-OUTPUT\n"
    unless @files == 1;
my @rows = read_bench($files[0]);
my %fig = map { ("$_->{name} $_->{param}" => $_->{value}) } @rows;
my $null = $fig{'null-syscall 1'};

# The table.
my $unit = $clock eq 'icount' ? 'virtual ns' : 'wall ns';
my $w = 56;   # the width of the operation column
printf "%-${w}s %14s %9s\n", 'operation', "$unit/op", 'x null';
printf "%-${w}s %14s %9s\n", '-' x $w, '-' x 14, '-' x 9;
for my $r (@rows) {
    my $what = $describe{$r->{name}} ? $describe{$r->{name}}->($r->{param})
                                     : "$r->{name} $r->{param}";
    if ($r->{unit} eq 'pages') {
        printf "%-${w}s %8d pages%s\n", $what, $r->{value},
            $r->{name} eq 'mem-procs-file' ? ' (*)' : '';
        next;
    }
    if ($r->{unit} eq 'pages/touch') {
        printf "%-${w}s %14.3f pages/touch (swap)\n", $what, $r->{value};
        next;
    }
    if ($r->{unit} eq 'writes') {
        printf "%-${w}s %14.1f blocks: log + home + headers\n", $what, $r->{value};
        next;
    }
    my $ratio = $null ? sprintf("%9.2f", $r->{value} / $null) : '';
    printf "%-${w}s %14.1f %s%s\n", $what, $r->{value}, $ratio, $r->{kind} eq 'io' ? '  (disk)' : '';
}
print "\n(disk): the figure includes waits for the disk, so it varies from run to run.\n";
print "(*): pages used beyond what as many processes that map nothing use.\n";
print "blocks: 1 KiB disk blocks written (diskstat), all counted: each block the\n",
      "     log commits is written twice (its log copy and its home block), and\n",
      "     each commit writes the log header twice.\n";

# results.csv: one row per figure, with the ratio to the null system call.
if ($csv) {
    open(my $out, '>', "$csv-t") or die "report.pl: $csv-t: $!\n";
    print $out "name,param,value,unit,kind,ratio_to_null_syscall,clock\n";
    for my $r (@rows) {
        my $ratio = ($r->{unit} eq 'ns' && $null) ? sprintf("%.3f", $r->{value} / $null) : '';
        print $out join(',', @$r{qw(name param value unit kind)}, $ratio, $clock), "\n";
    }
    close($out);
    rename("$csv-t", $csv) or die "report.pl: $csv: $!\n";
}

# The goals of the benchmark issue.
sub f {
    my ($key) = @_;
    die "report.pl: figure '$key' missing\n" unless defined $fig{$key};
    return $fig{$key};
}
sub verdict { return $_[0] ? 'met   ' : 'MISSED' }

my $gib = 262144;
print "\nGoals:\n";
my $limit = 4 * f('null-syscall 1') + f('zero-page 1');
printf "  %s anonymous fault %.0f ns <= 4 x null + zeroing = %.0f ns (%.2fx the limit)\n",
    verdict(f('fault-anon 1') <= $limit), f('fault-anon 1'), $limit, f('fault-anon 1') / $limit;
$limit = 4 * f('null-syscall 1') + f('copy-page 1');
printf "  %s cached file fault %.0f ns <= 4 x null + 4 KiB copy = %.0f ns (%.2fx the limit)\n",
    verdict(f('fault-file-cached 1') <= $limit), f('fault-file-cached 1'), $limit,
    f('fault-file-cached 1') / $limit;
for my $op ('mmap', 'munmap') {
    my $ratio = f("$op $gib") / f("$op 1");
    printf "  %s %s of 1 GiB vs 1 page, untouched: %.0f vs %.0f ns = %.2fx (limit 2x)\n",
        verdict($ratio <= 2), $op, f("$op $gib"), f("$op 1"), $ratio;
}
my $ratio = f('scan-mmap 64') / f('scan-read 64');
printf "  %s cached 256 KiB scan: mmap %.0f vs read() %.0f ns per page = %.2fx (limit 1x)\n",
    verdict($ratio <= 1), f('scan-mmap 64'), f('scan-read 64'), $ratio;
printf "         (16 KiB, where mmap and munmap are shared by 4 pages: mmap/read() = %.2fx)\n",
    f('scan-mmap 4') / f('scan-read 4');
# fork copied the sbrk heap whole until it became copy-on-write too; this
# is what an 8 MiB heap cost then (make bench on the kernel before).
my $heap_copy_8mib = 6014600;
$ratio = $heap_copy_8mib / f('fork-heap 8');
printf "  %s fork with an 8 MiB heap: %.0f ns, %.1fx cheaper than the copy it was (%.0f ns; goal >= 10x)\n",
    verdict($ratio >= 10), f('fork-heap 8'), $ratio, $heap_copy_8mib;
my $pages = 8 * 256;
my $cow_page = (f('fork-cow 8') - f('fork-cow 0')) / $pages;
my $heap_page = (f('fork-heap 8') - f('fork-heap 0')) / $pages;
printf "  %s COW fork grows by %.0f ns per 4 KiB page of mmap memory, %.0f of heap (a PTE each)\n",
    verdict($cow_page < f('copy-page 1') / 4 && $heap_page < f('copy-page 1') / 4),
    $cow_page, $heap_page;
$ratio = f('fault-vmas-seq 1000') / f('fault-vmas-seq 1');
printf "  %s sequential faults, 1000 VMAs vs 1: %.0f vs %.0f ns = %.2fx (limit 1.5x)\n",
    verdict($ratio <= 1.5), f('fault-vmas-seq 1000'), f('fault-vmas-seq 1'), $ratio;

# The goals of the scaling issue: 10,000 mappings cost at most 1.5x
# one, and mmap + munmap of a page as much as the best MIT-lab kernel.
$ratio = f('mmap-munmap-among 10000') / f('mmap-munmap-among 1');
printf "  %s mmap + munmap of a page, 10000 mappings vs 1: %.0f vs %.0f ns = %.2fx (limit 1.5x)\n",
    verdict($ratio <= 1.5), f('mmap-munmap-among 10000'), f('mmap-munmap-among 1'), $ratio;
printf "         (1, 100, 10000 mappings: %s ns)\n",
    join(' ', map { sprintf "%.0f", f("mmap-munmap-among $_") } 1, 100, 10000);
$ratio = f('fault-vmas-random 10000') / f('fault-vmas-random 1');
printf "  %s random faults, 10000 VMAs vs 1: %.0f vs %.0f ns = %.2fx (limit 1.5x)\n",
    verdict($ratio <= 1.5), f('fault-vmas-random 10000'), f('fault-vmas-random 1'), $ratio;
$limit = 3700;
printf "  %s mmap + munmap of a page %.0f ns <= %d ns, the best MIT-lab kernel's (%.2fx the limit)\n",
    verdict(f('mmap-munmap 1') <= $limit), f('mmap-munmap 1'), $limit, f('mmap-munmap 1') / $limit;

# Processes running one program share its text (exec maps the cached pages).
{
    my $each = f('mem-exec 8') / 8;
    printf "  -      8 processes running mmapbench use %.0f pages, %.1f each; its text (%.0f pages) is\n"
         . "         the parent's cached pages, mapped by all, so none of it is in that figure\n",
        f('mem-exec 8'), $each, f('text-pages 1');
}

# The goals of the unified page cache.
for my $how ('shared', 'private') {
    $ratio = f("fault-file-$how 64") / f('fault-minor 1');
    printf "  %s cached file fault, %s: %.0f vs %.0f ns for a page in memory = %.2fx (limit 1.5x)\n",
        verdict($ratio <= 1.5), $how, f("fault-file-$how 64"), f('fault-minor 1'), $ratio;
}
$limit = 1.25 * (f('null-syscall 1') + f('copy-page 1'));
printf "  %s read() of a cached page %.0f ns <= 1.25 x (null + 4 KiB copy) = %.0f ns (%.2fx the limit)\n",
    verdict(f('read-cached 1') <= $limit), f('read-cached 1'), $limit, f('read-cached 1') / $limit;
$limit = 64 + 8 * 4;
printf "  %s 8 unrelated processes mapping the 256 KiB file use %d pages <= 64 + 8 x 4 = %d\n",
    verdict(f('mem-procs-file 8') <= $limit), f('mem-procs-file 8'), $limit;
printf "         (1 to 8 processes: %s pages)\n",
    join(' ', map { f("mem-procs-file $_") } 1 .. 8);
$ratio = f('fork-exit 64') / f('fork-exit 0');
printf "  %s fork + exit + wait, 64 dirty shared file pages vs none: %.0f vs %.0f ns = %.2fx (limit 1.2x)\n",
    verdict($ratio <= 1.2), f('fork-exit 64'), f('fork-exit 0'), $ratio;
printf "         (the child's exit writes %.0f blocks)\n", f('fork-exit-writes 64');
printf "  -      write-back of 16 dirty pages: %.1f block writes and %.0f ns per page (no goal)\n",
    f('writeback-writes 16'), f('munmap-writeback 16');

# The goal of the wait-queue issue: a wakeup touches only the processes
# waiting for that event, and the scheduler only the runnable ones.
$ratio = f('pipe-pingpong 60') / f('pipe-pingpong 0');
printf "  %s pipe ping-pong, 60 processes asleep elsewhere vs none: %.0f vs %.0f ns = %.2fx (limit 1.02x)\n",
    verdict($ratio <= 1.02), f('pipe-pingpong 60'), f('pipe-pingpong 0'), $ratio;

# The goal of memory larger than RAM (make bench BIGMEM=yes): a scan
# of a file twice free memory through mmap within 1.2x one with read().
if (my ($scan) = grep { $_->{name} eq 'bigscan-mmap' } @rows) {
    my $mib = $scan->{param};
    $ratio = f("bigscan-mmap $mib") / f("bigscan-read $mib");
    printf "  %s scan of a %d MiB file (2x free memory): mmap %.0f vs read() %.0f ns per page = %.2fx (limit 1.2x)\n",
        verdict($ratio <= 1.2), $mib, f("bigscan-mmap $mib"), f("bigscan-read $mib"), $ratio;
}

# Against the last run, when it used the same clock.
if ($previous && -f $previous) {
    my ($old, $taken) = read_csv($previous);
    print "\n";
    if ($taken eq $clock) {
        agreement($old, \@rows);
    } else {
        print "The previous run used the $taken clock; not compared.\n";
    }
}
