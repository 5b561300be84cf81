# kubectl expose: from files (the --dry-run=client outputs were checked against kubectl v1.32,
# which needs no object on the server for -f) and from live objects, with its errors.
cat <<EOF > deploy.yaml
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
        image: blux2/hello-server:1.0
        ports:
        - containerPort: 8080
          name: http
        - containerPort: 9090
          name: metrics
EOF
cat <<EOF > pod.yaml
apiVersion: v1
kind: Pod
metadata:
  name: myapp
  labels:
    app: myapp
spec:
  containers:
  - name: hello-server
    image: blux2/hello-server:1.0
    ports:
    - containerPort: 8080
EOF
cat <<EOF > pod-noport.yaml
apiVersion: v1
kind: Pod
metadata:
  name: noport
  labels:
    app: noport
spec:
  containers:
  - name: c
    image: nginx
EOF
cat <<EOF > pod-nolabels.yaml
apiVersion: v1
kind: Pod
metadata:
  name: nolabels
spec:
  containers:
  - name: c
    image: nginx
    ports:
    - containerPort: 80
EOF
cat <<EOF > svc.yaml
apiVersion: v1
kind: Service
metadata:
  name: hello-server-service
spec:
  selector:
    app: hello-server
  ports:
  - port: 8080
    targetPort: 8080
EOF
kubectl expose -f deploy.yaml --dry-run=client -o yaml; echo "rc=$?"
kubectl expose -f deploy.yaml --port=80 --target-port=http --name=web --type=NodePort --dry-run=client -o yaml; echo "rc=$?"
kubectl expose -f pod.yaml --dry-run=client -o yaml; echo "rc=$?"
kubectl expose -f pod-noport.yaml --dry-run=client -o yaml; echo "rc=$?"
kubectl expose -f pod-nolabels.yaml --dry-run=client -o yaml; echo "rc=$?"
kubectl expose -f svc.yaml --name=copy --type=LoadBalancer --dry-run=client -o yaml; echo "rc=$?"
kubectl expose -f pod.yaml --protocol=UDP --session-affinity=ClientIP --external-ip=1.2.3.4 -l tier=web --dry-run=client -o yaml; echo "rc=$?"
kubectl expose -f pod.yaml --cluster-ip=None --dry-run=client -o yaml; echo "rc=$?"
kubectl expose -f deploy.yaml --selector=app=other --port=81 --dry-run=client -o yaml; echo "rc=$?"
kubectl expose -f svc.yaml --dry-run=client -o yaml; echo "rc=$?"
kubectl expose; echo "rc=$?"
kubectl expose -f pod.yaml --port=abc --dry-run=client -o yaml; echo "rc=$?"
kubectl expose -f pod.yaml --port=80,81 --dry-run=client -o yaml
kubectl create deployment hello-server --image=blux2/hello-server:1.0 --port=8080
kubectl apply -f pod.yaml
kubectl expose deployment hello-server
kubectl expose deployment/hello-server --name=hello-np --type=NodePort --port=80 --target-port=8080
kubectl expose pod myapp --name=myapp-svc
kubectl expose svc hello-server --name=hello-copy --port=80 --target-port=8080
kubectl expose deployment hello-server
kubectl expose deployment nope --port=80
kubectl expose configmap kube-root-ca.crt --port=80
kubectl expose -f deploy.yaml --name=from-file --dry-run=server
sleep 10
kubectl get svc -o wide
kubectl get endpoints
