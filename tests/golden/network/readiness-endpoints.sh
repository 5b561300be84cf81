# Readiness decides membership: a pod that turns unready leaves the Service's endpoints (the
# EndpointSlice keeps it with ready=false) and comes back when it is ready again.
cat <<EOF > pod-readiness.yaml
apiVersion: v1
kind: Pod
metadata:
  name: httpserver-readiness
  labels:
    app: httpserver
spec:
  containers:
  - name: httpserver
    image: blux2/delayfailserver:1.1
    readinessProbe:
      httpGet:
        path: /healthz
        port: 8080
      initialDelaySeconds: 5
      periodSeconds: 5
EOF
cat <<EOF > toggle.yaml
apiVersion: v1
kind: Pod
metadata:
  name: toggle
  labels:
    app: httpserver
spec:
  containers:
  - name: busybox
    image: busybox:1.36.1
    command: ["sh", "-c", "touch /tmp/ready; sleep 9999"]
    readinessProbe:
      exec:
        command: ["cat", "/tmp/ready"]
      periodSeconds: 5
EOF
kubectl apply -f pod-readiness.yaml -f toggle.yaml
kubectl create service clusterip httpserver --tcp=8080:8080
sleep 15
kubectl get pods -o wide
kubectl get endpoints httpserver
kubectl get endpointslices -l kubernetes.io/service-name=httpserver
sleep 15
kubectl get pods
kubectl get endpoints httpserver
kubectl exec toggle -- rm /tmp/ready
sleep 20
kubectl get pods
kubectl get endpoints httpserver
kubectl get endpointslices -l kubernetes.io/service-name=httpserver -o jsonpath='{range .items[*].endpoints[*]}{.addresses[0]} ready={.conditions.ready} serving={.conditions.serving}{"\n"}{end}'
kubectl describe svc httpserver
kubectl exec toggle -- touch /tmp/ready
sleep 10
kubectl get endpoints httpserver
kubectl describe svc httpserver | grep Endpoints
