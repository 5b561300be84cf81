# breakfix: --cluster multinode
# Chapter 7 (book-hands-on.md #12): required pod anti-affinity on kubernetes.io/hostname with 3
# replicas, but only 2 schedulable workers (the control plane is tainted): one stays Pending.
cat <<'YAML' > deployment-schedule-handson.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: hello-server
  labels:
    app: hello-server
spec:
  replicas: 3
  selector:
    matchLabels:
      app: hello-server
  template:
    metadata:
      labels:
        app: hello-server
    spec:
      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
          - labelSelector:
              matchExpressions:
              - key: app
                operator: In
                values:
                - hello-server
            topologyKey: kubernetes.io/hostname
      containers:
      - name: hello-server
        image: blux2/hello-server:1.8
YAML
kubectl apply -f deployment-schedule-handson.yaml
sleep 20
kubectl get pods -o wide
kubectl get events --field-selector reason=FailedScheduling -o custom-columns=REASON:.reason,MESSAGE:.message
kubectl describe node kind-multinode-control-plane | grep Taints
# One of the four fixes of the book: fewer replicas.
kubectl scale deployment hello-server --replicas=2
sleep 5
kubectl get pods -o wide
