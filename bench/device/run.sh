#!/usr/bin/env bash
# Runs the benchmark on the GPU server from what bench/device/prepare.sh put in .device/ and .gl/:
# unpacks Node and Dawn under /tmp, installs the Vulkan loader when the machine has none, checks the
# adapter, runs the rows, and writes the JSON report and the log to $OUT.
#   bash bench/device/run.sh [bench flags...]      (e.g. --only 'linear|ntk-d784')
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
set -x
timeout ${BENCH_TIMEOUT:-330} $W/node $W/app/bench-node.mjs --data-dir $W/data --gpu-name "$GPU_NAME" --out "$OUT" --engines gpu-dawn "$@" 2>&1 | tee "$OUT/bench.log"
