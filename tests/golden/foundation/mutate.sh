kubectl create configmap demo --from-literal=a=1
kubectl label configmap demo app=demo
kubectl label configmap demo app=other
kubectl label configmap demo app=other --overwrite
kubectl label configmap demo app-
kubectl annotate configmap demo note='hello world'
kubectl get cm demo -o jsonpath='{.metadata.annotations.note}{"\n"}'
kubectl patch configmap demo -p '{"data":{"b":"2"}}'
kubectl patch configmap demo --type=merge -p '{"data":{"a":null}}'
kubectl patch configmap demo --type=json -p '[{"op":"replace","path":"/data/b","value":"3"}]'
kubectl patch configmap demo -p '{"data":{"b":"3"}}'
kubectl get cm demo -o jsonpath='{.data}{"\n"}'
kubectl patch configmap demo --type=json -p '[{"op":"remove","path":"/data/zzz"}]'
kubectl get cm demo -o yaml > demo.yaml
sed -i 's/"3"/"4"/' demo.yaml
kubectl replace -f demo.yaml
kubectl get cm demo -o jsonpath='{.data.b}{"\n"}'
KUBE_EDITOR="sed -i 's/b: \"4\"/b: \"5\"/'" kubectl edit configmap demo
kubectl get cm demo -o jsonpath='{.data.b}{"\n"}'
KUBE_EDITOR="true" kubectl edit configmap demo
cat <<EOF > demo-diff.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: demo
data:
  b: "6"
EOF
kubectl diff -f demo-diff.yaml
echo "diff exit code $?"
kubectl delete configmap demo
kubectl delete configmap demo
kubectl delete configmap demo --ignore-not-found
echo "exit code $?"
