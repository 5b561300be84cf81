# Garbage collection follows ownerReferences: deleting the owner deletes its dependents,
# unless the deletion orphans them.
kubectl create configmap owner --from-literal=a=1
OWNER_UID=$(kubectl get cm owner -o jsonpath='{.metadata.uid}')
cat <<EOF > dependents.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: child-1
  ownerReferences:
  - apiVersion: v1
    kind: ConfigMap
    name: owner
    uid: $OWNER_UID
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: child-2
  ownerReferences:
  - apiVersion: v1
    kind: ConfigMap
    name: owner
    uid: $OWNER_UID
EOF
kubectl apply -f dependents.yaml
kubectl get cm
kubectl delete cm owner
kubectl get cm
kubectl create configmap owner2 --from-literal=a=1
OWNER_UID=$(kubectl get cm owner2 -o jsonpath='{.metadata.uid}')
sed -i "s/name: owner$/name: owner2/" dependents.yaml
sed -i "s/uid: .*/uid: $OWNER_UID/" dependents.yaml
kubectl apply -f dependents.yaml
kubectl delete cm owner2 --cascade=orphan
kubectl get cm
kubectl get cm child-1 -o jsonpath='{.metadata.ownerReferences}'
echo "[end]"
kubectl delete cm child-1 child-2
