#!/usr/bin/env bash
# Runs the benchmark on the GPU server from what bench/device/prepare.sh put in .device/ and .gl/:
# unpacks Node and Dawn under /tmp, installs the Vulkan loader when the machine has none, checks the
# adapter, runs the rows, and writes the JSON report and the log to $OUT.
#   bash bench/device/run.sh [bench flags...]      (e.g. --only 'linear|ntk-d784')
# Every GPU row gets its per-kernel GPU time (--kernels, timestamp queries) unless BIGSTEP_KERNELS=0,
# each linear row a second GPU row with the fused step kernel (--fused) unless BIGSTEP_FUSED=0, and
# each NTK row a second GPU row with the 128×128-tile kernels (--ntk128) unless BIGSTEP_NTK128=0; each
# variant is first checked against the float64 reference like the default path.
# The benchmark is stopped after BENCH_TIMEOUT seconds (default 300: with unpacking, about 5.5 minutes
# of a call; the machine's start comes on top); the report is saved after every row, and on the stop
# the tables so far are printed. At the 2026-11-27 H100 rates the reference checks and the full rows
# with kernels take about 2.5 minutes (an estimate), the fused rows a little more, and the ntk128 rows
# about as long again as the NTK rows (an estimate): the whole list may not fit 300 s. A variant's row
# runs right after its default row, so a stopped run still has whole pairs; to time only the NTK pairs,
# pass --only ntk (e.g. --only 'ntk-d784'). The peers (on by default; --no-peers) run after the rows
# for what time is left.
# Here, for a test on the software driver: OUT=/tmp/out BIGSTEP_SOFTWARE=1 bash bench/device/run.sh --quick
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-/tmp/bigstep-out}
mkdir -p "$OUT"
W=/tmp/bigstep-device
rm -rf $W && mkdir -p $W && cp -r .device/app $W/
xz -dc .device/node.xz >$W/node && chmod +x $W/node
xz -dc .device/dawn.node.xz >$W/app/node_modules/webgpu/dist/linux-x64/dawn.node
tar -C $W -xJf .device/data.tar.xz
if [ -n "${BIGSTEP_SOFTWARE:-}" ]; then
  export LD_LIBRARY_PATH=/usr/lib/chromium VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json
  GPU_NAME=none
else
  if true; then  # the NVIDIA ICD (libGLX_nvidia) needs libglvnd beside the loader
    for f in .gl/*.deb; do dpkg -x "$f" /; done
    ldconfig
  fi
  for icd in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json; do
    if [ -f $icd ]; then export VK_DRIVER_FILES=$icd; break; fi
  done
  echo "VK_DRIVER_FILES=${VK_DRIVER_FILES:-unset}"
  nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm,clocks.sm,power.limit,temperature.gpu --format=csv | tee "$OUT/nvidia-smi.csv"
  GPU_NAME=$(nvidia-smi --query-gpu=name --format=csv,noheader | head -1)
fi
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2) × $(nproc)"
KERNELS=(--kernels)
[ "${BIGSTEP_KERNELS:-1}" = 0 ] && KERNELS=()
# The fused linear GD kernel (opt-in candidate) is timed beside the default path unless BIGSTEP_FUSED=0.
[ "${BIGSTEP_FUSED:-1}" = 0 ] || KERNELS+=(--fused)
# The 128×128-tile NTK kernels (opt-in candidate) likewise, unless BIGSTEP_NTK128=0.
[ "${BIGSTEP_NTK128:-1}" = 0 ] || KERNELS+=(--ntk128)
set -x
# Timed runs of 0.5 s (not 1 s): with the variant rows there are about 30 GPU rows, and a GPU's median
# of 5 half-second runs is steady; a later --seconds in the flags wins.
timeout ${BENCH_TIMEOUT:-300} $W/node $W/app/bench-node.mjs --data-dir $W/data --gpu-name "$GPU_NAME" --out "$OUT" --engines gpu-dawn --seconds 0.5 ${KERNELS[@]+"${KERNELS[@]}"} "$@" 2>&1 | tee "$OUT/bench.log"
