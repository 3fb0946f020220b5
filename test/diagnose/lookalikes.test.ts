// Look-alikes (issue #13): texts that share words with a cause kube-triage knows, but whose real
// cause is elsewhere, give no finding. Each is a real-world shape, written for this test.
import { describe, expect, test } from 'vitest';
import { diagnose } from '../../src/diagnose/index.js';

const NOW = new Date('2026-11-24T08:00:00Z');

const LOOKALIKES: [string, string][] = [
  [
    "an application's own token that is not getting expired (the opposite report), with what should happen",
    'On OpenShift 4.7 (Kubernetes v1.20) the auth token our storage service creates with expiry 60 is not getting expired after the expiry time. Expected: the token should be expired after 60 seconds.',
  ],
  [
    'a bare x509 validity error on EKS: the provider runs the control plane and its certificates',
    'kubectl get nodes\nip-192-168-25-150.us-west-2.compute.internal   Ready    <none>   180d   v1.13.8-eks-cd3eb0\nError: x509: certificate has expired or is not yet valid',
  ],
  [
    'a pull request documenting how to fix expired certificates',
    'K8s certs\nDocumenting how to fix expired k8s certs, which are used by pods to communicate with the control plane and each other.',
  ],
  [
    "a clock-skew check's report the paste calls a false alarm (the check read a slow heartbeat as a clock)",
    'False alarm from linkerd check on Kubernetes 1.17\nlinkerd check --pre fails with `clock skew detected for node(s): w-1,w-2` because node status is now posted every 5 minutes, not every 10 s.',
  ],
  [
    "the forwarding remedy typed as a guide's setup step, the failure elsewhere",
    'Following the MicroK8s Kubeflow tutorial:\nubuntu@kubeflow:~$ sudo iptables -P FORWARD ACCEPT\nubuntu@kubeflow:~$ exit\nBut the dashboard at 10.64.140.43.nip.io answers 403 forbidden through the SOCKS proxy.',
  ],
  [
    'a malformed subnet (a prefix that cannot exist) is a typo, not a missing pod CIDR',
    'kubectl describe pod web-0: Failed to create pod sandbox: failed to setup network for sandbox "77aa": plugin type="bridge" failed (add): invalid CIDR address: 10.244.1.0/33',
  ],
  [
    "long workflows failing after an hour with no token named: a proxy's idle timeout",
    'Since the upgrade our Argo workflows on the cluster fail when they run longer than an hour; the ingress idle timeout is 60 minutes.',
  ],
  [
    "an hour-long job's own log lines, the projected token only mounted",
    'The backup uploader mounts a projected service account token; after one hour the following output shows the upload finished without errors.',
  ],
  [
    'a hardening guide that turns the token extension off, no failure',
    'CIS hardening for kube-apiserver: set --service-account-extend-token-expiration=false so projected tokens keep their one-hour lifetime.',
  ],
  [
    "a Service range's addresses running low, not the pods'",
    'On our kubernetes cluster the free IPs in the service range become less and less as teams add Services.',
  ],
  [
    "a client library's mock apiserver and its bundled test certificate",
    'Helm against the mock web server of our client library fails: Error: Kubernetes cluster unreachable: Get "https://localhost:49367/version?timeout=32s": x509: certificate has expired or is not yet valid: current time 2021-02-18T10:58:03+01:00 is after 2015-10-22T12:47:32Z',
  ],
  [
    "an OIDC login's hour, not a projected token's",
    'kubectl with our OIDC login (kubelogin) gets 401 Unauthorized after one hour',
  ],
  [
    "a kubeconfig's token used from outside the cluster, not a pod's projected one",
    'Requests from outside the cluster may have stale tokens and fail with status code 401 after an hour.',
  ],
  [
    "a PostgreSQL operator's own CA (CloudNativePG), not the cluster's",
    'When the 90-day CA expired, the CNPG operator entered a crash loop and could not renew the server certs of our postgres cluster in Kubernetes.',
  ],
  [
    'a token made with kubectl create token, which nothing renews (no projected volume)',
    'Do I have to make a new Kubernetes service account token every 2 hours? I made it with kubectl create token ci --duration=2h and the pipeline fails with 401 after that.',
  ],
  [
    'a registry 401',
    'Failed to pull image "registry.example.com/app:1.2": rpc error: code = Unknown desc = failed to authorize: failed to fetch oauth token: unexpected status: 401 Unauthorized',
  ],
  [
    'expired AWS credentials',
    'An error occurred (ExpiredToken) when calling the GetCallerIdentity operation: The security token included in the request is expired',
  ],
  [
    'an ACME challenge',
    "cert-manager: Waiting for HTTP-01 challenge propagation: wrong status code '404', expected '200'",
  ],
  [
    'TLS to an external site',
    'curl: (60) SSL certificate problem: certificate has expired\nMore details here: https://curl.se/docs/sslcerts.html',
  ],
  ['an app session', 'WARN session token has expired for user alice, redirecting to /login'],
  ["a workstation's clock", 'the clock on my laptop is 5 minutes ahead so kubectl shows negative ages'],
  [
    "a Podman machine's clock",
    'When the laptop sleeps the clock of the podman machine falls behind: x509: certificate has expired or is not yet valid: current time 2023-05-11T07:06:36-06:00 is before 2023-05-12T00:00:00Z',
  ],
  [
    "Docker swarm's node certificate",
    'Error: error while loading TLS certificate in /var/lib/docker/swarm/certificates/swarm-node.crt: x509: certificate has expired or is not yet valid',
  ],
  [
    'a Helm repo',
    'Error: looks like "https://charts.example.com" is not a valid chart repository or cannot be reached: Get "https://charts.example.com/index.yaml": x509: certificate signed by unknown authority',
  ],
  [
    "Docker swarm's overlay IPAM",
    'level=error msg="fatal task error" error="Failed to delegate: Failed to allocate address: No available addresses" module=node/agent/taskmanager node.id=74z3',
  ],
  [
    'plain docker bridge IPAM',
    "docker: Error response from daemon: failed to create endpoint web on network bridge: failed to allocate IP: no available IPv4 addresses on this network's address pools: bridge",
  ],
  [
    "an application's JWT and a node's clock, told with everyday words",
    'A node crashes because its clock is out of sync with the peer: Invalid JWT: IAT (issued-at) claim is not within 60 seconds, 401 Unauthorized',
  ],
  [
    "a registry's 'is before' on a machine that never mentions Kubernetes",
    'Image setup failed: Get "https://registry-1.docker.io/v2/": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2022-12-20T18:29:07Z is before 2023-02-22T00:00:00Z',
  ],
  [
    "a container's time zone (a whole-hours offset), not a clock",
    'The time inside my pod is 8 hours behind the node; the container uses UTC while the node uses Asia/Shanghai.',
  ],
  [
    'a pod log eight hours apart from the system time',
    'the system time is inconsistent with the pod log time and etcd, eight hours apart',
  ],
  [
    "a Kafka operator's own cluster CA",
    'My cluster CA certificates expired and the strimzi operator is not renewing them; the zookeeper pods fail to start',
  ],
  [
    "Patroni's etcd and a node's clock",
    'Our PostgreSQL Patroni cluster runs on 3 etcd members. After an NTP outage the clock on node 2 was 40 seconds ahead and Patroni failed over.',
  ],
  [
    "an application's JWT library error in a pod's log",
    '$ kubectl logs deploy/api -n prod\nTokenExpiredError: jwt expired\n    at /app/node_modules/jsonwebtoken/verify.js:152:21',
  ],
  [
    "make's file-time warning in a build pod",
    '$ kubectl logs job/build-42 -n ci\nmake[2]: warning:  Clock skew detected.  Your build may be incomplete.',
  ],
  [
    "a SaaS sender's webhook delivery to an app on the cluster",
    'Our app on the Kubernetes cluster gets no events: the sender says the webhook is not accessible, "Error: certificate has expired".',
  ],
  [
    "a website's certificate curled from a pod",
    '$ kubectl exec -it web-0 -- curl -v https://wttr.in/\n* Connected to wttr.in (5.9.243.187) port 443\ncurl: (60) SSL certificate problem: certificate has expired',
  ],
  [
    "docker-machine's daemon certificates on a Kubernetes developer's laptop",
    'kubectl works, but docker-machine env fails: Unable to query docker version: Get https://10.0.41.76:2376/v1.15/version: x509: certificate signed by unknown authority (possibly because of "crypto/rsa: verification error" while trying to verify candidate authority certificate "serial:1234")',
  ],
  [
    'the Service allocator, not a pod range',
    'Error from server (InternalError): error when creating "svc.yaml": Internal error occurred: failed to allocate a serviceIP: range is full',
  ],
  [
    'a code review of a possible address leak',
    'Reviewing cmd_add on our Kubernetes CNI: if the veth setup fails after IPAM returned, the plugin can leak IP addresses because ExecDel is never called.',
  ],
  [
    "a pull request's title about a leak it fixes",
    '[ipam] Fix pod IP leak when the kubelet deletes a sandbox twice\n\n/test e2e',
  ],
  [
    'a static address already held, not a full range',
    'kubelet: Failed to create pod sandbox: plugin type="bridge" failed (add): failed to allocate for range 0: requested IP address 10.22.0.40 is not available in range set 10.22.0.1-10.22.0.254',
  ],
  [
    'a link to a forum thread about the loopback certificate',
    'Our add-on serves its own certificates; background reading on the apiserver: https://discuss.kubernetes.io/t/apiserver-loopback-client-certificate-expired-what-happens/1234',
  ],
  [
    'a feature request about an error message',
    'Clearer error message when the pod range is full\n\nToday users see `failed to allocate for range 0: no IP addresses available in range set: 10.244.1.1-10.244.1.254` and do not know it is their podCIDR size; link the FAQ.',
  ],
  [
    "an application's OAuth token on a cluster",
    'Our app in the Kubernetes cluster caches the access_token from /oauth/token (expires_in 43200) and gets 401 after a while; I now refresh the token when a 401 comes back.',
  ],
  [
    "a client library's requirement",
    'With bound service account tokens GA, clients should reload the token before it expires; this change re-reads the file every minute.',
  ],
  [
    "a typo fix in an alert's runbook",
    'Update NodeClockNotSynchronising.md\n\nFixed typo (chronyc sources)\n\n/lgtm',
  ],
  [
    "a docs translation's review thread",
    'zh/docs/tasks/tls/certificate-rotation.md\n+最初，来自节点上 kubelet 的证书签名请求处于 `Pending` 状态。\n**reviewer**: 控制器管理器',
  ],
  // No claim (2026-12-05): each shape below becomes a finding when told as a report (see POSITIVES and
  // the rule examples); told this way it reports nothing.
  [
    'a runbook step after a condition',
    'Kubelet node runbook: If the NTP service on the node is not running, start or restart it with systemctl restart chronyd.',
  ],
  [
    'a made-up case under its own heading, in a design discussion',
    "Node lease race under skew: the owner checks the deadline with another node's clock.\n\nConcrete case:\n\n- TTL: 10,000 ms\n- B's wall clock is 1,000 ms ahead of node A\n- after 9,000 ms B takes over the lease",
  ],
  [
    "a condition with its consequence in a contraction ('we'll not be able')",
    "k3s on edge nodes: if the admin certificate is expired (after one year), we'll not be able to interact with the k3s API server.",
  ],
  [
    "a guess asked as a question ('Could the node have had …?')",
    'k3s server on a Raspberry Pi: kubectl fails after a restart. Speculation: the Pi has no onboard clock. Could the node have had an incorrect time when the CA was generated?',
  ],
  [
    "chrony's step in a laptop's container VM (Colima), no cluster",
    "Clock drift in the Colima VM after the laptop sleeps\n\ncolima status\nINFO[0000] runtime: docker\n\n2022-05-07T08:00:47Z chronyd: System's initial offset : 978.140307 seconds slow of true (step)\n2022-05-07T08:00:52Z Backward time jump detected!",
  ],
  [
    "an EKS IAM token from Terraform's aws_eks_cluster_auth, not a service-account token",
    'Terraform on EKS: provider "kubernetes" uses token = data.aws_eks_cluster_auth.cluster.token\ni think my kubernetes token expires after 15 min, then every plan fails with Error: Unauthorized',
  ],
  [
    'a token expiry the paste itself rules out',
    'OpenShift: Prometheus API token expires after 40 minutes\n\nThe failures during the upgrade happened because the prometheus endpoint was unavailable during node drain, not due to API token expiration.',
  ],
  [
    "a hypervisor's VM clock (Incus) behind after a snapshot restore, no cluster",
    'Add certificate time validation to incus-agent\n\nThis prevents confusing "not authorized" errors that occur when a VM\'s system clock is out of sync with the certificate validity period (common after VM snapshots/restores).',
  ],
  [
    "rustls's NotValidYet in a Rust program's log, no cluster",
    'my-rust-app: TLS handshake failed: invalid peer certificate: NotValidYet',
  ],
  [
    'a clock that only might drift',
    'Without NTP, the node clocks on our kubelets will drift apart by a few seconds every day.',
  ],
  [
    'an item of a list of possible causes',
    'Why a kubelet node goes NotReady. Possible causes:\n- the container runtime is down\n- the kubelet client certificate expired\n- the disk is full',
  ],
  [
    'an alerting rule, and nothing fired',
    '- alert: NodeClockNotSynchronising\n  expr: min_over_time(node_timex_sync_status[5m]) == 0\n  for: 10m\n  annotations:\n    description: Clock on {{ $labels.instance }} is not synchronising. Ensure NTP is configured on this host.',
  ],
  [
    "MongoDB's own clock check, in a Chinese paste",
    'mongodb 集群时间不同步: clock skew of the cluster 10.0.0.1:27019,10.0.0.2:27019 is too far out of bounds to allow distributed locking',
  ],
  [
    "a time-sync page's concession",
    'Kubernetes components start even if the time is not synchronized yet; chrony then steps the clock.',
  ],
  [
    'what clock skew can do, in general',
    'Clock skew between Kubernetes nodes can cause certificate and token validation errors.',
  ],
  [
    'a condition and what a named component would do',
    "If the node clock is ahead, the kube-apiserver will reject the kubelet's client certificate.",
  ],
  [
    'a title whose page speaks only in general',
    'Clock skew between cluster nodes\nClock skew between Kubernetes nodes can break TLS handshakes.\nIf the clocks drift apart, the apiserver may reject tokens.',
  ],
  [
    'timedatectl before and after a sync, told in one sentence',
    'On a new Kubernetes node timedatectl shows NTP synchronized: no at first, and NTP synchronized: yes once chrony has synced.',
  ],
  [
    "another API's token, in a Kubernetes job",
    'Our Kubernetes CronJob fails: the token provided to the Stripe API has already expired, so every charge call gets 401.',
  ],
  [
    'a page on client clocks pasted under a line about the cluster',
    'Our Kubernetes cluster (kubeadm 1.28) shows this:\nClock skew between client hosts and the cluster\nClock skew on the client host can cause authentication errors.',
  ],
  [
    'legacy tokens named only in a comparison, none in use',
    'How Kubernetes 1.21+ projected ServiceAccount tokens differ from legacy tokens: bound audience, expiry and pod binding.',
  ],
  [
    "a SaaS's own old API tokens called legacy tokens, no Kubernetes word of its own",
    'Between Monday and Tuesday some customers using legacy tokens experienced authentication failures with our API; a corrective update was deployed before the next deployment window.',
  ],
  [
    "a CI job's OIDC token refused by Entra ID (no kubelet renews it)",
    'GitHub Actions workflow, azure/login then az aks get-credentials for our AKS cluster, 40 minutes in: AADSTS700024: Client assertion is not within its valid time range. Current time: 2026-03-02T18:20:05Z, assertion valid from 2026-03-02T17:30:00Z, expiry time of assertion 2026-03-02T17:35:00Z.',
  ],
  [
    "a projected token's lifetime being set, not an expiry",
    'To test the SDK I set my service account token to expire every 600 seconds and ran the sample in an EKS pod; it picked up each new token.',
  ],
  [
    "a registry's self-signed certificate in a kubelet's image pull",
    'kubelet: Failed to pull image "registry.local/app:1": the registry endpoint has a self-signed certificate that fails verification',
  ],
  [
    "the fabric8 client's fixed text on any 401, on an EKS cluster's IAM token",
    'Jenkins on our EKS cluster: io.fabric8.kubernetes.client.KubernetesClientException: Failure executing: GET at: https://abc.gr7.eu-west-1.eks.amazonaws.com/api/v1/namespaces/ci/pods. Message: Unauthorized! Token may have expired! Please log-in again. Unauthorized.',
  ],
  [
    "a tutorial's present-tense mechanism: what always happens, not what did",
    'On our kubernetes lab cluster we prove by hand that the service account token injected into a pod is invalidated the moment the pod disappears.',
  ],
  [
    "Hadoop's delegation token in Spark on YARN, not a service-account token",
    'Spark driver on our kubernetes cluster in yarn-cluster mode: the staging dir cannot be deleted with an expired delegation token',
  ],
  [
    "kubeadm's feature request: a lifetime in the present tense, not a lapse",
    'Feature request for our kubeadm clusters: kubeadm mints certs that expire after 1 year and has no built-in provision to rotate them.',
  ],
  [
    "an application's coordinators judging a Kubernetes Lease by their own clocks",
    'Our Kubernetes lease backend: two coordinators with a few hundred ms of clock skew disagree at the boundary, even though etcd itself is fine.',
  ],
  [
    "a pod's IP missing from a virtual agent's certificate, not a kubelet's node IP",
    "We removed --kubelet-certificate-authority because the virtual kubelet agent's cert doesn't have the pod IP as SAN.",
  ],
  [
    'a yes/no question after an events prefix: what could happen, not what did',
    '3m   Warning   FailedCreatePodSandBox   pod/web-1   Could it leak pod IPs on our kubernetes nodes if the CNI is killed during ADD?',
  ],
  [
    'an ingress controller that keeps a renewed certificate it never reloaded (no webhook in the paste)',
    'cert-manager renewed the certificate for our ingress, but nginx was not reloading the certificate after it was renewed, so browsers kept seeing the old one.',
  ],
  [
    'advice to read the docs for a reference to refreshing the token',
    'Our pods use projected service account tokens; see the client docs for a reference to refreshing the token before you upgrade.',
  ],
  [
    "an alerting rule's own message template (a Ceph clock alert in a chart's values), not an alert that fired",
    'additionalPrometheusRules:\n  - name: ceph-time\n    rules:\n      - alert: CephClockSkew\n        annotations:\n          summary: "clock skew detected on mon {{ $labels.ceph_daemon }}, check NTP on that kubelet node"',
  ],
  [
    "a Kubernetes change that adds a metric to help detect clock drift and an alert for when a node's clock drifts",
    'This change to our Kubernetes monitoring adds a recording rule to help [detect clock drift](https://example.com/time-metric) on the kubelet nodes, and a new alert for when a node clock has drifted more than 30s.',
  ],
  [
    "a web console's own JWT (no service-account token named or made) expiring at its login page",
    'infinite loop on the kubernetes console login page when token expired v3.1\n\nwhen the console jwt token expired, the user will get stuck on the login page.',
  ],
  [
    "documentation's general statement that node clock skew affects operations such as token checks",
    'From the Kubernetes platform docs: the node clock skew affects time-sensitive operations such as validating the expiration time of a user token. Configure NTP on every node.',
  ],
  [
    "a condition that heads a question (what would happen if a node's pod range ran out)",
    "Each node of our k3s cluster gets a /24 pod CIDR from 10.42.0.0/16.\nIf the node's /24 runs out of IPs:\n\nWill k3s give the node a new subnet, or reuse the old addresses?",
  ],
  [
    'another system\'s own token on its "nodes" (the only word a cluster would share)',
    'Node re-authentication\n\nOur simulation engine runs on three nodes. When an expired token reaches a node it returns HTTP 401, and the node re-authenticates with its certificate.',
  ],
  [
    "Grafana's own service-account token (a product with service accounts of its own, and no cluster named)",
    'Our dashboard provisioning script gets 401 from the Grafana API every morning: the Grafana service account token expired overnight.',
  ],
  [
    "a runbook's flowchart (a drawn procedure: detect leaked IPs, verify, release)",
    'Kubernetes runbook for our Calico nodes:\nflowchart TD\nA[Detect leaked IPs on the node] --> B[Verify each IP against kubectl get pods -o wide]\nB -->|not in use| C[Release it]',
  ],
  [
    "a script's names for leaked addresses (`leaked-ips.txt`), not a statement that they leaked",
    'Kubernetes node cleanup script, run weekly:\nfor ip in $(cat leaked-ips.txt); do calicoctl ipam release --ip=$ip; done',
  ],
  [
    'a clock-drift requirement (a gate a pipeline enforces), not a drift seen',
    'Our kubelet nodes sit behind a verification pipeline that enforces a < 1 s clock-drift gate; we need chrony configured reliably on every node.',
  ],
  [
    "an FAQ on the aggregation layer's front-proxy certificate (named anywhere in the paste), not the apiserver's client CA",
    'docs: add x509 for faq\n\nMetrics Server needs to validate requests coming from kube-apiserver. You can recognize problems with front-proxy certificates if you observe this line in your logs:\n\nE0524 01:37:36.055326       1 authentication.go:65] Unable to authenticate the request due to an error: x509: certificate signed by unknown authority',
  ],
  [
    "a service mesh's own apiserver certificate expiring (the mesh's PKI, not the cluster's control plane)",
    '托管网格 APIServer 证书过期时如何处理',
  ],
  [
    "a how-to's steps to check the CA's expiry, with the output it illustrates (not this cluster's certificate)",
    'Rotate cluster certificates\nStep 1: Check current CA expiration date\nopenssl s_client -connect cluster.example.com:6443 2> /dev/null | openssl x509 -noout -dates\nThe output will be similar to the following:\nnotBefore=May 16 15:13:58 2020 GMT\nnotAfter=May 16 15:13:58 2021 GMT\nStep 2: Rotate certificates with kubectl access to the cluster.',
  ],
  [
    "a cloud CLI's own token (doctl's DigitalOcean access token in a pipeline's kubeconfig), not a service account's",
    'Our GitHub Actions pipeline runs `doctl kubernetes cluster kubeconfig save prod` on every run.\nAs I understand this token expires after one week, and each run adds another one to the list.',
  ],
  [
    "a version's change told (Kubernetes no longer auto-generates legacy tokens), not a legacy token in use",
    'Since v1.24 Kubernetes no longer auto-generates legacy tokens for service accounts; create one with kubectl create token.',
  ],
  [
    "RancherOS's cloud-config key 'rancher:' names a Docker host's OS, not Rancher the Kubernetes manager",
    'After a while the ntp service logs kernel reports TIME_ERROR: 0x41: Clock Unsynchronized.\nTry this cloud-config:\n#cloud-config\nrancher:\n  services:\n    ntp:\n      command: /bin/start_ntp.sh',
  ],
  [
    "the apiserver's own loopback certificate kept in memory is not a client's old CA",
    'Our kubernetes docs note: the kube-apiserver keeps the expired loopback certificate in memory until restarted; certificate rotation on disk does not touch it.',
  ],
  [
    "an application's access tokens broken by its servers' clocks are the application's",
    '办公网里几台服务器的时间不一致，导致接口调用时的 access token 校验失败',
  ],
  [
    "a guide's definition of legacy tokens is not a legacy token in use",
    'Legacy service account tokens are long-lived Secrets that never expire, while bound tokens are short-lived and projected into pods.',
  ],
  [
    "a pull request that configures an alert's rule names the alert it changes, not one firing",
    'charts: configure KubeletServerCertificateExpiration alert\n\nThe KubeletServerCertificateExpiration warning fires every month on our EKS nodes because their certificates last 45 days.',
  ],
  [
    "a clock alert called false alarms is the exporter's, not a clock that is off",
    'Our kubernetes nodes keep raising NodeClockNotSynchronising although chrony is fine: false alarms caused by the exporter.',
  ],
  [
    "a certificate regenerated whenever it is about to expire is a feature's trigger",
    'Feature: regenerate the kubeadm apiserver certificate whenever it is about to expire.',
  ],
  [
    "a VPN proxy client's expired certificate is the proxy server's",
    'Since this morning my v2rayN client cannot connect to the trojan server: x509: certificate has expired or is not yet valid',
  ],
];

/** The same words on a Kubernetes node do name a cause: the gates above are about context, not words. */
const POSITIVES: [string, string, string][] = [
  [
    "the same 15 minutes told of a cluster's service-account token",
    'Terraform on our kubeadm cluster uses the ci-deployer service account token\ni think the kubernetes token expires after 15 min, then every plan fails with Error: Unauthorized',
    'token/expired',
  ],
  [
    'a token expiry the paste confirms',
    'OpenShift: Prometheus API token expires after 40 minutes\n\nThe failures during the upgrade happened because the token in the configmap expired; a new oc create token works.',
    'token/expired',
  ],
  [
    'a VM clock behind after a snapshot restore on a k3s node',
    'k3s node: a VM clock is behind after a snapshot restore, so the kubelet certificate looks not yet valid',
    'skew/node-clock',
  ],
  [
    'the k3s admin certificate said to be expired, not what would happen',
    'k3s on edge nodes: the admin certificate is expired (after one year), so we can no longer interact with the k3s API server.',
    'cert/control-plane-expiry',
  ],
  [
    'the same clock told as what happened, not asked',
    'k3s server on a Raspberry Pi: kubectl fails after a restart. The Pi has no onboard clock and the node had an incorrect time when the CA was generated.',
    'skew/node-clock',
  ],
  [
    "chrony's step on a kubeadm worker",
    'Clock drift on a kubeadm worker after the VM host slept\n\n2022-05-07T08:00:52Z Backward time jump detected!',
    'skew/clock-jump',
  ],
  [
    'node clocks listed under a heading that reports',
    "Node lease renewals fail on one node.\n\nWhat we see:\n\n- TTL: 40 s\n- worker-2's clock is 4 minutes ahead of the other nodes",
    'skew/node-clock',
  ],
  [
    'kubenet on a Kubernetes node',
    'Warning FailedCreatePodSandBox kubelet: NetworkPlugin cni failed to set up pod "web-1_default" network: Failed to allocate address: Failed to delegate: Failed to allocate address: No available addresses',
    'ipam/range-exhausted',
  ],
  [
    "dockershim's bridge on a kubelet",
    '{kubelet gke-node-669g} implicitly required container POD Failed: API error (500): Cannot start container 1210: no available ip addresses on network',
    'ipam/range-exhausted',
  ],
  [
    'a kubelet pulling from a registry with its clock behind',
    'kubelet: Failed to pull image "nginx": Get "https://registry-1.docker.io/v2/": x509: certificate has expired or is not yet valid: current time 2022-12-20T18:29:07Z is before 2023-02-22T00:00:00Z',
    'cert/not-yet-valid',
  ],
  [
    "the Kubernetes cluster's CA in the same words",
    'My cluster CA certificates expired and kubeadm is not renewing them; the kube-apiserver pods fail to start',
    'cert/ca-expiry',
  ],
  [
    "the cluster's etcd and a node's clock",
    'Our Kubernetes control plane runs 3 etcd members. After an NTP outage the clock on master-2 was 40 seconds ahead and the apiserver restarted.',
    'skew/node-clock',
  ],
  [
    'a client certificate from another CA refused by the apiserver',
    'E0604 04:51:00.425315       1 authentication.go:63] "Unable to authenticate the request" err="[x509: certificate signed by unknown authority, verifying certificate SN=42, SKID=, AKID=AA:BB failed: x509: certificate signed by unknown authority]"',
    'cert/client-cert-rejected',
  ],
  [
    'an old kubelet whose serving CSR is never signed',
    'E0529 14:18:56.794752   25170 certificate_manager.go:378] Certificate request was not signed: timed out waiting for the condition',
    'cert/kubelet-csr-pending',
  ],
  [
    'a leak told as it happened',
    'After the containerd crash the Kubernetes node leaked pod IPs: /var/lib/cni/networks/cbr0 holds 253 files and new pods stay ContainerCreating.',
    'ipam/range-exhausted',
  ],
  [
    'an alert that fired',
    '[FIRING] alertname=NodeClockNotSynchronising\n  description: Clock on 10.0.0.7:9100 is not synchronising. Ensure NTP is configured on this host.',
    'skew/node-clock',
  ],
  [
    'kubectl and the apiserver both refusing expired certificates: the control plane first',
    'Unable to connect to the server: x509: certificate has expired or is not yet valid: current time 2026-11-24T07:00:00Z is after 2026-11-20T10:00:00Z\nE1124 07:00:01.000000 1 authentication.go:73] "Unable to authenticate the request" err="[x509: certificate has expired or is not yet valid: current time 2026-11-24T07:00:01Z is after 2026-11-20T10:00:00Z]"',
    'cert/control-plane-expiry',
  ],
  [
    "etcd's clock line with the peer's ID elided",
    'etcd[905]: rafthttp: the clock difference against peer xxxxxxxx is too high [4.2s > 1s]',
    'skew/etcd-peer-drift',
  ],
  [
    "Docker's FORWARD change told in words",
    'After upgrading Docker on our Kubernetes nodes the default iptables forwarding policy was changed to DROP and pods on different nodes cannot reach each other.',
    'net/forward-drop',
  ],
  [
    'expired certificates told in traditional Chinese',
    'Kubernetes 叢集憑證過期了,kubectl 無法連線到 API Server',
    'cert/control-plane-expiry',
  ],
  [
    'a title and a report of it',
    "Clock skew between cluster nodes\nworker-2's clock is 40 seconds ahead of the control plane and the kubelet's certificates are rejected.",
    'skew/node-clock',
  ],
  [
    'the one-year life told beside a wrong clock as the other possible cause',
    'kubectl get nodes: Unable to connect to the server: x509: certificate has expired or is not yet valid\nEither the server time is wrong or the certificates really expired: kubeadm certificates are valid for one year.',
    'cert/control-plane-expiry',
  ],
  [
    "a service-account token's expiry told of the Kubernetes API",
    'Our pods fail with 401: the service account token provided to the Kubernetes API has already expired.',
    'token/expired',
  ],
  [
    "a node's hardware clock kept in local time: a whole-hours offset that is a wrong clock, not a display zone",
    "kubeadm join fails with certificate not yet valid. The node's hardware clock (RTC) stores local time, so the node clock is 3 hours behind.",
    'skew/node-clock',
  ],
  [
    "Python's words for a CA the client does not trust, from a kubeconfig",
    "config.load_kube_config() then list_namespace(): urllib3.exceptions.MaxRetryError: HTTPSConnectionPool(host='172.18.56.103', port=6443): Max retries exceeded with url: /api/v1/namespaces (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1056)')))",
    'cert/ca-mismatch',
  ],
  [
    "the cause told on the same line as the apiserver's words for its symptom",
    'After the upgrade to 1.28 our config-reloader sidecar fails its readiness probe: it gets 401 Unauthorized from the API server. It loaded the ServiceAccount token at startup and never refreshed it, and the projected token has expired.',
    'token/stale-not-reloaded',
  ],
  [
    'a sidecar that read its service-account token once at startup, told in words',
    'After the upgrade our log shipper sidecar fails with 401 Unauthorized: it loaded the ServiceAccount token at startup and never refreshed it, and the projected token expired.',
    'token/stale-not-reloaded',
  ],
  [
    "kubectl's certificate to the cluster told as no longer valid",
    'From my laptop kubectl get pods fails: the certificate to connect to the cluster is not valid anymore, while kubectl on the master node still works.',
    'cert/client-cert-rejected',
  ],
  [
    "the kubelet's own serving certificate running out, not a control-plane certificate",
    'On our kubeadm cluster the kubelet serving certificate on worker-2 is about to expire and metrics-server will stop scraping it.',
    'cert/kubelet-serving-expiry',
  ],
  [
    "the kubelet's client certificate running out: the control plane's kind",
    'On our kubeadm cluster the certificate for the kubelet client is about to expire.',
    'cert/control-plane-expiry',
  ],
  [
    'a board without a hardware clock, told as its lack',
    'The lack of a hardware clock means our Raspberry Pi k3s node relies on NTP at boot, and k3s fails to start if the system time is before 1980.',
    'skew/node-clock',
  ],
  [
    'pod addresses a CNI never returns, told by their dwindling count',
    'When a pod keeps restarting the CNI gives it a new IP every time; the allocatable IP addresses on the kubernetes nodes become less and less.',
    'ipam/range-exhausted',
  ],
  [
    'a projected token the user remakes by hand: the client never re-read the renewed file',
    'Do I have to make a new Kubernetes service account token every 2 hours? The pod mounts it with a serviceAccountToken: volume source, expirationSeconds: 7200, and the pipeline client stops working after that.',
    'token/stale-not-reloaded',
  ],
  [
    "the kubelet's serving certificate short of an address, told as what it should list",
    'Kubelet serving cert SANs list should contain the external IP: metrics-server dials the node on 18.17.21.23:10250 and fails.',
    'cert/kubelet-san-mismatch',
  ],
  [
    "Entra ID refusing a pod's projected token that expired hours ago: a copy the client kept",
    'Our AKS deployment uses workload identity (azure.workload.identity/use: "true"). After the pod has run for a few hours: ClientAuthenticationError: AADSTS700024: Client assertion is not within its valid time range. Current time: 2026-03-02T18:20:05.1234567Z, assertion valid from 2026-03-02T09:00:00.0000000Z, expiry time of assertion 2026-03-02T10:00:00.0000000Z.',
    'token/stale-not-reloaded',
  ],
  [
    "Entra ID refusing a pod's projected token minted in its future: the issuer's clock is ahead",
    'kind cluster with Azure workload identity, the pod gets: AADSTS700024: Client assertion is not within its valid time range. Current time: 2026-03-02T09:00:05Z, assertion valid from 2026-03-02T09:06:00Z, expiry time of assertion 2026-03-02T10:06:00Z.',
    'token/not-yet-valid',
  ],
  [
    "the EKS Pod Identity agent refusing the pod's expired service-account token",
    'botocore in a long-running EKS pod: Error retrieving metadata: Received non 200 response 400 from container metadata: Service account token failed basic claim validations: token is expired',
    'token/stale-not-reloaded',
  ],
  [
    "AWS STS refusing an IRSA pod's web identity token that expired",
    'IRSA on EKS, the pod logs after two days: WebIdentityErr: failed to retrieve credentials caused by: ExpiredTokenException: Token expired: current date/time 1735700000 must be before the expiration date/time 1735600000',
    'token/stale-not-reloaded',
  ],
  [
    "the kubelet's own self-signed serving certificate, told as what the scraper refuses",
    'Our collector DaemonSet scrapes each node: the kubelet on port 10250 serves a self-signed certificate that fails TLS verification, so we get no pod metrics.',
    'cert/kubelet-unknown-ca',
  ],
  [
    'a kubelet-only path with the port redacted, refused for an unknown authority',
    'E0312 10:00:01 scraper.go:77 Get "https://node-a:xxxx/metrics/resource": tls: failed to verify certificate: x509: certificate signed by unknown authority',
    'cert/kubelet-unknown-ca',
  ],
  [
    "a Helm install's refused call to the apiserver, no CA configured in the paste",
    'helm_release.app: error installing: Post https://10.0.0.5/apis/apps/v1/namespaces/default/deployments: x509: certificate signed by unknown authority (our kubernetes cluster)',
    'cert/ca-mismatch',
  ],
  [
    "an operator's tokens that are not refreshed, then Unauthorized",
    'It appears that the serviceaccount tokens used by our node-setup daemonset on kubernetes are not refreshed after some time: failed to list *v1.Pod: Unauthorized',
    'token/stale-not-reloaded',
  ],
  [
    "bound tokens that 'go stale', a client's copy never re-read",
    'k8s 1.22 enforces a lifetime on the bound tokens mounted into our log agent pods: they go stale after an hour and the agent will be rejected',
    'token/stale-not-reloaded',
  ],
  [
    "a CRC bundle's expired certificates are the cluster's own",
    'crc start fails: the OpenShift Local bundle certificates have expired',
    'cert/control-plane-expiry',
  ],
  [
    "'tls: internal error' quoted without its prefix beside kubectl logs",
    'On our EKS cluster kubectl logs returns tls: internal error for every pod on the new nodes',
    'cert/kubelet-csr-pending',
  ],
  [
    'a request for help phrased as a question still reports the leak',
    'Can someone tell me why the pod IPs are never released on our kubernetes nodes after the CronJob pods finish?',
    'ipam/range-exhausted',
  ],
  [
    'a log shipper that keeps the projected token it read at start',
    'On our 1.24 cluster the log shipper keeps presenting the projected token it loaded when it first started; the apiserver now answers 401.',
    'token/stale-not-reloaded',
  ],
  [
    'hourly 401s once the extended token expiry is turned off (the clients the stale count named)',
    'We hardened kube-apiserver with --service-account-extend-token-expiration=false. Since then the operator logs "Failed to list *v1.Pod: Unauthorized" about an hour after each restart.',
    'token/stale-not-reloaded',
  ],
  [
    "a sandbox's network setup refusing an empty subnet: the node's CNI config was written without a pod CIDR",
    'kubectl describe pod nginx-6799fc88d8-9rqnj shows ContainerCreating; the kubelet says: Failed to create pod sandbox: rpc error: code = Unknown desc = failed to set up sandbox container "9a1c" network for pod "nginx-6799fc88d8-9rqnj": networkPlugin cni failed to set up pod "nginx-6799fc88d8-9rqnj_default" network: invalid CIDR address: ',
    'ipam/pod-cidr-unassigned',
  ],
  [
    'a clock-skew report whose false positives are only a condition told elsewhere still answers',
    'linkerd check --pre: clock skew detected for node(s): w-2. The clock of node w-2 drifted 6 minutes behind after chrony stopped; false positives occur if the node heartbeat interval exceeds the threshold of the check.',
    'skew/node-clock',
  ],
  [
    "a pod's client that read the Kubernetes service-account token once (named with the word Kubernetes)",
    'The MLflow client in our pods reads the Kubernetes ServiceAccount token once at startup and caches it; after an hour the server answers UNAUTHENTICATED.',
    'token/stale-not-reloaded',
  ],
  [
    'a bare x509 validity error on a kubeadm cluster that also mentions EKS still answers the control plane',
    'Our kubeadm cluster (we are moving to EKS next year) stopped: kubectl get pods says Unable to connect to the server: x509: certificate has expired or is not yet valid',
    'cert/control-plane-expiry',
  ],
  [
    'an admission webhook server that does not reload its certificate after a renewal serves the expired one (told on a line of its own)',
    'Our validating webhook broke pod creation overnight after cert-manager issued a new certificate.\nIt turned out the server was not reloading the certificate from disk after it expired.',
    'cert/webhook-expiry',
  ],
  [
    'a client whose code has no refresh of the service-account token it read',
    'Projected service account tokens now expire and are rotated on disk. Our operator builds its own HTTP client and I could not find any code to reload the token.',
    'token/stale-not-reloaded',
  ],
  [
    'an IRSA pod that can no longer assume its role after a long run, fixed by a restart, kept its projected token',
    'Our controller on EKS uses IRSA. After a few days of running it cannot assume its IAM role any more and stops working; deleting and restarting the pod fixes it.',
    'token/stale-not-reloaded',
  ],
  [
    "work that fails once it runs longer than the projected token's hour, the token file named by its path",
    'On k3s 1.33 the tokens (/var/run/secrets/kubernetes.io/serviceaccount/token) are rotated every hour and since then our Spark driver fails for any job running more than one hour.',
    'token/stale-not-reloaded',
  ],
  [
    'a client that logs 401 an hour after start, with the bound-token feature named by its gate',
    'Our operator runs on Kubernetes 1.21, where BoundServiceAccountTokenVolume is on by default; after an hour it logs 401 Unauthorized on every watch call.',
    'token/stale-not-reloaded',
  ],
  [
    "Go's older unquoted URL: an in-cluster client refused on the apiserver's /version",
    'kube-state-metrics: Failed to create client: ERROR communicating with apiserver: Get https://10.96.0.1:443/version: x509: certificate signed by unknown authority',
    'cert/ca-mismatch',
  ],
  [
    "kubectl's own discovery call to k3s's 127.0.0.1:6443 kubeconfig is shown the serving certificate, not the loopback one",
    'On our k3s server kubectl stopped working:\nE0312 10:01:02.000000    4411 memcache.go:265] couldn\'t get current server API group list: Get "https://127.0.0.1:6443/api?timeout=32s": x509: certificate has expired or is not yet valid: current time 2025-03-12T10:01:02Z is after 2025-03-10T08:00:00Z',
    'cert/control-plane-expiry',
  ],
  [
    "the apiserver's own admission lookup relayed through Helm is still its loopback certificate",
    'Error: INSTALLATION FAILED: pods "web-0" is forbidden: Get "https://[::1]:6443/api/v1/namespaces/web/limitranges": x509: certificate has expired or is not yet valid: current time 2025-03-12T10:01:02Z is after 2025-03-10T08:00:00Z',
    'cert/loopback-expiry',
  ],
  [
    'a cluster that ran for months before the validity error: a reinstall told afterwards does not make its certificates new',
    'Our kubeadm cluster stopped after running fine for eight months: kubectl says Unable to connect to the server: x509: certificate has expired or is not yet valid. A fresh install of the dashboard did not help.',
    'cert/control-plane-expiry',
  ],
  [
    "a person's years with Kubernetes are not the cluster's age: a new cluster's join is still not yet valid",
    "We've been running Kubernetes for 3 years; I just created a new cluster and kubeadm join fails with x509: certificate has expired or is not yet valid",
    'cert/not-yet-valid',
  ],
  [
    "a firing alert carries the rule's message rendered: a node clock off is still reported",
    'FIRING: ClockSkewDetected — Clock skew detected on node-exporter monitoring/node-exporter-7x2kq. Ensure NTP is configured correctly on this host.',
    'skew/node-clock',
  ],
  [
    'a JWT made with kubectl create token is a service-account token, whatever it is called',
    'The JWT we made with kubectl create token ci --duration=1h expired and the pipeline now gets 401 Unauthorized from the Kubernetes API.',
    'token/expired',
  ],
  [
    "a Grafana pod's Kubernetes service-account token is still a cluster's",
    'The Grafana pod in namespace monitoring gets 401 Unauthorized from the Kubernetes API: its service account token expired and the sidecar never re-read it.',
    'token/expired',
  ],
  [
    'pod IPs told as leaked in words still name the leak',
    'On our kubernetes nodes the pod IPs are leaked by host-local after every kubelet restart, until new pods fail.',
    'ipam/range-exhausted',
  ],
  [
    'a clock-drift limit said to be exceeded is a drift seen',
    'On our kubernetes cluster the clock drift limit was exceeded on worker-3: its system time is 4 s ahead of the other nodes.',
    'skew/node-clock',
  ],
  [
    "an aggregated API server rejecting the front-proxy client after the cluster's certificates were rotated",
    'We rotated the cluster certificates with kubeadm certs renew all. Since then metrics-server logs: E0917 17:00:03.048257       1 authentication.go:65] Unable to authenticate the request due to an error: [x509: certificate signed by unknown authority (possibly because of "crypto/rsa: verification error" while trying to verify candidate authority certificate "front-proxy-ca")]',
    'cert/ca-mismatch',
  ],
  [
    "a person's own openssl dates for the apiserver certificate still tell its expiry",
    'Our kubeadm cluster stopped answering kubectl. openssl x509 -noout -dates -in /etc/kubernetes/pki/apiserver.crt gives:\nnotBefore=May 16 15:13:58 2020 GMT\nnotAfter=May 16 15:13:58 2021 GMT',
    'cert/control-plane-expiry',
  ],
  [
    "exec into pods told in words, with a redacted node address, is the kubelet's serving certificate",
    "When I try to exec into pods on the EKS node I get an obscure cert error:\nx509: cannot validate certificate for 10.x.y.142 because it doesn't contain any IP SANs",
    'cert/kubelet-no-ip-sans',
  ],
  [
    'legacy tokens still in use are named as such',
    'Our CI still authenticates with legacy service account tokens from Secrets created in 2019 on this kubernetes cluster.',
    'token/legacy-in-use',
  ],
  [
    'Rancher the Kubernetes manager still names a cluster when its nodes are unsynchronised',
    'In Rancher the downstream cluster shows kernel reports TIME_ERROR: 0x41: Clock Unsynchronized on two worker nodes.',
    'skew/node-clock',
  ],
  [
    'a component that keeps the old CA bundle in memory after a rotation no longer trusts the cluster',
    'We rotated the cluster CA last night. The kube-proxy pods still hold the previous CA bundle in memory and cannot reach the apiserver until they are restarted.',
    'cert/ca-mismatch',
  ],
  [
    '"这段时间" (all this while) is a span of time, not a clock: the validity error stays two-sided',
    '这段时间集群一直正常，今天 kubectl 报错：Unable to connect to the server: x509: certificate has expired or is not yet valid',
    'cert/control-plane-expiry',
  ],
  [
    "a pod's service-account token the kubelet rotates is the cluster's, though users sign in with Entra ID",
    'Our gateway on AKS (users sign in with Microsoft Entra ID) gets 401 Unauthorized from the apiserver once the kubelet rotates the service account token; restarting the gateway pod solves it.',
    'token/stale-not-reloaded',
  ],
  [
    'a pod that works during one hour and then meets authentication failures kept its first token',
    'The gateway pod works correctly during one hour; after that every call with its service account token ends in authentication failures (Unauthorized).',
    'token/stale-not-reloaded',
  ],
  [
    "a proxy client's name in a Kubernetes paste does not make kubectl's certificate the proxy's",
    'Our kubernetes cluster runs a v2ray pod; since today kubectl fails: Unable to connect to the server: x509: certificate has expired or is not yet valid',
    'cert/control-plane-expiry',
  ],
  [
    '"服务器时间" (the server\'s time) is still a clock',
    '服务器时间不对，kubectl 报错：Unable to connect to the server: x509: certificate has expired or is not yet valid',
    'cert/not-yet-valid',
  ],
  [
    "a discovery client's call to localhost:6443 on a node is shown the serving certificate, not the loopback one",
    'On the control-plane node: E0101 10:00:00.000000 2211 bootstrap.go:91] failed to fetch discovery: Get https://localhost:6443/api?timeout=32s: x509: certificate has expired or is not yet valid',
    'cert/control-plane-expiry',
  ],
  [
    'legacy tokens said to be still used, at the start of a sentence, are still in use',
    'Legacy tokens are still used by our CI on this kubernetes cluster.',
    'token/legacy-in-use',
  ],
  [
    'a clock alert firing with the offset measured is still a node clock',
    'NodeClockSkewDetected is firing on worker-3 of our kubernetes cluster; chronyc shows it 40 s ahead.',
    'skew/node-clock',
  ],
];

describe('look-alike words in a Kubernetes paste still answer', () => {
  test.each(POSITIVES)('%s', (_name, text, code) => {
    expect(diagnose(text, NOW).findings.map((f) => f.code)[0]).toBe(code);
  });
});

describe('look-alikes stay no-match', () => {
  test.each(LOOKALIKES)('%s', (_name, text) => {
    expect(diagnose(text, NOW).findings.map((f) => f.code)).toEqual([]);
  });
});
