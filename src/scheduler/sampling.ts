// percentageOfNodesToScore sampling, as kube-scheduler's schedule_one.go does it (spec §3.4):
// numFeasibleNodesToFind decides how many feasible nodes the Filter phase looks for before it stops, and
// nextStartNodeIndex rotates the node list so that every node gets an equal chance to be examined.

/** minFeasibleNodesToFind: below this many nodes every node is examined, and K is never smaller than this. */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;

/** minFeasibleNodesPercentageToFind: the floor of the adaptive percentage. */
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/** The base of the adaptive percentage: p = 50 − N/125. */
export const BASE_PERCENTAGE_OF_NODES_TO_SCORE = 50;

/** Go's int32 division truncates toward zero. */
function quo(a: number, b: number): number {
  return Math.trunc(a / b);
}

/**
 * Scheduler.numFeasibleNodesToFind(percentageOfNodesToScore *int32, numAllNodes int32):
 *  - fewer than 100 nodes: all of them;
 *  - the percentage is the profile's percentageOfNodesToScore when set (`profilePercentage`, even when 0),
 *    otherwise the global one (`percentageOfNodesToScore`);
 *  - a percentage of 0 means adaptive: 50 − N/125 (integer division), at least 5;
 *  - K = N·p/100 (integer division), at least 100.
 * Upstream API validation keeps percentages within 0–100; 100 gives K = N.
 */
export function numFeasibleNodesToFind(
  numAllNodes: number,
  percentageOfNodesToScore = 0,
  profilePercentage?: number,
): number {
  const n = Math.trunc(numAllNodes);
  if (n < MIN_FEASIBLE_NODES_TO_FIND) return n;
  let percentage = Math.trunc(profilePercentage ?? percentageOfNodesToScore);
  if (percentage === 0) {
    percentage = BASE_PERCENTAGE_OF_NODES_TO_SCORE - quo(n, 125);
    if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const numNodes = quo(n * percentage, 100);
  return Math.max(numNodes, MIN_FEASIBLE_NODES_TO_FIND);
}

/**
 * The rotation at the end of findNodesThatPassFilters:
 * `nextStartNodeIndex = (nextStartNodeIndex + processedNodes) % len(nodes)`, where processedNodes is the number
 * of feasible nodes found plus the number of nodes that got a failure status. (When there are no filter plugins
 * processedNodes is the K nodes taken.) Upstream never reaches this with zero nodes (ErrNoNodesAvailable comes
 * first); here zero nodes gives 0.
 */
export function nextStartIndex(prev: number, processed: number, numAllNodes: number): number {
  if (numAllNodes <= 0) return 0;
  return (prev + processed) % numAllNodes;
}

/** The outcome of one sequential sampling pass. */
export interface SampleResult {
  /** Indices (into the full node list) of the feasible nodes found, in examination order; at most K. */
  readonly feasible: number[];
  /** Nodes examined: feasible ones plus those that failed. */
  readonly processed: number;
  /** The start index for the next scheduling cycle. */
  readonly nextStart: number;
}

/**
 * A deterministic, sequential model of findNodesThatPassFilters: examine nodes (start + i) % N for i = 0, 1, …
 * and stop as soon as K = numFeasibleNodesToFind(N, …) feasible nodes are found, then rotate the start index by
 * the number of nodes examined. (Upstream checks nodes in parallel, so it may examine a few more nodes before
 * the cancellation lands; a simulator takes the sequential order.)
 */
export function sampleFeasibleNodes(
  numAllNodes: number,
  start: number,
  isFeasible: (index: number) => boolean,
  percentageOfNodesToScore = 0,
  profilePercentage?: number,
): SampleResult {
  if (numAllNodes <= 0) return { feasible: [], processed: 0, nextStart: 0 };
  const k = numFeasibleNodesToFind(numAllNodes, percentageOfNodesToScore, profilePercentage);
  const feasible: number[] = [];
  let processed = 0;
  for (let i = 0; i < numAllNodes && feasible.length < k; i++) {
    const index = (start + i) % numAllNodes;
    processed++;
    if (isFeasible(index)) feasible.push(index);
  }
  return { feasible, processed, nextStart: nextStartIndex(start, processed, numAllNodes) };
}
