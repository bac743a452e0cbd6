/**
 * Every source the catalog, its efficiencies and its warnings cite, written once and
 * referred to by id. `kind` says what sort of authority it is: a vendor's own page or
 * document, a standard, a framework's documentation, a public measurement (an issue, a
 * benchmark table), or a third-party reference used only where no vendor figure exists.
 * Pure data.
 */

export type SourceKind = 'vendor' | 'standard' | 'documentation' | 'measurement' | 'third-party';

export interface Source {
  title: string;
  url: string;
  kind: SourceKind;
}

const vendor = (title: string, url: string): Source => ({ title, url, kind: 'vendor' });
const docs = (title: string, url: string): Source => ({ title, url, kind: 'documentation' });
const measured = (title: string, url: string): Source => ({ title, url, kind: 'measurement' });

const SOURCE_TABLE = {
  // NVIDIA data centre.
  'nvidia-h100': vendor(
    'NVIDIA H100 Tensor Core GPU, specifications',
    'https://www.nvidia.com/en-us/data-center/h100/',
  ),
  'nvidia-hopper-whitepaper': vendor(
    'NVIDIA H100 Tensor Core GPU Architecture (Hopper whitepaper)',
    'https://resources.nvidia.com/en-us-tensor-core/gtc22-whitepaper-hopper',
  ),
  'nvidia-h200': vendor(
    'NVIDIA H200 Tensor Core GPU, specifications',
    'https://www.nvidia.com/en-us/data-center/h200/',
  ),
  'nvidia-a100-datasheet': vendor(
    'NVIDIA A100 Tensor Core GPU datasheet',
    'https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/a100/pdf/nvidia-a100-datasheet-us-nvidia-1758950-r4-web.pdf',
  ),
  'nvidia-ampere-whitepaper': vendor(
    'NVIDIA A100 Tensor Core GPU Architecture (Ampere GA100 whitepaper)',
    'https://images.nvidia.com/aem-dam/en-zz/Solutions/data-center/nvidia-ampere-architecture-whitepaper.pdf',
  ),
  'nvidia-l40s': vendor('NVIDIA L40S GPU, specifications', 'https://www.nvidia.com/en-us/data-center/l40s/'),
  'nvidia-l4': vendor('NVIDIA L4 Tensor Core GPU, specifications', 'https://www.nvidia.com/en-us/data-center/l4/'),
  'nvidia-a10': vendor(
    'NVIDIA A10 Tensor Core GPU, specifications',
    'https://www.nvidia.com/en-us/data-center/products/a10-gpu/',
  ),
  'nvidia-t4-datasheet': vendor(
    'NVIDIA T4 Tensor Core GPU datasheet',
    'https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/tesla-t4/t4-tensor-core-datasheet-951643.pdf',
  ),
  'nvidia-turing-whitepaper': vendor(
    'NVIDIA Turing GPU Architecture whitepaper',
    'https://images.nvidia.com/aem-dam/en-zz/Solutions/design-visualization/technologies/turing-architecture/NVIDIA-Turing-Architecture-Whitepaper.pdf',
  ),
  'nvidia-v100-datasheet': vendor(
    'NVIDIA Tesla V100 datasheet',
    'https://images.nvidia.com/content/technologies/volta/pdf/volta-v100-datasheet-update-us-1165301-r5.pdf',
  ),
  'nvidia-volta-whitepaper': vendor(
    'NVIDIA Tesla V100 GPU Architecture (Volta whitepaper)',
    'https://images.nvidia.com/content/volta-architecture/pdf/volta-architecture-whitepaper.pdf',
  ),
  'nvidia-p100-datasheet': vendor(
    'NVIDIA Tesla P100 PCIe datasheet',
    'https://images.nvidia.com/content/tesla/pdf/nvidia-tesla-p100-PCIe-datasheet.pdf',
  ),
  'nvidia-pascal-whitepaper': vendor(
    'NVIDIA Tesla P100 (Pascal GP100 whitepaper)',
    'https://images.nvidia.com/content/pdf/tesla/whitepaper/pascal-architecture-whitepaper.pdf',
  ),
  'nvidia-rtx-a6000': vendor(
    'NVIDIA RTX A6000, specifications',
    'https://www.nvidia.com/en-us/design-visualization/rtx-a6000/',
  ),
  // NVIDIA GeForce.
  'nvidia-ga102-whitepaper': vendor(
    'NVIDIA Ampere GA102 GPU Architecture whitepaper',
    'https://www.nvidia.com/content/PDF/nvidia-ampere-ga-102-gpu-architecture-whitepaper-v2.pdf',
  ),
  'nvidia-ada-whitepaper': vendor(
    'NVIDIA Ada GPU Architecture whitepaper',
    'https://images.nvidia.com/aem-dam/Solutions/geforce/ada/nvidia-ada-gpu-architecture.pdf',
  ),
  'nvidia-rtx-blackwell-whitepaper': vendor(
    'NVIDIA RTX Blackwell GPU Architecture whitepaper',
    'https://images.nvidia.com/aem-dam/Solutions/geforce/blackwell/nvidia-rtx-blackwell-gpu-architecture.pdf',
  ),
  'nvidia-rtx-5090': vendor(
    'GeForce RTX 5090, specifications',
    'https://www.nvidia.com/en-us/geforce/graphics-cards/50-series/rtx-5090/',
  ),
  'nvidia-rtx-4090': vendor(
    'GeForce RTX 4090, specifications',
    'https://www.nvidia.com/en-us/geforce/graphics-cards/40-series/rtx-4090/',
  ),
  'nvidia-rtx-4080': vendor(
    'GeForce RTX 4080 family, specifications',
    'https://www.nvidia.com/en-us/geforce/graphics-cards/40-series/rtx-4080-family/',
  ),
  'nvidia-rtx-4070': vendor(
    'GeForce RTX 4070 family, specifications',
    'https://www.nvidia.com/en-us/geforce/graphics-cards/40-series/rtx-4070-family/',
  ),
  'nvidia-rtx-4060': vendor(
    'GeForce RTX 4060 Ti and 4060, specifications',
    'https://www.nvidia.com/en-us/geforce/graphics-cards/40-series/rtx-4060-4060ti/',
  ),
  'nvidia-rtx-3090': vendor(
    'GeForce RTX 3090 family, specifications',
    'https://www.nvidia.com/en-us/geforce/graphics-cards/30-series/rtx-3090-3090ti/',
  ),
  'nvidia-rtx-3080': vendor(
    'GeForce RTX 3080 family, specifications',
    'https://www.nvidia.com/en-us/geforce/graphics-cards/30-series/rtx-3080-3080ti/',
  ),
  'nvidia-rtx-3060': vendor(
    'GeForce RTX 3060 family, specifications',
    'https://www.nvidia.com/en-us/geforce/graphics-cards/30-series/rtx-3060-3060ti/',
  ),
  'cuda-guide-throughput': docs(
    'CUDA C++ Programming Guide: arithmetic instruction throughput per compute capability',
    'https://docs.nvidia.com/cuda/cuda-c-programming-guide/index.html#arithmetic-instructions',
  ),
  // AMD.
  'amd-mi300x': vendor(
    'AMD Instinct MI300X accelerator, specifications',
    'https://www.amd.com/en/products/accelerators/instinct/mi300/mi300x.html',
  ),
  'amd-cdna3-whitepaper': vendor(
    'AMD CDNA 3 architecture whitepaper',
    'https://www.amd.com/content/dam/amd/en/documents/instinct-tech-docs/white-papers/amd-cdna-3-white-paper.pdf',
  ),
  'amd-mi210': vendor(
    'AMD Instinct MI210 accelerator, specifications',
    'https://www.amd.com/en/products/accelerators/instinct/mi200/mi210.html',
  ),
  'amd-cdna2-whitepaper': vendor(
    'AMD CDNA 2 architecture whitepaper',
    'https://www.amd.com/content/dam/amd/en/documents/instinct-business-docs/white-papers/amd-cdna2-white-paper.pdf',
  ),
  'amd-rx-7900-xtx': vendor(
    'AMD Radeon RX 7900 XTX, specifications',
    'https://www.amd.com/en/products/graphics/desktops/radeon/7000-series/amd-radeon-rx-7900xtx.html',
  ),
  'amd-rx-7900-xt': vendor(
    'AMD Radeon RX 7900 XT, specifications',
    'https://www.amd.com/en/products/graphics/desktops/radeon/7000-series/amd-radeon-rx-7900xt.html',
  ),
  // Intel.
  'intel-arc-a770': vendor(
    'Intel Arc A770 Graphics (16 GB), specifications',
    'https://www.intel.com/content/www/us/en/products/sku/229151/intel-arc-a770-graphics-16gb/specifications.html',
  ),
  // Apple.
  'apple-m1-pro-max': vendor(
    'Apple: Introducing M1 Pro and M1 Max (October 2021)',
    'https://www.apple.com/newsroom/2021/10/introducing-m1-pro-and-m1-max-the-most-powerful-chips-apple-has-ever-built/',
  ),
  'apple-m2-pro-max': vendor(
    'Apple unveils M2 Pro and M2 Max (January 2023)',
    'https://www.apple.com/newsroom/2023/01/apple-unveils-m2-pro-and-m2-max-next-generation-chips-for-next-level-workflows/',
  ),
  'apple-m3': vendor(
    'Apple unveils M3, M3 Pro, and M3 Max (October 2023)',
    'https://www.apple.com/newsroom/2023/10/apple-unveils-m3-m3-pro-and-m3-max-the-most-advanced-chips-for-a-personal-computer/',
  ),
  'apple-m4-pro-max': vendor(
    'Apple introduces M4 Pro and M4 Max (October 2024)',
    'https://www.apple.com/newsroom/2024/10/apple-introduces-m4-pro-and-m4-max/',
  ),
  'apple-m4': vendor(
    'Apple introduces M4 chip (May 2024)',
    'https://www.apple.com/newsroom/2024/05/apple-introduces-m4-chip/',
  ),
  'apple-metal-storage': docs(
    'Apple: Choosing a resource storage mode for Apple GPUs (shared memory, no copy)',
    'https://developer.apple.com/documentation/metal/choosing-a-resource-storage-mode-for-apple-gpus',
  ),
  'metal-benchmarks': {
    title: 'philipturner/metal-benchmarks: Apple GPU ALUs per core, FP16 and FP64 rates',
    url: 'https://github.com/philipturner/metal-benchmarks',
    kind: 'third-party',
  },
  'apple-gpu-clocks': {
    title: 'hmc-tech GPU database: Apple GPU clocks (M1 Max 1296, M2/M3 Max 1398, M4 1470, M4 Max 1678 MHz)',
    url: 'https://hmc-tech.com/gpu/apple-32-core-m4-max-vs-apple-40-core-m3-max',
    kind: 'third-party',
  },
  'pytorch-mps': docs('PyTorch: MPS backend', 'https://pytorch.org/docs/stable/notes/mps.html'),
  // Standards.
  'pcie-spec': {
    title: 'PCI-SIG: PCI Express Base Specification (8, 16, 32 GT/s per lane; 128b/130b encoding)',
    url: 'https://pcisig.com/specifications',
    kind: 'standard',
  },
  // Measurements behind the typical efficiencies.
  'ml-engineering-mamf': measured(
    'ml-engineering: Maximum Achievable Matmul FLOPS (MAMF) comparison table',
    'https://github.com/stas00/ml-engineering/blob/master/compute/accelerator/README.md#maximum-achievable-matmul-flops-comparison-table',
  ),
  'mli-benchmarks-4': measured(
    'mli/transformers-benchmarks #4: matmul TFLOPS by size and memory bandwidth, RTX 4090 and A800',
    'https://github.com/mli/transformers-benchmarks/issues/4',
  ),
  'calculon-systems': measured(
    'calculon: A100 and H100 system files, efficiency by operation size',
    'https://github.com/calculon-ai/calculon/blob/main/systems/h100_80g_nvl8.json',
  ),
  'clpeak-4090': measured(
    'clpeak #106: RTX 4090 global memory bandwidth and compute',
    'https://github.com/krrishnarraj/clpeak/issues/106',
  ),
  'pytorch-tf32': docs(
    'PyTorch CUDA semantics: TensorFloat-32 on Ampere and later (A100 matmul, FP32 against TF32)',
    'https://pytorch.org/docs/stable/notes/cuda.html#tensorfloat-32-tf32-on-ampere-and-later-devices',
  ),
  'h100-hpl': measured(
    'Glenn Lockwood: H100 (HPL per GPU in the Top500 list)',
    'https://glennklockwood.com/garden/processors/h100',
  ),
  'flashattention-2': measured(
    'FlashAttention-2 (Dao, 2023): 50–73 % of A100 peak',
    'https://arxiv.org/abs/2307.08691',
  ),
  'flashattention-3': measured(
    'FlashAttention-3 (Shah et al., 2024): FlashAttention-2 at 35 % of H100 peak',
    'https://arxiv.org/abs/2407.08608',
  ),
  'nvbandwidth-42': measured(
    'NVIDIA/nvbandwidth #42: A100 pinned host-to-device copies by buffer size',
    'https://github.com/NVIDIA/nvbandwidth/issues/42',
  ),
  'nvbandwidth-24': measured(
    'NVIDIA/nvbandwidth #24: H100 host-to-device against device-to-host',
    'https://github.com/NVIDIA/nvbandwidth/issues/24',
  ),
  'nvbandwidth-15': measured(
    'NVIDIA/nvbandwidth #15: RTX 4090 copy-engine host↔device bandwidth',
    'https://github.com/NVIDIA/nvbandwidth/issues/15',
  ),
  'pytorch-138018': measured(
    'pytorch/pytorch #138018: A100 device-to-host, pageable against pinned',
    'https://github.com/pytorch/pytorch/pull/138018',
  ),
  'pytorch-41383': measured(
    'pytorch/pytorch #41383: 5–7 µs of overhead per PyTorch operation',
    'https://github.com/pytorch/pytorch/issues/41383',
  ),
  'tritonbench-1017': measured(
    'meta-pytorch/tritonbench #1017: cuLaunchKernel 3.0 µs per launch',
    'https://github.com/meta-pytorch/tritonbench/pull/1017',
  ),
  'pytorch-cuda-graphs': docs(
    'PyTorch blog: Accelerating PyTorch with CUDA Graphs',
    'https://pytorch.org/blog/accelerating-pytorch-with-cuda-graphs/',
  ),
  // Documentation behind the warnings.
  'cuda-best-practices-transfers': docs(
    'CUDA C++ Best Practices Guide: data transfer between host and device',
    'https://docs.nvidia.com/cuda/cuda-c-best-practices-guide/index.html#data-transfer-between-host-and-device',
  ),
  'nvidia-blog-transfers': docs(
    'NVIDIA developer blog: How to Optimize Data Transfers in CUDA C/C++',
    'https://developer.nvidia.com/blog/how-optimize-data-transfers-cuda-cc/',
  ),
  'pytorch-pinned-tutorial': docs(
    'PyTorch tutorial: A guide on good usage of non_blocking and pin_memory()',
    'https://pytorch.org/tutorials/intermediate/pinmem_nonblock.html',
  ),
  'pytorch-async': docs(
    'PyTorch CUDA semantics: asynchronous execution',
    'https://pytorch.org/docs/stable/notes/cuda.html#asynchronous-execution',
  ),
  'jax-async': docs('JAX: asynchronous dispatch', 'https://docs.jax.dev/en/latest/async_dispatch.html'),
  'jax-benchmarking': docs(
    'JAX FAQ: benchmarking JAX code (compilation on the first call)',
    'https://docs.jax.dev/en/latest/faq.html#benchmarking-jax-code',
  ),
  'pytorch-memory': docs(
    'PyTorch CUDA semantics: memory management',
    'https://pytorch.org/docs/stable/notes/cuda.html#memory-management',
  ),
  'triton-do-bench': docs(
    'Triton testing.do_bench: clears a 256 MB buffer before each run so L2 starts cold',
    'https://github.com/triton-lang/triton/blob/main/python/triton/testing.py',
  ),
  'ml-engineering-tflops': docs(
    'ml-engineering: TFLOPS comparison table and the note on sparse figures',
    'https://github.com/stas00/ml-engineering/blob/master/compute/accelerator/README.md#tflops-comparison-table',
  ),
} as const satisfies Record<string, Source>;

export type SourceId = keyof typeof SOURCE_TABLE;

/** Every source by id. */
export const SOURCES: Readonly<Record<SourceId, Source>> = SOURCE_TABLE;

/** The source behind an id. */
export function sourceOf(id: SourceId): Source {
  return SOURCES[id];
}
