# breakfix: --cluster kind-nodeport
# Chapter 8's review, last stacked mistake (scenario 14 c): with the probes fixed the rollout
# completes, but the NodePort Service still targets 8081 while the app now listens on 8082.
cat <<EOF > hello-server.yaml
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
        image: blux2/hello-server:1.8
        env:
        - name: PORT
          valueFrom:
            configMapKeyRef:
              name: hello-server-configmap
              key: PORT
        resources:
          requests:
            memory: "256Mi"
            cpu: "10m"
          limits:
            memory: "256Mi"
            cpu: "10m"
        readinessProbe:
          httpGet:
            path: /health
            port: 8081
          initialDelaySeconds: 5
          periodSeconds: 5
        livenessProbe:
          httpGet:
            path: /health
            port: 8081
          initialDelaySeconds: 10
          periodSeconds: 5
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: hello-server-configmap
data:
  PORT: "8081"
  HOST: "localhost"
---
apiVersion: v1
kind: Service
metadata:
  name: hello-server-external
spec:
  type: NodePort
  selector:
    app: hello-server
  ports:
  - port: 8081
    targetPort: 8081
    nodePort: 30599
EOF
sed -e 's/hello-server:1.8/hello-server:2.0.1/' -e 's/"8081"/"8082"/' \
  -e 's#path: /health$#path: /healthz#' -e 's/^            port: 8081$/            port: 8082/' hello-server.yaml > hello-server-probes-fixed.yaml
sed -e 's/- port: 8081/- port: 8082/' -e 's/targetPort: 8081/targetPort: 8082/' hello-server-probes-fixed.yaml > handson-answer.yaml
kubectl apply -f hello-server.yaml
kubectl rollout status deployment/hello-server --timeout=120s
curl localhost:30599
kubectl apply -f hello-server-probes-fixed.yaml
kubectl rollout status deployment/hello-server --timeout=180s
sleep 30
kubectl get pods
curl localhost:30599; echo " exit=$?"
kubectl get svc hello-server-external
kubectl get endpoints hello-server-external
POD=$(kubectl get pods -l app=hello-server -o jsonpath='{.items[0].metadata.name}')
kubectl logs $POD
kubectl debug $POD --image=curlimages/curl:8.4.0 --target=hello-server -c curl-8082 -- curl -sS localhost:8082
sleep 5
kubectl logs $POD -c curl-8082; echo
kubectl diff -f handson-answer.yaml
kubectl apply -f handson-answer.yaml
sleep 2
kubectl get svc hello-server-external
curl localhost:30599
