#!/usr/bin/env bash
# Builds what the GPU server needs into .device/ (ignored through .git/info/exclude): this machine's
# Node binary (xz), Dawn for Node's linux-x64 addon (xz) with the package's index.js, the bundled
# benchmark, and the packed MNIST sets; and the Vulkan loader .debs into .gl/ (as the device README
# says). Run from the repository root: bash bench/device/prepare.sh
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
grep -qx '/.device/' .git/info/exclude || echo '/.device/' >>.git/info/exclude
grep -qx '/.gl/' .git/info/exclude || echo '/.gl/' >>.git/info/exclude
D=.device
mkdir -p $D/app/node_modules/webgpu/dist/linux-x64 $D/data
node --import tsx bench/node/build.ts bench/node-main.ts $D/app/bench-node.mjs
node --import tsx bench/device/pack-data.ts $D/data
# Only the files index.js needs; the whole package is 132 MB.
cp node_modules/webgpu/index.js node_modules/webgpu/package.json $D/app/node_modules/webgpu/
[ -f $D/dawn.node.xz ] || xz -T2 -6 -c node_modules/webgpu/dist/linux-x64/dawn.node >$D/dawn.node.xz
[ -f $D/node.xz ] || xz -T2 -6 -c "$(command -v node)" >$D/node.xz
tar -C $D -cJf $D/data.tar.xz data && rm -rf $D/data
if ! ls .gl/*.deb >/dev/null 2>&1; then
  mkdir -p .gl /tmp/amd64/partial
  o='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64'
  apt-get $o update -qq
  # The NVIDIA ICD (libGLX_nvidia.so.0) loads only beside libglvnd: its packages travel with the loader.
  (cd .gl && apt-get $o download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2)
fi
du -ch $D .gl | tail -1
