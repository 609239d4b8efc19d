#!/usr/bin/env bash
# Scale figures for docs/scale.md: index build time, peak anonymous memory,
# index size, no-change update, search and --by-company latency, against
# `rg -il` over the same files, on nested subsets of a large corpus.
#
# usage: benches/scale.sh CLAUSE_BINARY CORPUS_DIR WORK_DIR [FRACTIONS...]
#   FRACTIONS: shares of the corpus's files, e.g. 0.03 0.25 0.5 1 (default)
# Subsets are hard links under WORK_DIR (same file system as CORPUS_DIR);
# nothing is written to the repository. Needs hyperfine and ripgrep.
set -euo pipefail

bin=$(realpath "$1"); corpus=$(realpath "$2"); work=$3; shift 3
fractions=("$@"); [ ${#fractions[@]} -eq 0 ] && fractions=(0.03 0.25 0.5 1)
mkdir -p "$work"
query=opt-out

# Runs a command, printing "seconds peak_rss_anon_kb peak_rss_kb".
peak() {
    local start end pid anon=0 rss=0 a r
    start=$(date +%s.%N)
    "$@" >/dev/null 2>"$work/last.err" &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
        a=$(awk '/^RssAnon/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
        r=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
        [ "${a:-0}" -gt "$anon" ] && anon=$a
        [ "${r:-0}" -gt "$rss" ] && rss=$r
        sleep 0.2
    done
    wait "$pid"
    end=$(date +%s.%N)
    echo "$(echo "$end - $start" | bc) $anon $rss"
}

# Mean seconds of a warm command, by hyperfine.
mean() {
    hyperfine --warmup 2 --runs "${RUNS:-10}" --export-json "$work/h.json" -N "$1" >/dev/null 2>&1
    python3 -c "import json;print(round(json.load(open('$work/h.json'))['results'][0]['mean'],4))"
}

echo "| share | files | MB | build s | MB/s | peak RssAnon MB | peak RSS MB | index MB | no-change s | search s | rss search MB | rg -il s | ratio | by-company s |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for f in "${fractions[@]}"; do
    sub="$work/subset-$f"; idx="$work/index-$f"
    rm -rf "$sub" "$idx"; mkdir -p "$sub"
    n=$(python3 - "$corpus" "$sub" "$f" <<'PY'
import os, sys
corpus, sub, share = sys.argv[1], sys.argv[2], float(sys.argv[3])
files = sorted(os.path.join(d, n) for d, _, names in os.walk(corpus) for n in names
               if n.endswith((".md", ".txt", ".markdown")))
step = max(1, round(1 / share))
for path in files[::step]:
    os.link(path, os.path.join(sub, os.path.basename(os.path.dirname(path)) + "-" + os.path.basename(path)))
print(len(files[::step]))
PY
)
    mb=$(du -sm --apparent-size "$sub" | cut -f1)
    find "$sub" -type f -exec cat {} + >/dev/null
    read -r secs anon rss < <(peak "$bin" --quiet --corpus "$sub" --index-dir "$idx" index)
    size=$(du -sm "$idx" | cut -f1)
    nochange=$(mean "$bin --quiet --corpus $sub --index-dir $idx index")
    search=$(mean "$bin --quiet --corpus $sub --index-dir $idx search $query")
    read -r _ _ srss < <(peak "$bin" --quiet --corpus "$sub" --index-dir "$idx" search "$query")
    rg=$(RUNS=3 mean "rg -il opt.out $sub")
    by=$(RUNS=3 mean "$bin --quiet --corpus $sub --index-dir $idx search $query --by-company")
    echo "| $f | $n | $mb | $secs | $(echo "scale=1; $mb / $secs" | bc) | $((anon / 1024)) | $((rss / 1024)) | $size | $nochange | $search | $((srss / 1024)) | $rg | $(echo "scale=3; $search / $rg" | bc) | $by |"
done
