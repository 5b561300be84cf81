# Book §4 #8: a liveness probe against delayfailserver, which turns unhealthy after ~10 s: restarts, then CrashLoopBackOff.
kubectl apply -f - <<YAML
apiVersion: v1
kind: Pod
metadata:
  name: httpserver-liveness
spec:
  containers:
  - name: httpserver
    image: blux2/delayfailserver:1.1
    livenessProbe:
      httpGet:
        path: /healthz
        port: 8080
      initialDelaySeconds: 5
      periodSeconds: 5
YAML
sleep 40
kubectl get pod httpserver-liveness
sleep 60
kubectl get pod httpserver-liveness
sleep 120
kubectl get pod httpserver-liveness
kubectl describe pod httpserver-liveness
kubectl logs httpserver-liveness --previous
