// The names Alibaba's Open-GPU-Share uses for GPU sharing (hkust-adsl/kubernetes-scheduler-simulator
// pkg/type/open-gpu-share/utils/const.go, also written by its data/pod_csv_to_yaml.py): node resources and label,
// pod annotations. The semantics live in src/scheduler/gpu-share.ts and the README "GPU sharing".

/** Per-device GPU milli a pod asks (annotation); on a node, the allocatable total (gpu-count × 1000). */
export const GPU_MILLI = 'alibabacloud.com/gpu-milli';
/** Devices a pod asks (annotation); on a node, its GPU count (allocatable). */
export const GPU_COUNT = 'alibabacloud.com/gpu-count';
/** The devices Reserve assigned, written on the pod at bind: "1", or "0-1-2-3" for several. */
export const GPU_INDEX = 'alibabacloud.com/gpu-index';
/** Node label: the GPU model; pod annotation: the accepted models, `|`-separated (`V100M16|V100M32`). */
export const GPU_MODEL = 'alibabacloud.com/gpu-card-model';
