# Book §4 #9: readiness probe on 8081 while the app listens on 8080; the busybox sidecar is ready: READY 1/2.
cat > deployment-destruction.yaml <<YAML
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
        image: blux2/hello-server:1.6
        ports:
        - containerPort: 8080
        readinessProbe:
          httpGet:
            path: /health
            port: 8081
          initialDelaySeconds: 5
          periodSeconds: 5
        livenessProbe:
          httpGet:
            path: /health
            port: 8080
          initialDelaySeconds: 10
          periodSeconds: 5
      - name: busybox
        image: busybox:1.36.1
        command:
        - sleep
        - "9999"
YAML
kubectl apply -f deployment-destruction.yaml
sleep 60
kubectl get pods
kubectl describe pods -l app=hello-server
kubectl logs deploy/hello-server --tail=3
kubectl patch deployment hello-server --type=json -p '[{"op":"replace","path":"/spec/template/spec/containers/0/readinessProbe/httpGet/port","value":8080}]'
kubectl rollout status deployment/hello-server --timeout=120s
kubectl get pods
