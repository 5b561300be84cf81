# breakfix: --cluster multinode
# Chapter 7: a `disktype=ssd:NoSchedule` taint keeps pods away unless they tolerate it.
kubectl taint nodes kind-multinode-worker disktype=ssd:NoSchedule
kubectl taint nodes kind-multinode-worker2 disktype=ssd:NoSchedule
kubectl describe node kind-multinode-worker | grep -A 1 Taints
cat <<'YAML' > plain.yaml
apiVersion: v1
kind: Pod
metadata:
  name: plain
spec:
  containers:
  - name: nginx
    image: nginx:1.25.3
YAML
kubectl apply -f plain.yaml
sleep 5
kubectl get pod plain
kubectl get events --field-selector involvedObject.name=plain -o custom-columns=MESSAGE:.message
cat <<'YAML' > pod-tolerations.yaml
apiVersion: v1
kind: Pod
metadata:
  name: nginx
spec:
  containers:
  - name: nginx
    image: nginx:1.25.3
    imagePullPolicy: IfNotPresent
  tolerations:
  - key: "disktype"
    operator: "Equal"
    value: "ssd"
    effect: "NoSchedule"
YAML
kubectl apply -f pod-tolerations.yaml
sleep 10
kubectl get pods -o wide
# Removing the taint from one worker lets the plain pod in.
kubectl taint nodes kind-multinode-worker disktype=ssd:NoSchedule-
sleep 10
kubectl get pods -o wide
kubectl taint nodes kind-multinode-worker2 disktype-
# Removing it twice is an error.
kubectl taint nodes kind-multinode-worker2 disktype-
