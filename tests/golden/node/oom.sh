# Book §4 #11: hello-server:1.7 leaks memory under a 100Mi limit: OOMKilled (exit 137), CrashLoopBackOff; fixed by 1.8.
kubectl apply -f - <<YAML
apiVersion: apps/v1
kind: Deployment
metadata:
  name: hello-server
  labels:
    app: hello-server
spec:
  replicas: 1
  selector:
    matchLabels:
      app: hello-server
  template:
    metadata:
      labels:
        app: hello-server
    spec:
      containers:
      - name: hello-server
        image: blux2/hello-server:1.7
        ports:
        - containerPort: 8080
        resources:
          requests:
            memory: 100Mi
            cpu: 10m
          limits:
            memory: 100Mi
            cpu: 10m
YAML
sleep 30
kubectl get pods
POD=$(kubectl get pods -l app=hello-server -o jsonpath='{.items[0].metadata.name}')
kubectl exec $POD -- sh
IP=$(kubectl get pod $POD -o jsonpath='{.status.podIP}')
kubectl run load --image=busybox:1.36.1 --restart=Never -- sh -c "while true; do wget -q -O- -T 2 http://$IP:8080; sleep 1; done"
sleep 10
kubectl get pods
sleep 30
kubectl get pods
sleep 60
kubectl get pods
kubectl get pod $POD -o jsonpath='{.status.podIP}'):8080
sleep 5
kubectl get pods
kubectl get pod $POD -o jsonpath='{.status.containerStatuses[0].lastState}'
echo
kubectl describe pod $POD
kubectl set image deployment/hello-server hello-server=blux2/hello-server:1.8
kubectl rollout status deployment/hello-server --timeout=120s
kubectl delete pod load --now
NEW=$(kubectl get pods -l app=hello-server -o jsonpath='{.items[0].status.podIP}')
kubectl run client --image=busybox:1.36.1 --rm -i --restart=Never -- wget -q -O- -T 2 http://$NEW:8080
