cat <<EOF > web.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: web
  labels:
    app: web
    tier: frontend
data:
  color: blue
  size: "10"
EOF
kubectl apply -f web.yaml
kubectl apply -f web.yaml
sed -i 's/blue/green/' web.yaml
kubectl apply -f web.yaml
kubectl get cm web -o jsonpath='{.data.color}{"\n"}'
# Somebody else adds a label; apply keeps it because apply only removes what it applied before.
kubectl label cm web owner=ops
# Drop the tier label and the size key from the file: apply removes them from the object.
cat <<EOF > web.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: web
  labels:
    app: web
data:
  color: green
EOF
kubectl apply -f web.yaml
kubectl get cm web --show-labels
kubectl get cm web -o jsonpath='{.data}{"\n"}'
kubectl get cm web -o jsonpath='{.metadata.annotations.kubectl\.kubernetes\.io/last-applied-configuration}'
kubectl apply -f web.yaml --dry-run=client -o yaml
cat <<EOF | kubectl apply -f -
apiVersion: v1
kind: Namespace
metadata:
  name: team-a
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: team-a
data:
  mode: fast
EOF
kubectl get cm -n team-a
mkdir manifests
cat <<EOF > manifests/a.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: a
EOF
cat <<EOF > manifests/b.yaml
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: b1
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: b2
EOF
kubectl apply -f manifests/
kubectl delete -f manifests/
