# breakfix: --cluster multinode
# Chapter 7: topology spread on the key `zone`. kind nodes have no `zone` label, so the pod stays
# Pending until the nodes get one.
cat <<'YAML' > pod-topology.yaml
apiVersion: v1
kind: Pod
metadata:
  name: mypod
  labels:
    app: nginx
spec:
  topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: zone
    whenUnsatisfiable: DoNotSchedule
    labelSelector:
      matchLabels:
        app: nginx
  containers:
  - name: nginx
    image: nginx:1.25.3
YAML
kubectl apply -f pod-topology.yaml
sleep 5
kubectl get pod mypod
kubectl describe pod mypod | tail -1
kubectl label nodes kind-multinode-worker zone=a
kubectl label nodes kind-multinode-worker2 zone=b
sleep 10
kubectl get pods -o wide -L app
kubectl get nodes -L zone
