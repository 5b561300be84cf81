# kubectl run -it, debug -it and attach -it: sessions with a container's own main process.
# Lines `> TEXT` are typed into the command above them (see src/cli/transcript.ts).
kubectl run -it --rm b --image=busybox:1.36.1 --restart=Never -- sh
> nslookup kubernetes.default.svc.cluster.local
> echo $HOSTNAME
> exit
kubectl get pods
# restartPolicy Always (kubectl run's default): kubectl says how to attach again
kubectl run -it --rm shell --image=busybox:1.36.1 -- sh
> ls /root
> exit 0
# a shell that exits non-zero ends a --restart=Never pod as Failed
kubectl run -it --rm fail --image=busybox:1.36.1 --restart=Never -- sh
> exit 7
echo $?
# debug: an ephemeral container in a running pod
kubectl run hello --image=blux2/hello-server:1.0
kubectl wait --for=condition=Ready pod/hello
kubectl debug -it hello --image=busybox:1.36.1 --target=hello
> wget -q -O- localhost:8080
> echo
> exit
sleep 2
kubectl get pod hello -o jsonpath='{range .status.ephemeralContainerStatuses[*]}{.name}{" "}{.state.terminated.reason}{"\n"}{end}'
# attach to a pod started with -it: its shell is the main process; Ctrl-C goes to the shell's
# foreground command, and leaving the shell stops the container (restartPolicy Always restarts it)
kubectl run keep --image=busybox:1.36.1 --stdin --tty --attach=false -- sh
kubectl wait --for=condition=Ready pod/keep
kubectl attach -it keep
> echo attached
> sleep 600
> ^C
> echo still here
> exit
sleep 15
kubectl get pod keep
