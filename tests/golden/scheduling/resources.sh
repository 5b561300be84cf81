# Chapter 7 (book-hands-on.md #10): three replicas asking for 5Gi each on the one-node kind
# cluster (about 5.8Gi of memory): one Running, two Pending with "Insufficient memory".
cat <<'YAML' > deployment-resource-handson.yaml
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
      containers:
      - name: hello-server
        image: blux2/hello-server:1.6
        resources:
          requests:
            memory: "5Gi"
            cpu: "10m"
          limits:
            memory: "5Gi"
            cpu: "10m"
        readinessProbe:
          httpGet:
            path: /health
            port: 8080
          initialDelaySeconds: 5
          periodSeconds: 5
        livenessProbe:
          httpGet:
            path: /health
            port: 8080
          initialDelaySeconds: 10
          periodSeconds: 5
YAML
kubectl apply -f deployment-resource-handson.yaml
sleep 30
kubectl get pods -o wide
kubectl get events --field-selector reason=FailedScheduling
kubectl describe $(kubectl get pods --field-selector=status.phase=Pending -o name | head -1) | tail -4
kubectl describe node kind-control-plane | grep -A 6 "Allocated resources"
# The fix of the book: ask for 64Mi instead.
sed -i 's/5Gi/64Mi/' deployment-resource-handson.yaml
kubectl diff -f deployment-resource-handson.yaml | grep '^[-+] '
kubectl apply -f deployment-resource-handson.yaml
sleep 60
kubectl get pods
