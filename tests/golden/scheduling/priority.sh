# breakfix: --cluster multinode
# Chapter 7: PriorityClass and preemption. A high-priority pod evicts a low-priority one when the
# workers are full; with `preemptionPolicy: Never` it waits instead.
kubectl get priorityclasses
kubectl create priorityclass high --value=1000 --description="high priority"
kubectl create priorityclass high-nonpreempting --value=1000 --preemption-policy=Never
kubectl create priorityclass low --value=10
cat <<'YAML' > low.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: low
spec:
  replicas: 2
  selector:
    matchLabels:
      app: low
  template:
    metadata:
      labels:
        app: low
    spec:
      priorityClassName: low
      containers:
      - name: app
        image: nginx:1.25.3
        resources:
          requests:
            memory: 4Gi
YAML
kubectl apply -f low.yaml
sleep 10
kubectl get pods -o wide
cat <<'YAML' > never.yaml
apiVersion: v1
kind: Pod
metadata:
  name: never
spec:
  priorityClassName: high-nonpreempting
  containers:
  - name: app
    image: nginx:1.25.3
    resources:
      requests:
        memory: 4Gi
YAML
kubectl apply -f never.yaml
sleep 5
kubectl get pod never
kubectl get events --field-selector involvedObject.name=never -o custom-columns=MESSAGE:.message
cat <<'YAML' > high.yaml
apiVersion: v1
kind: Pod
metadata:
  name: high
spec:
  priorityClassName: high
  containers:
  - name: app
    image: nginx:1.25.3
    resources:
      requests:
        memory: 4Gi
YAML
kubectl apply -f high.yaml
sleep 1
kubectl get pods -o wide
kubectl get pod high -o jsonpath='{.spec.priority} {.status.nominatedNodeName}{"\n"}'
sleep 40
kubectl get pods -o wide
kubectl get events --field-selector reason=Preempted -o custom-columns=REASON:.reason,OBJECT:.involvedObject.name,FROM:.reportingComponent
