kubectl get pod nosuch
echo "exit code $?"
kubectl get deploy nosuch
kubectl describe pod nosuch
kubectl delete pod nosuch
kubectl get foos
echo "exit code $?"
kubectl create namespace dev
kubectl create namespace dev
echo "exit code $?"
kubectl create deployment web --image=nginx
kubectl create deployment web --image=nginx
cat <<EOF > bad.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: bad
spec:
  selector:
    matchLabels:
      app: bad
  template:
    metadata:
      labels:
        app: other
    spec:
      containers:
      - name: web
        image: nginx
EOF
kubectl create -f bad.yaml
echo "exit code $?"
kubectl apply -f bad.yaml
cat <<EOF > bad2.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: bad2
spec:
  template:
    metadata:
      labels:
        app: bad2
    spec:
      containers:
      - name: web
        image: nginx
EOF
kubectl create -f bad2.yaml
cat <<EOF > typo.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: typo
spec:
  replica: 3
  selector:
    matchLabels:
      app: typo
  template:
    metadata:
      labels:
        app: typo
    spec:
      containers:
      - name: web
        image: nginx
EOF
kubectl apply -f typo.yaml
cat <<EOF > My_App.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: My_App
EOF
kubectl apply -f My_App.yaml
cat <<EOF > broken.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: [oops
EOF
kubectl apply -f broken.yaml
cat <<EOF > nokind.yaml
apiVersion: v1
metadata:
  name: x
EOF
kubectl apply -f nokind.yaml
cat <<EOF > unknownkind.yaml
apiVersion: v1
kind: Widget
metadata:
  name: x
EOF
kubectl apply -f unknownkind.yaml
kubectl create configmap conflict-demo --from-literal=a=1
kubectl get cm conflict-demo -o yaml > stale.yaml
kubectl label cm conflict-demo changed=yes
kubectl replace -f stale.yaml
echo "exit code $?"
kubectl create -f missing.yaml
kubectl create deployment nope
kubectl create cronjob bad --image=busybox --schedule="* * * *"
kubectl get pods --nosuchflag
kubectl nosuchverb
kubectl create configmap x --from-literal=a=1 -n nosuch-ns
