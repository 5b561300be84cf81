# AGE follows the simulated clock: 125 seconds print as 2m5s.
kubectl create namespace dev
sleep 5
kubectl get namespace dev
sleep 120
kubectl get namespace dev
sleep 2h
kubectl get namespace dev
sleep 3d
kubectl get namespace dev
