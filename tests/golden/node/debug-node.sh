# breakfix: --cluster multinode
# kubectl debug node/NAME: a pod in the node's namespaces, the node's root filesystem at /host.
kubectl debug node/kind-multinode-control-plane -i --image=busybox:1.36.1 -- sh -c 'ls /host; cat /host/etc/hostname; grep PRETTY_NAME /host/etc/os-release; ls /host/etc/kubernetes/manifests; head -4 /host/etc/kubernetes/manifests/kube-scheduler.yaml; head -3 /host/var/lib/kubelet/config.yaml; ls /host/var/log/pods'
cat <<EOF | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: hello
spec:
  nodeName: kind-multinode-worker
  restartPolicy: Never
  containers:
  - name: hello
    image: busybox:1.36.1
    command: ["sh", "-c", "echo hello from the worker"]
EOF
sleep 10
kubectl debug node/kind-multinode-worker -i --image=busybox:1.36.1 -- sh -c 'cat /host/etc/hostname; ls /host/var/log/pods | grep hello; cat /host/var/log/pods/default_hello_*/hello/0.log; ls /host/var/log/containers | grep hello'
kubectl debug node/kind-multinode-worker -i --image=busybox:1.36.1 -- chroot /host
sleep 5
kubectl get pods -o wide
