# breakfix: --cluster multinode
# Chapter 7: nodeSelector `disktype: ssd` stays Pending until a node has the label; preferred
# node affinity (weight 1) picks the labelled node when there is a choice.
cat <<'YAML' > pod-nodeselector.yaml
apiVersion: v1
kind: Pod
metadata:
  name: nginx
spec:
  containers:
  - name: nginx
    image: nginx:1.25.3
  nodeSelector:
    disktype: ssd
YAML
kubectl apply -f pod-nodeselector.yaml
sleep 5
kubectl get pod nginx -o wide
kubectl describe pod nginx | tail -3
kubectl label nodes kind-multinode-worker2 disktype=ssd
sleep 10
kubectl get pod nginx -o wide
kubectl get events --field-selector involvedObject.name=nginx -o custom-columns=TYPE:.type,REASON:.reason,FROM:.reportingComponent,MESSAGE:.message
kubectl get nodes -L disktype
cat <<'YAML' > pod-node-affinity.yaml
apiVersion: v1
kind: Pod
metadata:
  name: node-affinity-pod
spec:
  affinity:
    nodeAffinity:
      preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 1
        preference:
          matchExpressions:
          - key: disktype
            operator: In
            values:
            - ssd
  containers:
  - name: nginx
    image: nginx:1.25.3
YAML
kubectl apply -f pod-node-affinity.yaml
sleep 10
kubectl get pod node-affinity-pod -o wide
kubectl label nodes kind-multinode-worker2 disktype-
