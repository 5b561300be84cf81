/**
 * What `kubernetes-types` loses, put back by hand (and only that).
 *
 * kubernetes-types is generated from the apiserver's OpenAPI document, but its TypeScript cannot say
 * everything the OpenAPI said: every integer is `number` (int32? int64?), `[]byte` is `string`,
 * `IntOrString` is `number | string`, and string enums (`+enum` Go types such as RestartPolicy) are
 * plain `string`. The schema generator (scripts/gen-schema.ts) applies these small tables on top of
 * the generated JSON schema. Keys are `<module>.<Definition>.<property>` with the module as
 * kubernetes-types names it (`core/v1`, `apps/v1`, `meta/v1` …).
 *
 * Sources: the Go types in k8s.io/api (staging/src/k8s.io/api/<group>/<version>/types.go) and
 * k8s.io/apimachinery (pkg/apis/meta/v1/types.go), v1.32. The generator fails when an entry names a
 * field that does not exist, so the tables cannot silently rot.
 */

/**
 * Integer fields that are `int64` in Go. Every other integer in the supported kinds is `int32`:
 * Kubernetes API types use no floating-point fields (api-conventions: "Do not use floats").
 */
export const INT64_FIELDS: readonly string[] = [
  'meta/v1.ObjectMeta.generation',
  'meta/v1.ObjectMeta.deletionGracePeriodSeconds',
  'meta/v1.Condition.observedGeneration',
  'core/v1.PodSpec.terminationGracePeriodSeconds',
  'core/v1.PodSpec.activeDeadlineSeconds',
  'core/v1.Probe.terminationGracePeriodSeconds',
  'core/v1.SecurityContext.runAsUser',
  'core/v1.SecurityContext.runAsGroup',
  'core/v1.PodSecurityContext.runAsUser',
  'core/v1.PodSecurityContext.runAsGroup',
  'core/v1.PodSecurityContext.fsGroup',
  'core/v1.PodSecurityContext.supplementalGroups',
  'core/v1.Toleration.tolerationSeconds',
  'core/v1.ServiceAccountTokenProjection.expirationSeconds',
  'core/v1.SleepAction.seconds',
  'core/v1.ContainerImage.sizeBytes',
  'apps/v1.DeploymentStatus.observedGeneration',
  'apps/v1.ReplicaSetStatus.observedGeneration',
  'apps/v1.DaemonSetStatus.observedGeneration',
  'batch/v1.JobSpec.activeDeadlineSeconds',
  'batch/v1.CronJobSpec.startingDeadlineSeconds',
  'autoscaling/v2.HorizontalPodAutoscalerStatus.observedGeneration',
  'policy/v1.PodDisruptionBudgetStatus.observedGeneration',
];

/** `[]byte` fields (OpenAPI `format: byte`): base64 on the wire. For maps, the values are bytes. */
export const BYTE_FIELDS: readonly string[] = ['core/v1.Secret.data', 'core/v1.ConfigMap.binaryData'];

/**
 * Go `+enum` string types and their values (sorted, as the OpenAPI `enum` lists them). kubectl
 * explain prints them under ENUM:, the editor offers them, and strict decoding names the Go type
 * (`... of type v1.RestartPolicy`).
 */
export const ENUM_TYPES: Readonly<Record<string, readonly string[]>> = {
  'v1.AppArmorProfileType': ['Localhost', 'RuntimeDefault', 'Unconfined'],
  'v1.AzureDataDiskCachingMode': ['None', 'ReadOnly', 'ReadWrite'],
  'v1.AzureDataDiskKind': ['Dedicated', 'Managed', 'Shared'],
  'v1.ConcurrencyPolicy': ['Allow', 'Forbid', 'Replace'],
  'v1.CompletionMode': ['Indexed', 'NonIndexed'],
  'v1.DaemonSetUpdateStrategyType': ['OnDelete', 'RollingUpdate'],
  'v1.DeploymentStrategyType': ['Recreate', 'RollingUpdate'],
  'v1.DNSPolicy': ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'],
  'v1.HostPathType': [
    '',
    'BlockDevice',
    'CharDevice',
    'Directory',
    'DirectoryOrCreate',
    'File',
    'FileOrCreate',
    'Socket',
  ],
  'v1.IPFamilyPolicy': ['PreferDualStack', 'RequireDualStack', 'SingleStack'],
  'v1.LoadBalancerIPMode': ['Proxy', 'VIP'],
  'v1.MountPropagationMode': ['Bidirectional', 'HostToContainer', 'None'],
  'v1.NamespacePhase': ['Active', 'Terminating'],
  'v1.NodeInclusionPolicy': ['Honor', 'Ignore'],
  'v1.NodePhase': ['Pending', 'Running', 'Terminated'],
  'v1.NodeSelectorOperator': ['DoesNotExist', 'Exists', 'Gt', 'In', 'Lt', 'NotIn'],
  'v1.PersistentVolumeMode': ['Block', 'Filesystem'],
  'v1.PodFailurePolicyAction': ['Count', 'FailIndex', 'FailJob', 'Ignore'],
  'v1.PodFailurePolicyOnExitCodesOperator': ['In', 'NotIn'],
  'v1.PodFSGroupChangePolicy': ['Always', 'OnRootMismatch'],
  'v1.PodPhase': ['Failed', 'Pending', 'Running', 'Succeeded', 'Unknown'],
  'v1.PodQOSClass': ['BestEffort', 'Burstable', 'Guaranteed'],
  'v1.PodReplacementPolicy': ['Failed', 'TerminatingOrFailed'],
  'v1.PodResizeStatus': ['Deferred', 'InProgress', 'Infeasible', 'Proposed'],
  'v1.PreemptionPolicy': ['Never', 'PreemptLowerPriority'],
  'v1.ProcMountType': ['Default', 'Unmasked'],
  'v1.Protocol': ['SCTP', 'TCP', 'UDP'],
  'v1.PullPolicy': ['Always', 'IfNotPresent', 'Never'],
  'v1.ResourceResizeRestartPolicy': ['NotRequired', 'RestartContainer'],
  'v1.RestartPolicy': ['Always', 'Never', 'OnFailure'],
  'v1.SeccompProfileType': ['Localhost', 'RuntimeDefault', 'Unconfined'],
  'v1.ServiceAffinity': ['ClientIP', 'None'],
  'v1.ServiceExternalTrafficPolicy': ['Cluster', 'Local'],
  'v1.ServiceInternalTrafficPolicy': ['Cluster', 'Local'],
  'v1.ServiceType': ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'],
  'v1.TaintEffect': ['NoExecute', 'NoSchedule', 'PreferNoSchedule'],
  'v1.TerminationMessagePolicy': ['FallbackToLogsOnError', 'File'],
  'v1.TolerationOperator': ['Equal', 'Exists'],
  'v1.UnhealthyPodEvictionPolicyType': ['AlwaysAllow', 'IfHealthyBudget'],
  'v1.UnsatisfiableConstraintAction': ['DoNotSchedule', 'ScheduleAnyway'],
  'v1.URIScheme': ['HTTP', 'HTTPS'],
};

/** Which field has which enum type. Array fields get the enum on their items. */
export const ENUM_FIELDS: Readonly<Record<string, string>> = {
  'core/v1.Container.imagePullPolicy': 'v1.PullPolicy',
  'core/v1.EphemeralContainer.imagePullPolicy': 'v1.PullPolicy',
  'core/v1.Container.terminationMessagePolicy': 'v1.TerminationMessagePolicy',
  'core/v1.EphemeralContainer.terminationMessagePolicy': 'v1.TerminationMessagePolicy',
  'core/v1.ContainerPort.protocol': 'v1.Protocol',
  'core/v1.ServicePort.protocol': 'v1.Protocol',
  'core/v1.EndpointPort.protocol': 'v1.Protocol',
  'core/v1.PortStatus.protocol': 'v1.Protocol',
  'discovery/v1.EndpointPort.protocol': 'v1.Protocol',
  'core/v1.PodSpec.restartPolicy': 'v1.RestartPolicy',
  'core/v1.PodSpec.dnsPolicy': 'v1.DNSPolicy',
  'core/v1.PodSpec.preemptionPolicy': 'v1.PreemptionPolicy',
  'scheduling/v1.PriorityClass.preemptionPolicy': 'v1.PreemptionPolicy',
  'core/v1.HTTPGetAction.scheme': 'v1.URIScheme',
  'core/v1.Toleration.operator': 'v1.TolerationOperator',
  'core/v1.Toleration.effect': 'v1.TaintEffect',
  'core/v1.Taint.effect': 'v1.TaintEffect',
  'core/v1.NodeSelectorRequirement.operator': 'v1.NodeSelectorOperator',
  'core/v1.TopologySpreadConstraint.whenUnsatisfiable': 'v1.UnsatisfiableConstraintAction',
  'core/v1.TopologySpreadConstraint.nodeAffinityPolicy': 'v1.NodeInclusionPolicy',
  'core/v1.TopologySpreadConstraint.nodeTaintsPolicy': 'v1.NodeInclusionPolicy',
  'core/v1.ServiceSpec.type': 'v1.ServiceType',
  'core/v1.ServiceSpec.sessionAffinity': 'v1.ServiceAffinity',
  'core/v1.ServiceSpec.externalTrafficPolicy': 'v1.ServiceExternalTrafficPolicy',
  'core/v1.ServiceSpec.internalTrafficPolicy': 'v1.ServiceInternalTrafficPolicy',
  'core/v1.ServiceSpec.ipFamilyPolicy': 'v1.IPFamilyPolicy',
  'core/v1.LoadBalancerIngress.ipMode': 'v1.LoadBalancerIPMode',
  'core/v1.PodStatus.phase': 'v1.PodPhase',
  'core/v1.PodStatus.qosClass': 'v1.PodQOSClass',
  'core/v1.PodStatus.resize': 'v1.PodResizeStatus',
  'core/v1.NamespaceStatus.phase': 'v1.NamespacePhase',
  'core/v1.NodeStatus.phase': 'v1.NodePhase',
  'core/v1.VolumeMount.mountPropagation': 'v1.MountPropagationMode',
  'core/v1.HostPathVolumeSource.type': 'v1.HostPathType',
  'core/v1.PodSecurityContext.fsGroupChangePolicy': 'v1.PodFSGroupChangePolicy',
  'core/v1.SeccompProfile.type': 'v1.SeccompProfileType',
  'core/v1.AppArmorProfile.type': 'v1.AppArmorProfileType',
  'core/v1.SecurityContext.procMount': 'v1.ProcMountType',
  'core/v1.ContainerResizePolicy.restartPolicy': 'v1.ResourceResizeRestartPolicy',
  'core/v1.PersistentVolumeClaimSpec.volumeMode': 'v1.PersistentVolumeMode',
  'core/v1.AzureDiskVolumeSource.cachingMode': 'v1.AzureDataDiskCachingMode',
  'core/v1.AzureDiskVolumeSource.kind': 'v1.AzureDataDiskKind',
  'apps/v1.DeploymentStrategy.type': 'v1.DeploymentStrategyType',
  'apps/v1.DaemonSetUpdateStrategy.type': 'v1.DaemonSetUpdateStrategyType',
  'batch/v1.CronJobSpec.concurrencyPolicy': 'v1.ConcurrencyPolicy',
  'batch/v1.JobSpec.completionMode': 'v1.CompletionMode',
  'batch/v1.JobSpec.podReplacementPolicy': 'v1.PodReplacementPolicy',
  'batch/v1.PodFailurePolicyRule.action': 'v1.PodFailurePolicyAction',
  'batch/v1.PodFailurePolicyOnExitCodesRequirement.operator': 'v1.PodFailurePolicyOnExitCodesOperator',
  'policy/v1.PodDisruptionBudgetSpec.unhealthyPodEvictionPolicy': 'v1.UnhealthyPodEvictionPolicyType',
};

/**
 * Other named Go types that strict-decoding errors print (`... of type v1.ResourceList`). Only the
 * ones a user is likely to hit; any field not listed prints its underlying type (`string`,
 * `map[string]string` …), which is what Go prints for unnamed types.
 */
export const GO_TYPE_FIELDS: Readonly<Record<string, string>> = {
  'core/v1.ResourceRequirements.limits': 'v1.ResourceList',
  'core/v1.ResourceRequirements.requests': 'v1.ResourceList',
  'core/v1.VolumeResourceRequirements.limits': 'v1.ResourceList',
  'core/v1.VolumeResourceRequirements.requests': 'v1.ResourceList',
  'core/v1.NodeStatus.capacity': 'v1.ResourceList',
  'core/v1.NodeStatus.allocatable': 'v1.ResourceList',
  'core/v1.PodSpec.overhead': 'v1.ResourceList',
  'core/v1.ContainerStatus.allocatedResources': 'v1.ResourceList',
  'meta/v1.ObjectMeta.uid': 'types.UID',
  'meta/v1.OwnerReference.uid': 'types.UID',
  'core/v1.ObjectReference.uid': 'types.UID',
  'core/v1.Secret.type': 'v1.SecretType',
  'core/v1.NamespaceSpec.finalizers': '[]v1.FinalizerName',
  'core/v1.Capabilities.add': '[]v1.Capability',
  'core/v1.Capabilities.drop': '[]v1.Capability',
  'core/v1.ServiceSpec.ipFamilies': '[]v1.IPFamily',
  'core/v1.PodCondition.type': 'v1.PodConditionType',
  'core/v1.PodCondition.status': 'v1.ConditionStatus',
  'core/v1.NodeCondition.type': 'v1.NodeConditionType',
  'core/v1.NodeCondition.status': 'v1.ConditionStatus',
};

/**
 * Descriptions of the shared named schemas that kubernetes-types does not carry as a type
 * (IntOrString is inlined as `number | string`). Text from apimachinery's Go doc comment, as the
 * OpenAPI document has it (kubectl explain prints it under the field's own description).
 */
export const INT_OR_STRING_DESCRIPTION =
  'IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.';
