# kubectl create service generators (outputs checked against kubectl v1.32 --dry-run=client).
kubectl create service loadbalancer lb --tcp=80:8080,443 --dry-run=client -o yaml; echo "rc=$?"
kubectl create service nodeport np --tcp=8080 --node-port=30599 --dry-run=client -o yaml; echo "rc=$?"
kubectl create service externalname search --external-name=www.google.com --tcp=80 --dry-run=client -o yaml; echo "rc=$?"
kubectl create service clusterip h --clusterip=None --dry-run=client -o yaml; echo "rc=$?"
kubectl create service clusterip bad --tcp=abc --dry-run=client -o yaml; echo "rc=$?"
kubectl create service nodeport np --tcp=8080 --node-port=30599
kubectl create service loadbalancer lb --tcp=80:8080,443
kubectl create service externalname search --external-name=www.google.com
kubectl get svc
