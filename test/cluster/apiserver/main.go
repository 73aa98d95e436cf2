// Command spk-test-apiserver runs Kubernetes' own kube-apiserver (k8s.io/kubernetes,
// cmd/kube-apiserver/app) with an embedded etcd (go.etcd.io/etcd/server/v3/embed) on
// loopback, for tests that drive the real kubectl against a real API server.
//
// Nothing here answers API requests itself: this file only makes certificates, a
// token file and a kubeconfig, starts etcd, then hands the flags to kube-apiserver.
//
// Usage:
//
//	spk-test-apiserver [--data-dir DIR [--keep-data-dir]] [--port N] [--kubeconfig FILE]
//	                   [--exit-on-stdin-close] [-- extra kube-apiserver flags...]
//
// On success it prints one line to stdout:
//
//	SPK_APISERVER_READY {"url":"https://127.0.0.1:PORT","kubeconfig":"...",...}
//
// SIGTERM or SIGINT (or EOF on stdin with --exit-on-stdin-close) shuts the API server
// down gracefully, stops etcd and removes the data directory (unless --keep-data-dir: then
// etcd's data stays there and the next start with the same directory serves it again).
package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/pflag"
	"go.etcd.io/etcd/server/v3/embed"

	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	genericapiserver "k8s.io/apiserver/pkg/server"
	utilfeature "k8s.io/apiserver/pkg/util/feature"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
	"k8s.io/component-base/featuregate"
	logsapi "k8s.io/component-base/logs/api/v1"
	_ "k8s.io/component-base/metrics/prometheus/clientgo"
	_ "k8s.io/component-base/metrics/prometheus/version"
	utilversion "k8s.io/component-base/version"
	"k8s.io/klog/v2"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
	"k8s.io/kubernetes/cmd/kube-apiserver/app/options"
)

const (
	readyPrefix = "SPK_APISERVER_READY "
	// ForbiddenToken authenticates as user "intruder", who has no RBAC bindings:
	// every request it makes is denied by the real RBAC authorizer.
	forbiddenToken = "forbidden-token"
	forbiddenUser  = "intruder"
	adminUser      = "spk-admin"
)

type config struct {
	dataDir          string
	port             int
	kubeconfig       string
	context          string
	clusterName      string
	readyTimeout     time.Duration
	exitOnStdinClose bool
	etcdLogLevel     string
	removeOnExit     string
	keepDataDir      bool
	extraArgs        []string
}

func main() {
	os.Exit(run())
}

func run() int {
	cfg := config{}
	fs := flag.NewFlagSet("spk-test-apiserver", flag.ContinueOnError)
	fs.StringVar(&cfg.dataDir, "data-dir", "", "directory for certificates, tokens and etcd data; created if missing and removed on exit (default: a new temp dir)")
	fs.IntVar(&cfg.port, "port", 0, "secure port on 127.0.0.1 (0: pick a free one)")
	fs.StringVar(&cfg.kubeconfig, "kubeconfig", "", "where to write the kubeconfig (default: DATA-DIR/kubeconfig)")
	fs.StringVar(&cfg.context, "context", "spk-test", "name of the admin context in the kubeconfig")
	fs.StringVar(&cfg.clusterName, "cluster-name", "spk-test-cluster", "name of the cluster in the kubeconfig")
	fs.DurationVar(&cfg.readyTimeout, "ready-timeout", 3*time.Minute, "give up if the server is not ready by then")
	fs.BoolVar(&cfg.exitOnStdinClose, "exit-on-stdin-close", false, "shut down when stdin reaches EOF (the parent process died or closed the pipe)")
	fs.StringVar(&cfg.etcdLogLevel, "etcd-log-level", "error", "etcd log level")
	fs.StringVar(&cfg.removeOnExit, "remove-on-exit", "", "another directory to remove on exit (e.g. the caller's temp folder holding the kubeconfig)")
	fs.BoolVar(&cfg.keepDataDir, "keep-data-dir", false, "keep the data directory on exit and start etcd on the data found in it (default: etcd starts empty, a data dir created here is removed)")
	if err := fs.Parse(os.Args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	cfg.extraArgs = fs.Args()

	// When the parent dies, our stdout/stderr pipes break. Go would then kill the process on its
	// next log line (SIGPIPE on fd 1/2) before it could stop etcd and remove its folders; with
	// SIGPIPE ignored the write just fails.
	signal.Ignore(syscall.SIGPIPE)

	// The first SIGTERM/SIGINT cancels ctx and kube-apiserver shuts down gracefully;
	// a second one exits at once (that is genericapiserver's behaviour).
	ctx := genericapiserver.SetupSignalContext()
	if cfg.exitOnStdinClose {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			_ = syscall.Kill(os.Getpid(), syscall.SIGTERM)
		}()
	}

	created := false
	if cfg.dataDir == "" {
		d, err := os.MkdirTemp("", "spk-apiserver-")
		if err != nil {
			return fail("create data dir: %v", err)
		}
		cfg.dataDir, created = d, true
	} else {
		if _, err := os.Stat(cfg.dataDir); errors.Is(err, os.ErrNotExist) {
			created = true
		}
		if err := os.MkdirAll(cfg.dataDir, 0o700); err != nil {
			return fail("create data dir: %v", err)
		}
	}
	if abs, err := filepath.Abs(cfg.dataDir); err == nil {
		cfg.dataDir = abs
	}
	if cfg.kubeconfig == "" {
		cfg.kubeconfig = filepath.Join(cfg.dataDir, "kubeconfig")
	}

	code := serve(ctx, cfg)
	var remove []string
	if created && !cfg.keepDataDir {
		remove = append(remove, cfg.dataDir)
	}
	if cfg.removeOnExit != "" {
		remove = append(remove, cfg.removeOnExit)
	}
	for _, dir := range remove {
		if err := os.RemoveAll(dir); err != nil {
			fmt.Fprintf(os.Stderr, "spk-test-apiserver: remove %s: %v\n", dir, err)
		}
	}
	fmt.Fprintf(os.Stderr, "spk-test-apiserver: stopped (exit %d)\n", code)
	return code
}

func fail(format string, args ...any) int {
	fmt.Fprintf(os.Stderr, "spk-test-apiserver: "+format+"\n", args...)
	return 1
}

func serve(ctx context.Context, cfg config) int {
	// Secure port: keep the listener open and hand it to kube-apiserver, so no other
	// process can take the port between choosing and binding it.
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(cfg.port)))
	if err != nil {
		return fail("listen on 127.0.0.1:%d: %v", cfg.port, err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	serverURL := "https://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(port))

	pki, err := writePKI(cfg.dataDir)
	if err != nil {
		ln.Close()
		return fail("certificates: %v", err)
	}
	adminToken, err := randomHex(24)
	if err != nil {
		ln.Close()
		return fail("token: %v", err)
	}
	tokenFile := filepath.Join(cfg.dataDir, "tokens.csv")
	// token,user,uid,"group1,group2"
	tokens := fmt.Sprintf("%s,%s,%s,\"system:masters\"\n%s,%s,%s\n",
		adminToken, adminUser, adminUser, forbiddenToken, forbiddenUser, forbiddenUser)
	if err := os.WriteFile(tokenFile, []byte(tokens), 0o600); err != nil {
		ln.Close()
		return fail("token file: %v", err)
	}

	etcd, etcdURL, err := startEtcd(cfg)
	if err != nil {
		ln.Close()
		return fail("etcd: %v", err)
	}
	defer etcd.Close()

	if err := writeKubeconfig(cfg, serverURL, pki.caPEM, adminToken); err != nil {
		ln.Close()
		return fail("kubeconfig: %v", err)
	}

	args := []string{
		"--etcd-servers=" + etcdURL,
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		"--secure-port=" + strconv.Itoa(port),
		"--cert-dir=" + filepath.Join(cfg.dataDir, "certs"),
		"--tls-cert-file=" + pki.serverCert,
		"--tls-private-key-file=" + pki.serverKey,
		"--token-auth-file=" + tokenFile,
		"--authorization-mode=RBAC",
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
		"--service-account-key-file=" + pki.saKey,
		"--service-account-signing-key-file=" + pki.saKey,
		"--service-cluster-ip-range=10.96.0.0/16",
		// The default reconciler would publish 127.0.0.1 as the endpoint of the
		// "kubernetes" service, which Endpoints validation rejects (loopback).
		"--endpoint-reconciler-type=none",
		"--profiling=false",
		"--enable-logs-handler=false",
	}
	args = append(args, cfg.extraArgs...)

	errCh := make(chan error, 1)
	go func() { errCh <- runAPIServer(ctx, ln, args) }()

	readyCtx, cancelReady := context.WithTimeout(ctx, cfg.readyTimeout)
	defer cancelReady()
	readyErr := make(chan error, 1)
	go func() { readyErr <- waitReady(readyCtx, serverURL, pki.caPEM, adminToken) }()

	select {
	case err := <-errCh:
		if err != nil {
			return fail("kube-apiserver: %v", err)
		}
		return fail("kube-apiserver exited before it was ready")
	case err := <-readyErr:
		if err != nil {
			if ctx.Err() != nil {
				// Stopped by a signal while starting.
				<-errCh
				return 0
			}
			fail("not ready: %v", err)
			_ = syscall.Kill(os.Getpid(), syscall.SIGTERM)
			<-errCh
			return 1
		}
	}

	ready, _ := json.Marshal(map[string]any{
		"url":              serverURL,
		"kubeconfig":       cfg.kubeconfig,
		"context":          cfg.context,
		"cluster":          cfg.clusterName,
		"forbiddenContext": cfg.context + "-forbidden",
		"dataDir":          cfg.dataDir,
		"pid":              os.Getpid(),
		"version":          utilversion.Get().GitVersion,
	})
	fmt.Fprintf(os.Stdout, "%s%s\n", readyPrefix, ready)

	if err := <-errCh; err != nil {
		return fail("kube-apiserver: %v", err)
	}
	return 0
}

// runAPIServer does what kube-apiserver's cobra command does (app.NewAPIServerCommand),
// except that the secure listener is ours.
func runAPIServer(ctx context.Context, ln net.Listener, args []string) error {
	_, featureGate := featuregate.DefaultComponentGlobalsRegistry.ComponentGlobalsOrRegister(
		featuregate.DefaultKubeComponent, utilversion.DefaultBuildEffectiveVersion(), utilfeature.DefaultMutableFeatureGate)
	s := options.NewServerRunOptions()
	fs := pflag.NewFlagSet("kube-apiserver", pflag.ContinueOnError)
	namedFlagSets := s.Flags()
	options.AddCustomGlobalFlags(namedFlagSets.FlagSet("generic"))
	for _, f := range namedFlagSets.FlagSets {
		fs.AddFlagSet(f)
	}
	if err := fs.Parse(args); err != nil {
		ln.Close()
		return err
	}
	s.SecureServing.Listener = ln
	s.SecureServing.BindPort = ln.Addr().(*net.TCPAddr).Port

	if err := featuregate.DefaultComponentGlobalsRegistry.Set(); err != nil {
		return err
	}
	// kube-apiserver's loopback clients should not log self-issued warnings.
	rest.SetDefaultWarningHandler(rest.NoWarnings{})
	if err := logsapi.ValidateAndApply(s.Logs, featureGate); err != nil {
		return err
	}
	completed, err := s.Complete(ctx)
	if err != nil {
		return err
	}
	if errs := completed.Validate(); len(errs) != 0 {
		return utilerrors.NewAggregate(errs)
	}
	featureGate.AddMetrics()
	defer klog.Flush()
	return app.Run(ctx, completed)
}

// waitReady polls /readyz, then waits for the "default" namespace, which the
// bootstrap controller creates shortly after the server starts serving.
func waitReady(ctx context.Context, serverURL string, caPEM []byte, token string) error {
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	client := &http.Client{
		Timeout:   5 * time.Second,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}},
	}
	get := func(path string) (int, string) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, serverURL+path, nil)
		if err != nil {
			return 0, err.Error()
		}
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := client.Do(req)
		if err != nil {
			return 0, err.Error()
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return resp.StatusCode, string(body)
	}
	last := ""
	for _, path := range []string{"/readyz", "/api/v1/namespaces/default"} {
		for {
			status, body := get(path)
			if status == http.StatusOK {
				break
			}
			last = fmt.Sprintf("GET %s: %d %s", path, status, strings.TrimSpace(body))
			select {
			case <-ctx.Done():
				return fmt.Errorf("%w (last: %s)", ctx.Err(), last)
			case <-time.After(100 * time.Millisecond):
			}
		}
	}
	return nil
}

func startEtcd(cfg config) (*embed.Etcd, string, error) {
	var lastErr error
	for attempt := 0; attempt < 5; attempt++ {
		ports, err := freePorts(2)
		if err != nil {
			return nil, "", err
		}
		clientURL := url.URL{Scheme: "http", Host: net.JoinHostPort("127.0.0.1", strconv.Itoa(ports[0]))}
		peerURL := url.URL{Scheme: "http", Host: net.JoinHostPort("127.0.0.1", strconv.Itoa(ports[1]))}
		ec := embed.NewConfig()
		ec.Name = "spk-test"
		ec.Dir = filepath.Join(cfg.dataDir, "etcd")
		ec.ListenClientUrls = []url.URL{clientURL}
		ec.AdvertiseClientUrls = []url.URL{clientURL}
		ec.ListenPeerUrls = []url.URL{peerURL}
		ec.AdvertisePeerUrls = []url.URL{peerURL}
		ec.InitialCluster = ec.InitialClusterFromName(ec.Name)
		ec.ClusterState = embed.ClusterStateFlagNew
		// A throw-away single-member store: skipping fsync makes writes much faster.
		ec.UnsafeNoFsync = !cfg.keepDataDir
		ec.LogLevel = cfg.etcdLogLevel
		ec.LogOutputs = []string{"stderr"}
		ec.ListenMetricsUrls = nil
		if !cfg.keepDataDir {
			_ = os.RemoveAll(ec.Dir)
		}

		e, err := embed.StartEtcd(ec)
		if err != nil {
			lastErr = err
			if strings.Contains(err.Error(), "address already in use") {
				continue
			}
			return nil, "", err
		}
		select {
		case <-e.Server.ReadyNotify():
			return e, clientURL.String(), nil
		case err := <-e.Err():
			e.Close()
			return nil, "", err
		case <-time.After(60 * time.Second):
			e.Close()
			return nil, "", errors.New("etcd took too long to start")
		}
	}
	return nil, "", lastErr
}

func freePorts(n int) ([]int, error) {
	var ports []int
	var lns []net.Listener
	defer func() {
		for _, l := range lns {
			l.Close()
		}
	}()
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		lns = append(lns, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

type pkiFiles struct {
	caPEM                 []byte
	serverCert, serverKey string
	saKey                 string
}

// writePKI makes a throw-away CA, a serving certificate for 127.0.0.1/localhost
// signed by it, and a service-account signing key.
func writePKI(dir string) (pkiFiles, error) {
	var out pkiFiles
	now := time.Now()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return out, err
	}
	caTmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "spk-test-ca"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(10 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return out, err
	}
	caCert, err := x509.ParseCertificate(caDER)
	if err != nil {
		return out, err
	}
	srvKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return out, err
	}
	srvTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2),
		Subject:      pkix.Name{CommonName: "kube-apiserver"},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(10 * 24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:     []string{"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc"},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("::1")},
	}
	srvDER, err := x509.CreateCertificate(rand.Reader, srvTmpl, caCert, &srvKey.PublicKey, caKey)
	if err != nil {
		return out, err
	}
	saKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return out, err
	}

	pemOf := func(typ string, der []byte) []byte { return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}) }
	ecPEM := func(k *ecdsa.PrivateKey) ([]byte, error) {
		der, err := x509.MarshalECPrivateKey(k)
		if err != nil {
			return nil, err
		}
		return pemOf("EC PRIVATE KEY", der), nil
	}
	out.caPEM = pemOf("CERTIFICATE", caDER)
	srvKeyPEM, err := ecPEM(srvKey)
	if err != nil {
		return out, err
	}
	saKeyPEM, err := ecPEM(saKey)
	if err != nil {
		return out, err
	}
	pkiDir := filepath.Join(dir, "pki")
	if err := os.MkdirAll(pkiDir, 0o700); err != nil {
		return out, err
	}
	out.serverCert = filepath.Join(pkiDir, "apiserver.crt")
	out.serverKey = filepath.Join(pkiDir, "apiserver.key")
	out.saKey = filepath.Join(pkiDir, "sa.key")
	files := map[string][]byte{
		filepath.Join(pkiDir, "ca.crt"): out.caPEM,
		out.serverCert:                  pemOf("CERTIFICATE", srvDER),
		out.serverKey:                   srvKeyPEM,
		out.saKey:                       saKeyPEM,
	}
	for path, data := range files {
		if err := os.WriteFile(path, data, 0o600); err != nil {
			return out, err
		}
	}
	return out, nil
}

func writeKubeconfig(cfg config, serverURL string, caPEM []byte, adminToken string) error {
	kc := clientcmdapi.NewConfig()
	kc.Clusters[cfg.clusterName] = &clientcmdapi.Cluster{Server: serverURL, CertificateAuthorityData: caPEM}
	kc.AuthInfos[adminUser] = &clientcmdapi.AuthInfo{Token: adminToken}
	kc.AuthInfos[forbiddenUser] = &clientcmdapi.AuthInfo{Token: forbiddenToken}
	kc.Contexts[cfg.context] = &clientcmdapi.Context{Cluster: cfg.clusterName, AuthInfo: adminUser, Namespace: "default"}
	kc.Contexts[cfg.context+"-forbidden"] = &clientcmdapi.Context{Cluster: cfg.clusterName, AuthInfo: forbiddenUser, Namespace: "default"}
	kc.CurrentContext = cfg.context
	if err := os.MkdirAll(filepath.Dir(cfg.kubeconfig), 0o700); err != nil {
		return err
	}
	tmp := cfg.kubeconfig + ".tmp"
	if err := clientcmd.WriteToFile(*kc, tmp); err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, cfg.kubeconfig)
}

func randomHex(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}
