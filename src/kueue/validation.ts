// Admission validation of the Kueue objects of spec §1, as a client of the apiserver sees it (kueue ff69552e).
//
// A create passes two gates, and the first that finds problems answers alone:
//  1. the apiserver: the CRD's OpenAPI schema (config/components/crd/bases/*.yaml, generated from the
//     +kubebuilder markers in apis/kueue/v1beta2/*_types.go: required, enum, minItems/maxItems, maxLength, pattern,
//     minimum, list-map keys), then its CEL rules (x-kubernetes-validations). CEL is skipped, with a fieldless note,
//     when the schema found a Required, Unsupported, Too long or Too many error (as src/api/jobset-validation.ts).
//  2. the validating webhook (pkg/webhooks/{clusterqueue,cohort,resourceflavor,workload}_webhook.go, common.go).
//     LocalQueue, WorkloadPriorityClass and Topology have no webhook.
// validateX runs both gates; validateXSchema (schema + CEL) and validateXWebhook (what upstream's unit tests call)
// run one each. Inputs are validated as given, reading CRD defaults (queueingStrategy, preemption policies,
// flavorFungibility, podSet name/count) where a field is absent, since the apiserver applies them first.
//
// Messages: `message` is the upstream field.Error detail, or, for an error without one, its type text
// ("Duplicate value", "Required value"), never the "Invalid value: <v>: " prefix; `path` is upstream's field path
// (`spec.resourceGroups[0].flavors[1].resources[0].nominalQuota`, map keys as `[key]`). OpenAPI texts are
// go-openapi's ("<path> in body should have at least 1 items"), CEL texts the rule's message. Errors come in
// upstream's order within each gate (schema errors in field order, as upstream's order is unspecified).
// Not modelled: object metadata, ClusterQueue concurrentAdmissionPolicy (gate ConcurrentAdmission off),
// Workload status.conditions (metav1 ValidateConditions), the elastic-workload and AdmissionGatedBy rules, and
// update rules other than Topology levels'.
//
// This module is the entry point; the parts are in validation/: field-errors (types, texts, builders),
// resource-groups (shared by ClusterQueue and Cohort), cluster-queue, resource-flavor, workload, schema-only.
export * from './validation/cluster-queue.js';
export {
  CEL_BORROWING_LIMIT_MSG,
  CEL_FLAVOR_RESOURCES_MSG,
  CEL_MIN_COUNT_MSG,
  CEL_PREFERENCE_MSG,
  CEL_PRIORITY_MSG,
  CEL_SKIPPED_MSG,
  CEL_TOPOLOGY_HOSTNAME_MSG,
  CEL_TOPOLOGY_MUTABLE_MSG,
  CEL_TOPOLOGY_NODE_LABELS_MSG,
  CEL_TOPOLOGY_UNIQUE_MSG,
  DUPLICATE_TAINT_MSG,
  type FieldError,
  type FieldErrorType,
  IS_NEGATIVE_MSG,
  LENDING_LIMIT_MSG,
  LIMIT_NIL_WITHOUT_COHORT_MSG,
  LIMIT_NIL_WITHOUT_PARENT_MSG,
  MATCH_COVERED_RESOURCES_MSG,
  RECLAIM_NEVER_BORROW_MSG,
  type ValidationSource,
  WEIGHT_TOO_SMALL_MSG,
} from './validation/field-errors.js';
export * from './validation/resource-flavor.js';
export * from './validation/schema-only.js';
export * from './validation/workload.js';
