# plot.gp: the scaling series of bench/results.csv as PNG plots.
#
#   gnuplot -e "csv='results.csv'; clock='icount'" plot.gp
#
# writes, in the current directory:
#   bench-size.png   mmap and munmap of an untouched range vs its size
#   bench-vmas.png   first-touch fault, and mmap + munmap of a page, vs the
#                    number of VMAs in the process
#   bench-fork.png   fork vs the memory the process has (mmap and heap, both COW)
#   bench-mem.png    free pages used by children of a process, and by
#                    unrelated processes that map one file
# and with bigmem=1 (make bench BIGMEM=yes), from the small machine:
#   bench-workset.png  a pass over N% of free memory's worth of pages of
#                    a mapped file, and of anonymous memory, per page
#   bench-anon.png   page-ins and page-outs per touch of anonymous
#                    memory of N% of free memory, in order and at random
#
# results.csv columns: name,param,value,unit,kind,ratio_to_null_syscall,clock

if (!exists("csv")) csv = 'results.csv'
if (!exists("clock")) clock = 'icount'
if (!exists("bigmem")) bigmem = 0
unit = (clock eq 'icount') ? 'virtual ns' : 'wall-clock ns'

set datafile separator ','

# Each series (param, value) into a datablock of its own: the rows of a
# series are not adjacent in the file.
set table $mmap
plot csv using ($2 * 4):3 with table if (strcol(1) eq 'mmap')
set table $munmap
plot csv using ($2 * 4):3 with table if (strcol(1) eq 'munmap')
set table $vmas_seq
plot csv using 2:3 with table if (strcol(1) eq 'fault-vmas-seq')
set table $vmas_random
plot csv using 2:3 with table if (strcol(1) eq 'fault-vmas-random')
set table $map_among
plot csv using 2:3 with table if (strcol(1) eq 'mmap-munmap-among')
set table $fork_cow
plot csv using 2:3 with table if (strcol(1) eq 'fork-cow')
set table $fork_heap
plot csv using 2:3 with table if (strcol(1) eq 'fork-heap')
set table $children_shared
plot csv using 2:3 with table if (strcol(1) eq 'mem-children-shared')
set table $children_none
plot csv using 2:3 with table if (strcol(1) eq 'mem-children-none')
set table $procs_file
plot csv using 2:3 with table if (strcol(1) eq 'mem-procs-file')
unset table
set datafile separator whitespace

set terminal png size 800,500 noenhanced
set key top left
set grid
set offsets graph 0.03, graph 0.03, graph 0.05, 0

set output 'bench-size.png'
set title 'mmap and munmap of an untouched anonymous range'
set xlabel 'size of the range'
set ylabel unit.' per call'
set logscale x 2
set xtics ('4K' 4, '64K' 64, '1M' 1024, '16M' 16384, '256M' 262144, '1G' 1048576)
set yrange [0:*]
plot $mmap with linespoints title 'mmap', \
     $munmap with linespoints title 'munmap'

set output 'bench-vmas.png'
set title 'First-touch fault of an anonymous page, and mmap + munmap of a page, among N VMAs'
set xlabel 'VMAs in the process'
set ylabel unit.' per fault, or per mmap + munmap'
set logscale x 10
set logscale y 10
set yrange [*:*]
set xtics auto
plot $vmas_seq with linespoints title 'fault, sequential', \
     $vmas_random with linespoints title 'fault, random order', \
     $map_among with linespoints title 'mmap + munmap of one page'

set output 'bench-fork.png'
set title 'fork of a process with N MiB of touched memory'
set xlabel 'MiB'
set ylabel unit.' per fork'
unset logscale x
set logscale y 10
set yrange [*:*]
plot $fork_cow with linespoints title 'private mmap (copy-on-write)', \
     $fork_heap with linespoints title 'sbrk heap (COW)'

set output 'bench-mem.png'
set title 'Free pages used by N processes (each touched the mapping)'
set xlabel 'processes'
set ylabel 'pages'
unset logscale y
set yrange [0:*]
plot $children_shared with linespoints title 'children of one: 256 KiB MAP_SHARED', \
     $children_none with linespoints title 'children of one: no mapping', \
     $procs_file with linespoints title 'unrelated, each maps the 256 KiB file: beyond no mapping'

if (bigmem) {
    set datafile separator ','
    set table $workset
    plot csv using 2:3 with table if (strcol(1) eq 'workset-file')
    set table $anon_seq
    plot csv using 2:3 with table if (strcol(1) eq 'anon-seq')
    set table $anon_random
    plot csv using 2:3 with table if (strcol(1) eq 'anon-random')
    set table $ins_seq
    plot csv using 2:3 with table if (strcol(1) eq 'pageins-seq')
    set table $outs_seq
    plot csv using 2:3 with table if (strcol(1) eq 'pageouts-seq')
    set table $ins_random
    plot csv using 2:3 with table if (strcol(1) eq 'pageins-random')
    set table $outs_random
    plot csv using 2:3 with table if (strcol(1) eq 'pageouts-random')
    unset table
    set datafile separator whitespace

    set output 'bench-workset.png'
    set title 'A pass over a working set, against free memory (small machine with swap)'
    set xlabel 'working set, % of free memory'
    set ylabel unit.' per page'
    set logscale y 10
    set yrange [*:*]
    plot $workset with linespoints title 'mapped file (MAP_SHARED), second pass, load', \
         $anon_seq with linespoints title 'anonymous memory, in order, store', \
         $anon_random with linespoints title 'anonymous memory, at random, store'

    set output 'bench-anon.png'
    set title 'Swap traffic per touch of anonymous memory (small machine with swap)'
    set xlabel 'anonymous memory, % of free memory'
    set ylabel 'pages per touch'
    unset logscale y
    set yrange [0:*]
    plot $ins_seq with linespoints title 'page-ins, in order', \
         $outs_seq with linespoints title 'page-outs, in order', \
         $ins_random with linespoints title 'page-ins, at random', \
         $outs_random with linespoints title 'page-outs, at random'
}
